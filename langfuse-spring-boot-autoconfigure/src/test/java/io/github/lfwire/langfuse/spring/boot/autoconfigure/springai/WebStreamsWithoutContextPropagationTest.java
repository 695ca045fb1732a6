package io.github.lfwire.langfuse.spring.boot.autoconfigure.springai;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.github.lfwire.langfuse.LangfuseClient;
import io.github.lfwire.langfuse.TraceAttributes;
import io.github.lfwire.langfuse.Observation;
import io.github.lfwire.langfuse.observe.Observe;
import io.github.lfwire.langfuse.spring.boot.autoconfigure.llm.AutomaticContextPropagationOff;
import io.github.lfwire.langfuse.test.FakeOpenAiServer;
import io.github.lfwire.langfuse.testing.FakeLangfuseServer;
import io.github.lfwire.langfuse.testing.ReceivedSpan;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Hooks;

import org.springframework.ai.chat.client.ChatClient;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import static io.github.lfwire.langfuse.testing.ReceivedSpans.named;
import static io.github.lfwire.langfuse.testing.ReceivedSpans.ofType;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A WebFlux and a Spring MVC controller return {@code ChatClient.stream()} from an
 * {@code @Observe} method, with no {@code spring.reactor.context-propagation} set: the
 * request is one trace with the user and session ids, and the generation has its
 * completion start time.
 */
@ExtendWith(AutomaticContextPropagationOff.class)
class WebStreamsWithoutContextPropagationTest {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private static final FakeLangfuseServer langfuse = FakeLangfuseServer.start();

	private static final FakeOpenAiServer openAi = FakeOpenAiServer.start();

	@AfterAll
	static void stopServers() {
		langfuse.close();
		openAi.close();
	}

	@BeforeEach
	void reset() {
		langfuse.reset();
		openAi.reset();
	}

	@ParameterizedTest
	@EnumSource(value = WebApplicationType.class, names = { "REACTIVE", "SERVLET" })
	void shouldTraceAStreamedAnswerAsOneTrace(WebApplicationType type) throws Exception {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(App.class).web(type)
			.run("--server.port=0", "--langfuse.host=" + langfuse.baseUrl(),
					"--langfuse.public-key=" + FakeLangfuseServer.PUBLIC_KEY,
					"--langfuse.secret-key=" + FakeLangfuseServer.SECRET_KEY, "--spring.ai.model.chat=openai",
					"--spring.ai.openai.api-key=sk-test", "--spring.ai.openai.base-url=" + openAi.baseUrl(),
					"--spring.ai.openai.chat.model=gpt-test-mini", "--spring.ai.openai.chat.max-retries=0")) {
			assertThat(Hooks.isAutomaticContextPropagationEnabled()).isFalse();
			openAi.firstChunkDelay(Duration.ofMillis(100));
			String port = context.getEnvironment().getProperty("local.server.port");
			HttpResponse<String> response = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/answer?q=over+http")).build(),
						HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.body()).contains("echo:");
			LangfuseClient client = context.getBean(LangfuseClient.class);
			await().atMost(WAIT).untilAsserted(() -> {
				client.flush(WAIT);
				assertThat(ofType(langfuse.spans(), "generation")).isNotEmpty();
				assertThat(langfuse.spans()).hasSizeGreaterThanOrEqualTo(5);
			});
			List<ReceivedSpan> spans = langfuse.spans();
			ReceivedSpan root = named(spans, "Answers.answer");
			assertThat(spans)
				.allSatisfy((span) -> assertThat(span.traceId()).as(span.name()).isEqualTo(root.traceId()));
			ReceivedSpan generation = ofType(spans, "generation").get(0);
			assertThat(generation.attribute("user.id")).isEqualTo("user-7");
			assertThat(generation.attribute("session.id")).isEqualTo("session-7");
			assertThat(root.attribute("user.id")).isEqualTo("user-7");
			Instant completionStart = Instant.parse(generation.attribute("langfuse.observation.completion_start_time"));
			assertThat(completionStart).isAfterOrEqualTo(openAi.firstChunksSent().get(0));
		}
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(Answers.class)
	static class App {

	}

	@RestController
	static class Answers {

		private final ChatClient chatClient;

		Answers(ChatClient.Builder chatClient) {
			this.chatClient = chatClient.build();
		}

		@Observe
		@GetMapping(path = "/answer", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
		public Flux<String> answer(@RequestParam String q) {
			TraceAttributes trace = Observation.current().trace();
			trace.userId("user-7").sessionId("session-7");
			return this.chatClient.prompt().user(q).stream().content();
		}

	}

}
