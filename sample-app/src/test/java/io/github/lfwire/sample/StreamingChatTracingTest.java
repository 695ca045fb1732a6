package io.github.lfwire.sample;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.github.lfwire.langfuse.LangfuseClient;
import io.github.lfwire.langfuse.testing.FakeLangfuseServer;
import io.github.lfwire.langfuse.testing.ReceivedSpan;
import io.github.lfwire.sample.chat.ChatRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

import static io.github.lfwire.langfuse.testing.ReceivedSpans.ancestors;
import static io.github.lfwire.langfuse.testing.ReceivedSpans.byId;
import static io.github.lfwire.langfuse.testing.ReceivedSpans.named;
import static io.github.lfwire.langfuse.testing.ReceivedSpans.ofType;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code POST /chat/stream}: the streamed answer is one trace, the generation has its
 * completion start time, with no Reactor property set in the sample.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "sample.demo.conversations=0", "langfuse.export.flush-interval=100ms" })
class StreamingChatTracingTest {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private static final FakeLangfuseServer server = FakeLangfuseServer.start();

	@LocalServerPort
	private int port;

	@Autowired
	private LangfuseClient langfuse;

	@Autowired
	private Environment environment;

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
	void shouldTraceTheStreamedAnswerAsOneTraceWithCompletionStartTime() {
		assertThat(this.environment.getProperty("spring.reactor.context-propagation"))
			.as("no Reactor property in the sample")
			.isNull();
		this.langfuse.flush(WAIT);
		server.reset();
		Instant before = Instant.now();
		String body = RestClient.create("http://localhost:" + this.port)
			.post()
			.uri("/chat/stream")
			.accept(MediaType.TEXT_EVENT_STREAM)
			.body(new ChatRequest("ada", "session-stream", "How do I share a folder with my team?"))
			.retrieve()
			.body(String.class);
		assertThat(body).startsWith("data:");
		await().atMost(WAIT).untilAsserted(() -> {
			this.langfuse.flush(WAIT);
			assertThat(ofType(server.spans(), "generation")).hasSize(1);
			assertThat(server.spans()).hasSizeGreaterThanOrEqualTo(5);
		});
		List<ReceivedSpan> spans = server.spans();
		ReceivedSpan root = named(spans, "StreamingAnswers.stream");
		assertThat(root.isRoot()).isTrue();
		assertThat(spans).allSatisfy((span) -> {
			assertThat(span.traceId()).as(span.name()).isEqualTo(root.traceId());
			assertThat(span.attributes()).as(span.name())
				.containsEntry("user.id", "ada")
				.containsEntry("session.id", "session-stream");
		});
		ReceivedSpan generation = ofType(spans, "generation").get(0);
		Map<String, ReceivedSpan> byId = byId(spans);
		assertThat(ancestors(generation, byId)).contains(root, ofType(spans, "chain").get(0));
		Instant completionStart = Instant.parse(generation.attribute("langfuse.observation.completion_start_time"));
		assertThat(completionStart).isAfter(before);
		assertThat(generation.attribute("langfuse.observation.output")).isNotNull();
		server.assertContractRespected();
	}

}
