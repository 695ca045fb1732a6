package io.github.lfwire.langfuse;

import java.time.Duration;
import java.util.List;

import io.github.lfwire.langfuse.testing.FakeLangfuseServer;
import io.github.lfwire.langfuse.testing.ReceivedSpan;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs in its own Surefire execution under the OpenTelemetry Java agent, whose context
 * storage drops spans of other SDKs: nested observations still share their trace, the
 * application's agent spans are linked or joined, and the export requests are not
 * instrumented.
 */
@Tag("opentelemetry-javaagent")
class OpenTelemetryJavaAgentTest {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private final FakeLangfuseServer server = FakeLangfuseServer.start();

	private LangfuseClient client;

	@AfterEach
	void stop() {
		this.client.shutdown(WAIT);
		this.server.close();
	}

	@ParameterizedTest
	@EnumSource(ApplicationTrace.class)
	void shouldNestObservationsAndRelateToTheAgentsSpan(ApplicationTrace mode) {
		this.client = LangfuseClient
			.create(this.server.clientConfig().applicationTrace(mode).flushInterval(Duration.ofMillis(50)).build());
		Span http = GlobalOpenTelemetry.getTracer("app").spanBuilder("GET /chat").startSpan();
		assertThat(http.getClass().getName()).as("a span of the agent's SDK").contains("javaagent");
		String traceId;
		try (Scope ignored = http.makeCurrent(); Observation root = this.client.span("chat")) {
			traceId = root.traceId();
			try (Observation child = this.client.generation("answer")) {
				assertThat(child.traceId()).isEqualTo(traceId);
			}
		}
		finally {
			http.end();
		}
		assertThat(this.client.flush(WAIT).success()).isTrue();
		List<ReceivedSpan> spans = this.server.awaitSpans(2, WAIT);
		ReceivedSpan root = spans.stream().filter((span) -> span.name().equals("chat")).findFirst().orElseThrow();
		ReceivedSpan child = spans.stream().filter((span) -> span.name().equals("answer")).findFirst().orElseThrow();
		assertThat(child.traceId()).isEqualTo(root.traceId()).isEqualTo(traceId);
		assertThat(child.parentSpanId()).isEqualTo(root.spanId());
		String appTraceId = http.getSpanContext().getTraceId();
		switch (mode) {
			case LINK -> {
				assertThat(root.isRoot()).isTrue();
				assertThat(root.attribute("langfuse.trace.metadata.app_trace_id")).isEqualTo(appTraceId);
			}
			case JOIN -> {
				assertThat(root.traceId()).isEqualTo(appTraceId);
				assertThat(root.parentSpanId()).isEqualTo(http.getSpanContext().getSpanId());
				assertThat(root.attributes()).containsEntry("langfuse.internal.is_app_root", true);
			}
			case NONE -> {
				assertThat(root.isRoot()).isTrue();
				assertThat(root.traceId()).isNotEqualTo(appTraceId);
			}
		}
		assertThat(this.server.requests()).isNotEmpty()
			.allSatisfy((request) -> assertThat(request.header("traceparent"))
				.as("the agent instrumented an export request")
				.isNull());
		this.server.assertContractRespected();
	}

}
