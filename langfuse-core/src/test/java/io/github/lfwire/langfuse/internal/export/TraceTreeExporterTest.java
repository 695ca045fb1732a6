package io.github.lfwire.langfuse.internal.export;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.github.lfwire.langfuse.LangfuseClient;
import io.github.lfwire.langfuse.Observation;
import io.github.lfwire.langfuse.testing.FakeLangfuseServer;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class TraceTreeExporterTest {

	@Test
	void shouldEndTheTreesHeaderWithTheTraceUrlOnceItIsKnown() {
		List<SpanData> trace = twoSpanTrace();
		String traceId = trace.get(0).getTraceId();
		ByteArrayOutputStream printed = new ByteArrayOutputStream();
		Map<String, String> known = Map.of(traceId, "https://cloud.langfuse.com/project/p-1/traces/" + traceId);
		TraceTreeExporter exporter = new TraceTreeExporter(new PrintStream(printed, true, StandardCharsets.UTF_8),
				(id) -> Optional.ofNullable(known.get(id)));
		assertThat(exporter.export(trace).isSuccess()).isTrue();
		exporter.export(twoSpanTrace());
		String[] lines = printed.toString(StandardCharsets.UTF_8).split("\n");
		assertThat(lines[0]).isEqualTo("Langfuse trace " + traceId
				+ " (2 observations) https://cloud.langfuse.com/project/p-1/traces/" + traceId);
		assertThat(lines[1]).startsWith("  turn [span] ");
		assertThat(lines[2]).startsWith("    └─ step [span] ");
		assertThat(lines[3]).startsWith("Langfuse trace ").endsWith("(2 observations)");
	}

	@Test
	void shouldAddTheTreesAsADestinationBesidesLangfuseWhenKeysAreSet() {
		try (FakeLangfuseServer server = FakeLangfuseServer.start()) {
			LangfuseClient client = LangfuseClient.create(server.clientConfig().consoleExport(true).build());
			try (Observation root = client.span("turn")) {
				client.span("step").close();
			}
			assertThat(client.flush(Duration.ofSeconds(5)).success()).isTrue();
			assertThat(server.awaitSpans(2, Duration.ofSeconds(5))).hasSize(2);
			assertThat(client.stats().destinations()).containsKey("TraceTreeExporter");
			await().atMost(Duration.ofSeconds(5))
				.untilAsserted(() -> assertThat(client.stats().destinations().get("TraceTreeExporter").exported())
					.isEqualTo(2));
			client.shutdown(Duration.ofSeconds(2));
		}
	}

	private static List<SpanData> twoSpanTrace() {
		InMemorySpanExporter memory = InMemorySpanExporter.create();
		try (SdkTracerProvider provider = SdkTracerProvider.builder()
			.addSpanProcessor(SimpleSpanProcessor.create(memory))
			.build()) {
			Tracer tracer = provider.get("test");
			Span root = tracer.spanBuilder("turn").startSpan();
			try (Scope ignored = root.makeCurrent()) {
				tracer.spanBuilder("step").startSpan().end();
			}
			root.end();
			return memory.getFinishedSpanItems();
		}
	}

}
