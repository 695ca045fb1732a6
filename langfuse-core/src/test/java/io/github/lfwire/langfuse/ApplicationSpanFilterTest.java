package io.github.lfwire.langfuse;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

import io.github.lfwire.langfuse.export.DropReason;
import io.github.lfwire.langfuse.testing.FakeLangfuseServer;
import io.github.lfwire.langfuse.testing.ReceivedSpan;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Join mode with the client's processor in the application's OpenTelemetry SDK: which
 * application spans reach the server, and that no received span points to a parent that
 * was not received.
 */
class ApplicationSpanFilterTest {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private FakeLangfuseServer server;

	private LangfuseClient client;

	private SdkTracerProvider appTracing;

	private Tracer app;

	@BeforeEach
	void start() {
		this.server = FakeLangfuseServer.start();
	}

	@AfterEach
	void stop() {
		if (this.appTracing != null) {
			this.appTracing.close();
		}
		if (this.client != null) {
			this.client.shutdown(Duration.ofSeconds(2));
		}
		this.server.close();
	}

	private LangfuseClient client(UnaryOperator<LangfuseConfig.Builder> customizer) {
		LangfuseConfig.Builder builder = this.server.clientConfig()
			.applicationTrace(ApplicationTrace.JOIN)
			.flushInterval(Duration.ofMillis(50))
			.retryInitialBackoff(Duration.ofMillis(10))
			.retryMaxBackoff(Duration.ofMillis(50));
		this.client = LangfuseClient.create(customizer.apply(builder).build());
		this.appTracing = SdkTracerProvider.builder().addSpanProcessor(this.client.applicationSpanProcessor()).build();
		this.app = this.appTracing.get("app");
		return this.client;
	}

	private Span span(String name) {
		return this.app.spanBuilder(name).startSpan();
	}

	private void ended(String name) {
		span(name).end();
	}

	private Map<String, ReceivedSpan> received(int count) {
		this.client.flush(WAIT);
		List<ReceivedSpan> spans = this.server.awaitSpans(count, WAIT);
		assertThat(spans).hasSize(count);
		return spans.stream().collect(Collectors.toMap(ReceivedSpan::name, (span) -> span));
	}

	@Test
	void shouldDropTheApplicationSpansOfATraceWhoseJoinedRootWasRefused() {
		LangfuseClient langfuse = client((config) -> config.maxQueueSize(10)
			.flushAt(10)
			.flushInterval(Duration.ofSeconds(30))
			.highWaterMark(0.5));
		try (Observation fill = langfuse.span("fill")) {
			for (int i = 0; i < 6; i++) {
				langfuse.span("step-" + i).close();
			}
		}
		assertThat(langfuse.stats().spans().queueSize()).isEqualTo(7);
		Span http = span("GET /chat");
		try (Scope ignored = http.makeCurrent()) {
			try (Observation refused = langfuse.span("chat")) {
				assertThat(refused.isRecording()).isFalse();
			}
			this.app.spanBuilder("chat gpt-4o").setAttribute("gen_ai.request.model", "gpt-4o").startSpan().end();
		}
		finally {
			http.end();
		}
		assertThat(langfuse.stats().spans().queueSize()).as("no span of the refused trace queued").isEqualTo(7);
		assertThat(langfuse.stats().spans().dropped().get(DropReason.TRACE_REFUSED))
			.as("the refused root, the kept application span and its ancestor")
			.isEqualTo(3);
	}

	@Test
	void shouldKeepLangfuseAndLlmSpansWithTheirAncestorsAndDropTheRest() {
		LangfuseClient langfuse = client(UnaryOperator.identity());
		Span http = span("GET /chat");
		try (Scope ignored = http.makeCurrent()) {
			ended("SELECT users");
			Span handler = span("handle chat");
			try (Scope inHandler = handler.makeCurrent()) {
				try (Observation root = langfuse.span("chat")) {
					try (Observation generation = langfuse.generation("answer")) {
						generation.model("m");
					}
				}
			}
			finally {
				handler.end();
			}
			Span tool = span("tool call");
			try (Scope inTool = tool.makeCurrent()) {
				this.app.spanBuilder("chat gpt-4o").setAttribute("gen_ai.request.model", "gpt-4o").startSpan().end();
				ended("cache lookup");
			}
			finally {
				tool.end();
			}
		}
		finally {
			http.end();
		}
		Map<String, ReceivedSpan> spans = received(6);
		assertThat(spans).containsOnlyKeys("GET /chat", "handle chat", "chat", "answer", "tool call", "chat gpt-4o");
		assertThat(spans.get("GET /chat").isRoot()).isTrue();
		assertThat(spans.get("chat").parentSpanId()).isEqualTo(spans.get("handle chat").spanId());
		assertThat(spans.get("chat").isAppRoot()).isFalse();
		assertThat(spans.get("chat gpt-4o").parentSpanId()).isEqualTo(spans.get("tool call").spanId());
		this.server.assertContractRespected();
		assertThat(langfuse.stats().applicationSpans())
			.isEqualTo(new ApplicationSpanStats(1, 3, 2, 0, 0, 0, TracingSettings.DEFAULT_APPLICATION_SPAN_CAPACITY));
	}

