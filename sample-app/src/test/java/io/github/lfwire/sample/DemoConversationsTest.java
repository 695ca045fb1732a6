package io.github.lfwire.sample;

import java.time.Duration;

import io.github.lfwire.langfuse.testing.FakeLangfuseServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "sample.demo.conversations=1", "sample.model.latency=0ms", "sample.retrieval.latency=0ms",
				"sample.demo.screenshot=false" })
@ExtendWith(OutputCaptureExtension.class)
class DemoConversationsTest {

	private static final FakeLangfuseServer server = FakeLangfuseServer.start();

	@DynamicPropertySource
	static void langfuse(DynamicPropertyRegistry registry) {
		registry.add("langfuse.host", server::baseUrl);
		registry.add("langfuse.public-key", () -> FakeLangfuseServer.PUBLIC_KEY);
		registry.add("langfuse.secret-key", () -> FakeLangfuseServer.SECRET_KEY);
	}

	@AfterAll
	static void stopServer() {
		server.close();
	}

	@Test
	void shouldPostTheScriptedTurnAtStartupFlushAndPrintTheStatus(CapturedOutput output) {
		assertThat(server.spans()).as("flushed before the application was ready").hasSize(40);
		assertThat(server.traces()).hasSize(1);
		assertThat(server.spans())
			.filteredOn((span) -> "generation".equals(span.attribute("langfuse.observation.type")))
			.hasSize(5)
			.allSatisfy((generation) -> assertThat(generation.attributes()).as("built from the fallback prompt")
				.doesNotContainKeys("langfuse.observation.prompt.name", "langfuse.observation.prompt.version"));
		assertThat(server.promptRequests()).isEqualTo(1);
		assertThat(server.awaitScores(1, Duration.ofSeconds(10))).hasSize(1);
		assertThat(output).contains("Q: How do I share a folder with my team?", "GET http://localhost:",
				"\"exported\" : 40", "\"capturesTruncated\" : 1", "Still serving on port");
		server.assertContractRespected();
	}

}
