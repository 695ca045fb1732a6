package io.github.lfwire.langfuse;

import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;

import io.github.lfwire.langfuse.config.LangfuseConfigException;
import io.github.lfwire.langfuse.testing.FakeLangfuseServer;
import io.github.lfwire.langfuse.testing.ReceivedSpan;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ApplicationTraceTest {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private static final String APP_TRACE_ID = "langfuse.trace.metadata.app_trace_id";

	private static final String APP_SPAN_ID = "langfuse.trace.metadata.app_span_id";

	private static final String IS_APP_ROOT = "langfuse.internal.is_app_root";

	private FakeLangfuseServer server;

	private LangfuseClient client;

	private SdkTracerProvider appTracing;

	@BeforeEach
	void start() {
		this.server = FakeLangfuseServer.start();
		this.appTracing = SdkTracerProvider.builder().build();
	}

	@AfterEach
	void stop() {
		if (this.client != null) {
			this.client.shutdown(Duration.ofSeconds(2));
		}
		this.appTracing.close();
		this.server.close();
	}

	private LangfuseClient client(UnaryOperator<LangfuseConfig.Builder> customizer) {
		LangfuseConfig.Builder builder = this.server.clientConfig()
			.flushInterval(Duration.ofMillis(50))
			.retryInitialBackoff(Duration.ofMillis(10))
			.retryMaxBackoff(Duration.ofMillis(50));
		this.client = LangfuseClient.create(customizer.apply(builder).build());
		return this.client;
	}

	private Span appSpan(String name) {
		return this.appTracing.get("app").spanBuilder(name).startSpan();
	}

	@Test
	void shouldLinkTheApplicationTraceByDefault() {
		LangfuseClient langfuse = client(UnaryOperator.identity());
		assertThat(langfuse.config().tracing().applicationTrace()).isEqualTo(ApplicationTrace.LINK);
		Span http = appSpan("GET /chat");
		String langfuseTraceId;
		try (Scope ignored = http.makeCurrent()) {
			try (Observation root = langfuse.span("chat")) {
				langfuseTraceId = root.traceId();
				try (Observation child = langfuse.generation("answer")) {
					child.model("m");
				}
			}
		}
		finally {
			http.end();
		}
		langfuse.flush(WAIT);
		List<ReceivedSpan> spans = this.server.awaitSpans(2, WAIT);
		SpanContext app = http.getSpanContext();
		assertThat(langfuseTraceId).isNotEqualTo(app.getTraceId());
		assertThat(spans).allSatisfy((span) -> {
			assertThat(span.traceId()).isEqualTo(langfuseTraceId);
			assertThat(span.attribute(APP_TRACE_ID)).isEqualTo(app.getTraceId());
			assertThat(span.attribute(APP_SPAN_ID)).isEqualTo(app.getSpanId());
			assertThat(span.attributes()).doesNotContainKey(IS_APP_ROOT);
		});
		assertThat(spans).filteredOn(ReceivedSpan::isRoot)
			.singleElement()
			.extracting(ReceivedSpan::name)
			.isEqualTo("chat");
		assertThat(((ReadableSpan) http).getAttribute(AttributeKey.stringKey("langfuse.trace.id")))
			.isEqualTo(langfuseTraceId);
		this.server.assertContractRespected();
	}

	@Test
	void shouldJoinTheApplicationTraceUnderItsSpanAndMarkTheAppRoot() {
		LangfuseClient langfuse = client((builder) -> builder.applicationTrace(ApplicationTrace.JOIN));
		Span http = appSpan("GET /chat");
		try (Scope ignored = http.makeCurrent()) {
			try (Observation root = langfuse.span("chat")) {
				assertThat(root.traceId()).isEqualTo(http.getSpanContext().getTraceId());
				Span db = appSpan("SELECT");
				try (Scope inner = db.makeCurrent()) {
					try (Observation child = langfuse.generation("answer")) {
						child.model("m");
					}
				}
				finally {
					db.end();
				}
			}
		}
		finally {
			http.end();
		}
		langfuse.flush(WAIT);
		List<ReceivedSpan> spans = this.server.awaitSpans(2, WAIT);
		ReceivedSpan root = spans.stream().filter((span) -> span.name().equals("chat")).findFirst().orElseThrow();
		ReceivedSpan child = spans.stream().filter((span) -> span.name().equals("answer")).findFirst().orElseThrow();
		assertThat(spans).hasSize(2).allSatisfy((span) -> {
			assertThat(span.traceId()).isEqualTo(http.getSpanContext().getTraceId());
			assertThat(span.attributes()).doesNotContainKeys(APP_TRACE_ID, APP_SPAN_ID);
		});
		assertThat(root.parentSpanId()).isEqualTo(http.getSpanContext().getSpanId());
		assertThat(root.attributes()).containsEntry(IS_APP_ROOT, true);
		assertThat(child.parentSpanId()).isEqualTo(root.spanId());
		assertThat(child.attributes()).doesNotContainKey(IS_APP_ROOT);
		assertThat(((ReadableSpan) http).getAttribute(AttributeKey.stringKey("langfuse.trace.id"))).isNull();
		this.server.assertContractRespected();
	}

	@Test
	void shouldPutAJoinedTraceIdInBaggageWhileItsObservationsAreCurrent() {
		LangfuseClient langfuse = client((builder) -> builder.applicationTrace(ApplicationTrace.JOIN));
		Span http = appSpan("GET /chat");
		try (Scope ignored = http.makeCurrent()) {
			try (Observation root = langfuse.span("chat")) {
				assertThat(Baggage.current().getEntryValue("langfuse_trace_id")).isEqualTo(root.traceId());
				try (Observation child = langfuse.span("step")) {
					assertThat(Baggage.current().getEntryValue("langfuse_trace_id")).isEqualTo(root.traceId());
				}
			}
			assertThat(Baggage.current().getEntryValue("langfuse_trace_id")).isNull();
		}
		finally {
			http.end();
		}
	}

	@Test
	void shouldNotMarkAnAppRootWhenBaggageShowsAnUpstreamServiceAlreadyJoinedThisTrace() {
		LangfuseClient langfuse = client((builder) -> builder.applicationTrace(ApplicationTrace.JOIN));
		Span http = appSpan("GET /downstream");
		Context propagated = Baggage.builder()
			.put("langfuse_trace_id", http.getSpanContext().getTraceId())
			.build()
			.storeInContext(Context.current().with(http));
		try (Scope ignored = propagated.makeCurrent(); Observation root = langfuse.span("downstream")) {
			assertThat(root.traceId()).isEqualTo(http.getSpanContext().getTraceId());
		}
		finally {
			http.end();
		}
		langfuse.flush(WAIT);
		ReceivedSpan root = this.server.awaitSpans(1, WAIT).get(0);
		assertThat(root.parentSpanId()).isEqualTo(http.getSpanContext().getSpanId());
		assertThat(root.attributes()).doesNotContainKey(IS_APP_ROOT);
	}

	@Test
	void shouldWriteNoBaggageWhenLinking() {
		LangfuseClient langfuse = client(UnaryOperator.identity());
		Span http = appSpan("GET /chat");
		try (Scope ignored = http.makeCurrent(); Observation root = langfuse.span("chat")) {
			assertThat(root.isRecording()).isTrue();
			assertThat(Baggage.current().getEntryValue("langfuse_trace_id")).isNull();
		}
		finally {
			http.end();
		}
	}

	@Test
	void shouldIgnoreTheApplicationTraceWhenSetToNone() {
		LangfuseClient langfuse = client((builder) -> builder.applicationTrace(ApplicationTrace.NONE));
		Span http = appSpan("GET /chat");
		try (Scope ignored = http.makeCurrent(); Observation root = langfuse.span("chat")) {
			assertThat(root.traceId()).isNotEqualTo(http.getSpanContext().getTraceId());
		}
		finally {
			http.end();
		}
		langfuse.flush(WAIT);
		ReceivedSpan root = this.server.awaitSpans(1, WAIT).get(0);
		assertThat(root.isRoot()).isTrue();
		assertThat(root.attributes()).doesNotContainKeys(APP_TRACE_ID, APP_SPAN_ID, IS_APP_ROOT);
		assertThat(((ReadableSpan) http).getAttribute(AttributeKey.stringKey("langfuse.trace.id"))).isNull();
	}

	@Test
	void shouldRecordNothingAboutTheApplicationWhenNoApplicationSpanIsCurrent() {
		LangfuseClient langfuse = client((builder) -> builder.applicationTrace(ApplicationTrace.JOIN));
		try (Observation root = langfuse.span("chat")) {
			root.input("x");
		}
		langfuse.flush(WAIT);
		ReceivedSpan root = this.server.awaitSpans(1, WAIT).get(0);
		assertThat(root.isRoot()).isTrue();
		assertThat(root.attributes()).doesNotContainKeys(APP_TRACE_ID, APP_SPAN_ID, IS_APP_ROOT);
	}

	@Test
	void shouldRecordAJoinedTraceAtFullRateEvenWhenTheApplicationSampledItsSpanOut() {
		LangfuseClient langfuse = client((builder) -> builder.applicationTrace(ApplicationTrace.JOIN));
		try (SdkTracerProvider sampledOutApp = SdkTracerProvider.builder().setSampler(Sampler.alwaysOff()).build()) {
			Span http = sampledOutApp.get("app").spanBuilder("GET /chat").startSpan();
			assertThat(http.getSpanContext().isValid()).isTrue();
			assertThat(http.isRecording()).isFalse();
			try (Scope ignored = http.makeCurrent(); Observation root = langfuse.span("chat")) {
				assertThat(root.isRecording()).isTrue();
			}
			langfuse.flush(WAIT);
			ReceivedSpan root = this.server.awaitSpans(1, WAIT).get(0);
			assertThat(root.traceId()).isEqualTo(http.getSpanContext().getTraceId());
			assertThat(root.parentSpanId()).isEqualTo(http.getSpanContext().getSpanId());
		}
	}

	@Test
	void shouldGiveEveryLangfuseRootOfOneJoinedApplicationTraceTheSameSamplingDecision() {
		LangfuseClient langfuse = client((builder) -> builder.applicationTrace(ApplicationTrace.JOIN).sampleRate(0.5));
		int recorded = 0;
		for (int i = 0; i < 200; i++) {
			Span http = appSpan("GET /chat");
			try (Scope ignored = http.makeCurrent()) {
				boolean first;
				try (Observation root = langfuse.span("first")) {
					first = root.isRecording();
				}
				try (Observation root = langfuse.span("second")) {
					assertThat(root.isRecording()).isEqualTo(first);
				}
				recorded += first ? 1 : 0;
			}
			finally {
				http.end();
			}
		}
		assertThat(recorded).isBetween(50, 150);
	}

	@Test
	void shouldNotMarkAnApplicationSpanWhoseLangfuseTraceWasSampledOut() {
		LangfuseClient langfuse = client((builder) -> builder.sampleRate(0.0));
		Span http = appSpan("GET /chat");
		try (Scope ignored = http.makeCurrent(); Observation root = langfuse.span("chat")) {
			assertThat(root.isRecording()).isFalse();
		}
		finally {
			http.end();
		}
		assertThat(((ReadableSpan) http).getAttribute(AttributeKey.stringKey("langfuse.trace.id"))).isNull();
	}

	@Test
	void shouldRefuseAMissingApplicationTraceMode() {
		assertThatExceptionOfType(LangfuseConfigException.class)
			.isThrownBy(() -> LangfuseConfig.builder().applicationTrace(null).build())
			.withMessageContaining("applicationTrace")
			.withMessageContaining("LINK");
	}

}