	@Test
	void shouldKeepLlmScopesAndTheirDottedChildrenOnly() {
		try (SdkTracerProvider provider = SdkTracerProvider.builder().build()) {
			assertThat(keptByDefault(provider, "org.springframework.ai")).isTrue();
			assertThat(keptByDefault(provider, "dev.langchain4j.model.openai")).isTrue();
			assertThat(keptByDefault(provider, "langfuse-sdk-java")).isTrue();
			assertThat(keptByDefault(provider, "org.springframework.aiplatform")).isFalse();
			assertThat(keptByDefault(provider, "io.opentelemetry.jdbc")).isFalse();
		}
	}

	private static boolean keptByDefault(SdkTracerProvider provider, String scope) {
		Span span = provider.get(scope).spanBuilder("work").setAttribute("db.system", "h2").startSpan();
		span.end();
		return SpanFilter.LLM.keep((io.opentelemetry.sdk.trace.ReadableSpan) span);
	}

	@Test
	void shouldKeepAnAncestorThatEndedBeforeItsKeptDescendant() {
		client(UnaryOperator.identity());
		Span http = span("POST /async");
		Span worker;
		try (Scope ignored = http.makeCurrent()) {
			Span submit = span("submit");
			try (Scope inSubmit = submit.makeCurrent()) {
				worker = this.app.spanBuilder("embed").setAttribute("gen_ai.operation.name", "embeddings").startSpan();
			}
			submit.end();
			worker.end();
		}
		finally {
			http.end();
		}
		Map<String, ReceivedSpan> spans = received(3);
		assertThat(spans).containsOnlyKeys("POST /async", "submit", "embed");
		this.server.assertContractRespected();
		assertThat(this.client.stats().applicationSpans().ancestorsKept()).isEqualTo(2);
	}

	@Test
	void shouldUseACustomFilterInsteadOfTheDefault() {
		client((builder) -> builder.spanFilter((span) -> span.getName().startsWith("keep")));
		Span http = span("GET /custom");
		try (Scope ignored = http.makeCurrent()) {
			ended("keep me");
			this.app.spanBuilder("chat").setAttribute("gen_ai.request.model", "m").startSpan().end();
		}
		finally {
			http.end();
		}
		Map<String, ReceivedSpan> spans = received(2);
		assertThat(spans).containsOnlyKeys("GET /custom", "keep me");
		this.server.assertContractRespected();
		assertThat(this.client.stats().applicationSpans().filtered()).isEqualTo(1);
	}

	@Test
	void shouldMarkAForwardedLocalRootUnderARemoteParentAsTheAppRoot() {
		client((builder) -> builder.applicationSpans(ApplicationSpans.ALL));
		Span upstream = Span
			.wrap(io.opentelemetry.api.trace.SpanContext.createFromRemoteParent("0af7651916cd43dd8448eb211c80319c",
					"b7ad6b7169203331", io.opentelemetry.api.trace.TraceFlags.getSampled(),
					io.opentelemetry.api.trace.TraceState.getDefault()));
		Span consumer = this.app.spanBuilder("consume")
			.setParent(io.opentelemetry.context.Context.root().with(upstream))
			.startSpan();
		try (Scope ignored = consumer.makeCurrent()) {
			ended("store");
		}
		finally {
			consumer.end();
		}
		Map<String, ReceivedSpan> spans = received(2);
		assertThat(spans.get("consume").isAppRoot()).isTrue();
		assertThat(spans.get("store").attributes()).doesNotContainKey("langfuse.internal.is_app_root");
		this.server.assertContractRespected();
	}

	@Test
	void shouldCountAnAncestorForgottenAtTheCapacity() {
		client((builder) -> builder.applicationSpanCapacity(1));
		Span first = span("GET /first");
		try (Scope ignored = first.makeCurrent()) {
			Span parent = span("parent");
			try (Scope inParent = parent.makeCurrent()) {
				this.app.spanBuilder("llm").setAttribute("gen_ai.system", "openai").startSpan().end();
				Span second = this.app.spanBuilder("GET /second").setNoParent().startSpan();
				try (Scope inSecond = second.makeCurrent()) {
					ended("unrelated");
				}
				finally {
					second.end();
				}
			}
			finally {
				parent.end();
			}
		}
		finally {
			first.end();
		}
		Map<String, ReceivedSpan> spans = received(1);
		assertThat(spans).containsOnlyKeys("llm");
		assertThat(this.server.parentLinkViolations()).isNotEmpty();
		ApplicationSpanStats stats = this.client.stats().applicationSpans();
		assertThat(stats.ancestorsLost()).isEqualTo(1);
		assertThat(stats.tracesForgotten()).isEqualTo(1);
		assertThat(stats.held()).isZero();
	}

	@Test
	void shouldLeaveTheAppRootMarkWhenNoApplicationSpansAreForwarded() {
		LangfuseClient langfuse = client((builder) -> builder.applicationSpans(ApplicationSpans.NONE));
		assertThat(langfuse.applicationSpanProcessor()).isEqualTo(SpanProcessor.composite());
		Span http = span("GET /none");
		try (Scope ignored = http.makeCurrent()) {
			try (Observation root = langfuse.span("chat")) {
				root.output("ok");
			}
		}
		finally {
			http.end();
		}
		Map<String, ReceivedSpan> spans = received(1);
		assertThat(spans.get("chat").isAppRoot()).isTrue();
		assertThat(langfuse.stats().describe()).noneMatch((group) -> group.name().equals("applicationSpans"));
		this.server.assertContractRespected();
	}

}
