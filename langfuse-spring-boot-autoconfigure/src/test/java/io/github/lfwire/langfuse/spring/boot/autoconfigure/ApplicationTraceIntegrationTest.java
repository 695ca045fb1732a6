package io.github.lfwire.langfuse.spring.boot.autoconfigure;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.lfwire.langfuse.LangfuseClient;
import io.github.lfwire.langfuse.observe.Observe;
import io.github.lfwire.langfuse.testing.FakeLangfuseServer;
import io.github.lfwire.langfuse.testing.ReceivedSpan;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import static io.github.lfwire.langfuse.testing.ReceivedSpans.named;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application traced by Spring Boot's OpenTelemetry starter (Micrometer Tracing
 * bridge) handles an HTTP request whose controller calls an {@code @Observe} bean; the
 * Langfuse trace links or joins the request's trace.
 */
@SpringBootTest(classes = ApplicationTraceIntegrationTest.App.class,
		webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "langfuse.export.flush-interval=50ms", "management.tracing.sampling.probability=1.0" })
class ApplicationTraceIntegrationTest {

	private static final Duration WAIT = Duration.ofSeconds(10);

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

	@Autowired
	private LangfuseClient client;

	@Autowired
	private AppSpans appSpans;

	@LocalServerPort
	private int port;

	@BeforeEach
	void reset() {
		this.client.flush(WAIT);
		server.reset();
		this.appSpans.clear();
	}

	private List<ReceivedSpan> chat() throws Exception {
		return chat("answer", "lookup");
	}

