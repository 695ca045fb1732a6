package io.github.lfwire.langfuse;

import java.time.Duration;
import java.util.Map;

import io.github.lfwire.langfuse.testing.FakeLangfuseServer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReadmeExampleTest {

	@Test
	void shouldSendTheReadmeTraceWithGenerationAndScore() {
		try (FakeLangfuseServer server = FakeLangfuseServer.start()) {
			Map<String, String> env = Map.of("LANGFUSE_PUBLIC_KEY", FakeLangfuseServer.PUBLIC_KEY,
					"LANGFUSE_SECRET_KEY", FakeLangfuseServer.SECRET_KEY, "LANGFUSE_BASE_URL", server.baseUrl());

			try (LangfuseClient langfuse = LangfuseClient.create(LangfuseConfig.fromEnvironment(env).build())) {
				try (Observation chat = langfuse.span("chat")) {
					chat.trace().userId("user-1").sessionId("session-1");
					chat.input(Map.of("question", "What is Langfuse?"));
					try (Observation answer = langfuse.generation("answer")) {
						answer.model("gpt-4o").usage(12, 40).output("An LLM engineering platform.");
						answer.score(Score.numeric("relevance", 0.9));
					}
				}
			}

			assertThat(server.awaitSpans(2, Duration.ofSeconds(5))).hasSize(2);
			assertThat(server.awaitScores(1, Duration.ofSeconds(5))).hasSize(1);
			server.assertContractRespected();
		}
	}

}