	/**
	 * Sends a request and waits until the HTTP server span has ended and the named spans
	 * have arrived.
	 */
	private List<ReceivedSpan> chat(String... names) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/chat?question=why"))
			.POST(HttpRequest.BodyPublishers.noBody())
			.build();
		HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		httpServerSpan();
		List<ReceivedSpan> spans = server.awaitSpans(names.length, WAIT);
		assertThat(this.client.flush(WAIT).success()).isTrue();
		assertThat(spans).extracting(ReceivedSpan::name).containsExactlyInAnyOrder(names);
		return spans;
	}

	private ReadableSpan httpServerSpan() {
		return this.appSpans.awaitServerSpan();
	}

	@Test
	void shouldLinkTheRequestTraceByDefault() throws Exception {
		List<ReceivedSpan> spans = chat();
		ReadableSpan http = httpServerSpan();
		ReceivedSpan root = named(spans, "answer");
		ReceivedSpan child = named(spans, "lookup");
		assertThat(root.isRoot()).isTrue();
		assertThat(root.traceId()).isNotEqualTo(http.getSpanContext().getTraceId());
		assertThat(child.parentSpanId()).isEqualTo(root.spanId());
		assertThat(spans).allSatisfy((span) -> {
			assertThat(span.attribute("langfuse.trace.metadata.app_trace_id"))
				.isEqualTo(http.getSpanContext().getTraceId());
			assertThat(span.attribute("langfuse.trace.metadata.app_span_id"))
				.isEqualTo(http.getSpanContext().getSpanId());
			assertThat(span.attributes()).doesNotContainKey("langfuse.internal.is_app_root");
		});
		assertThat(http.getAttribute(AttributeKey.stringKey("langfuse.trace.id"))).isEqualTo(root.traceId());
		assertOnlyLangfuseObservationsWereSent(http);
		server.assertContractRespected();
	}

	private static void assertOnlyLangfuseObservationsWereSent(ReadableSpan http) {
		assertThat(server.spans()).hasSize(2)
			.allSatisfy((span) -> assertThat(span.attributes()).containsKey("langfuse.observation.type"))
			.noneMatch((span) -> span.spanId().equals(http.getSpanContext().getSpanId()));
	}

	@Nested
	@TestPropertySource(properties = "langfuse.tracing.application-trace=join")
	class Join {

		@Test
		void shouldJoinTheRequestTraceWithTheHttpServerSpanAsItsRoot() throws Exception {
			List<ReceivedSpan> spans = chat("answer", "lookup", "http post /chat");
			ReadableSpan http = httpServerSpan();
			ReceivedSpan request = named(spans, "http post /chat");
			ReceivedSpan root = named(spans, "answer");
			ReceivedSpan child = named(spans, "lookup");
			assertThat(spans).allSatisfy((span) -> {
				assertThat(span.traceId()).isEqualTo(http.getSpanContext().getTraceId());
				assertThat(span.attributes()).doesNotContainKeys("langfuse.trace.metadata.app_trace_id",
						"langfuse.trace.metadata.app_span_id");
			});
			assertThat(request.spanId()).isEqualTo(http.getSpanContext().getSpanId());
			assertThat(request.isRoot()).isTrue();
			assertThat(root.parentSpanId()).isEqualTo(http.getSpanContext().getSpanId());
			assertThat(root.isAppRoot()).isFalse();
			assertThat(child.parentSpanId()).isEqualTo(root.spanId());
			assertThat(child.attributes()).doesNotContainKey("langfuse.internal.is_app_root");
			assertThat(ApplicationTraceIntegrationTest.this.client.stats().applicationSpans().ancestorsKept())
				.isEqualTo(1);
			server.assertContractRespected();
		}

	}

	@Nested
	@TestPropertySource(
			properties = { "langfuse.tracing.application-trace=join", "langfuse.tracing.application-spans=none" })
	class JoinWithoutApplicationSpans {

		@Test
		void shouldJoinTheRequestTraceUnderTheHttpServerSpan() throws Exception {
			List<ReceivedSpan> spans = chat();
			ReadableSpan http = httpServerSpan();
			ReceivedSpan root = named(spans, "answer");
			ReceivedSpan child = named(spans, "lookup");
			assertThat(spans).allSatisfy((span) -> {
				assertThat(span.traceId()).isEqualTo(http.getSpanContext().getTraceId());
				assertThat(span.attributes()).doesNotContainKeys("langfuse.trace.metadata.app_trace_id",
						"langfuse.trace.metadata.app_span_id");
			});
			assertThat(root.parentSpanId()).isEqualTo(http.getSpanContext().getSpanId());
			assertThat(root.attributes()).containsEntry("langfuse.internal.is_app_root", true);
			assertThat(child.parentSpanId()).isEqualTo(root.spanId());
			assertThat(child.attributes()).doesNotContainKey("langfuse.internal.is_app_root");
			assertOnlyLangfuseObservationsWereSent(http);
			server.assertContractRespected();
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class App {

		@Bean
		AppSpans appSpans() {
			return new AppSpans();
		}

		@Bean
		ChatController chatController(Assistant assistant) {
			return new ChatController(assistant);
		}

		@Bean
		Assistant assistant(Knowledge knowledge) {
			return new Assistant(knowledge);
		}

		@Bean
		Knowledge knowledge() {
			return new Knowledge();
		}

	}

	@RestController
	static class ChatController {

		private final Assistant assistant;

		ChatController(Assistant assistant) {
			this.assistant = assistant;
		}

		@PostMapping("/chat")
		String chat(@RequestParam String question) {
			return this.assistant.answer(question);
		}

	}

	static class Assistant {

		private final Knowledge knowledge;

		Assistant(Knowledge knowledge) {
			this.knowledge = knowledge;
		}

		@Observe(name = "answer")
		public String answer(String question) {
			return "because " + this.knowledge.lookup(question);
		}

	}

	static class Knowledge {

		@Observe(name = "lookup")
		public String lookup(String question) {
			return question.length() + " reasons";
		}

	}

	/** Collects the spans the application's own OpenTelemetry SDK ends. */
	static class AppSpans implements SpanProcessor {

		private final List<ReadableSpan> ended = new CopyOnWriteArrayList<>();

		@Override
		public void onStart(Context parentContext, ReadWriteSpan span) {
		}

		@Override
		public boolean isStartRequired() {
			return false;
		}

		@Override
		public void onEnd(ReadableSpan span) {
			this.ended.add(span);
		}

		@Override
		public boolean isEndRequired() {
			return true;
		}

		void clear() {
			this.ended.clear();
		}

		ReadableSpan awaitServerSpan() {
			org.awaitility.Awaitility.await()
				.atMost(WAIT)
				.until(() -> this.ended.stream().anyMatch((span) -> span.getKind() == SpanKind.SERVER));
			return this.ended.stream().filter((span) -> span.getKind() == SpanKind.SERVER).findFirst().orElseThrow();
		}

	}

}
