package io.github.lfwire.langfuse.internal.export;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPInputStream;

import io.github.lfwire.langfuse.export.ExportCompression;
import io.github.lfwire.langfuse.internal.HttpOutcome;
import io.github.lfwire.langfuse.internal.LangfuseHttp;
import io.github.lfwire.langfuse.testing.FakeLangfuseServer;
import io.github.lfwire.langfuse.testing.ReceivedSpan;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.exporter.internal.otlp.traces.TraceRequestMarshaler;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatRuntimeException;

class OtlpSpanEncoderTest {

	private final OtlpSpanEncoder encoder = OtlpSpanEncoder.gzip(OtlpSpanEncoder.DEFAULT_LEVEL);

	@Test
	void shouldEncodeWhatOpenTelemetryMarshalerEncodesForConsecutiveBatches() throws IOException {
		for (List<SpanData> batch : List.of(traces("first", 1, 1), traces("second", 120, 5), traces("third", 2, 3),
				traces("fourth", 1, 1))) {
			byte[] body = this.encoder.encode(batch);
			assertThat(gunzip(body)).isEqualTo(marshal(batch));
			assertThat(ExportTraceServiceRequest.parseFrom(gunzip(body))
				.getResourceSpans(0)
				.getScopeSpans(0)
				.getSpansCount()).isEqualTo(batch.size());
		}
	}

	@Test
	void shouldEncodeNextBatchAfterAnEncodeFailure() throws IOException {
		List<SpanData> broken = new ArrayList<>(traces("broken", 50, 5));
		broken.add(failingAttributes(broken.get(0)));
		assertThatRuntimeException().isThrownBy(() -> this.encoder.encode(broken))
			.withMessage("attributes unavailable");
		List<SpanData> next = traces("next", 3, 5);
		assertThat(gunzip(this.encoder.encode(next))).isEqualTo(marshal(next));
	}

	@Test
	void shouldKeepNoLargeOutputBufferAfterALargeBatch() throws IOException {
		List<SpanData> large = traces("large", 4, 1, randomHex(600_000));
		byte[] body = this.encoder.encode(large);
		assertThat(body.length).isGreaterThan(OtlpSpanEncoder.RETAINED_OUTPUT_BYTES);
		assertThat(gunzip(body)).isEqualTo(marshal(large));
		assertThat(this.encoder.retainedOutputBytes()).isLessThanOrEqualTo(OtlpSpanEncoder.RETAINED_OUTPUT_BYTES);
		List<SpanData> small = traces("small", 1, 2);
		assertThat(gunzip(this.encoder.encode(small))).isEqualTo(marshal(small));
	}

	@Test
	void shouldCompressAtEveryLevel() throws IOException {
		List<SpanData> batch = traces("levels", 20, 5);
		for (int level = 0; level <= 9; level++) {
			assertThat(gunzip(OtlpSpanEncoder.gzip(level).encode(batch))).isEqualTo(marshal(batch));
		}
	}

	@Test
	void shouldEncodeUncompressedBodiesAsTheMarshalerWritesThemForConsecutiveBatches() throws IOException {
		OtlpSpanEncoder uncompressed = OtlpSpanEncoder.of(ExportCompression.NONE);
		for (List<SpanData> batch : List.of(traces("first", 1, 1), traces("large", 4, 1, randomHex(600_000)),
				traces("small", 2, 3))) {
			assertThat(uncompressed.encode(batch)).isEqualTo(marshal(batch));
		}
		assertThat(uncompressed.retainedOutputBytes()).isLessThanOrEqualTo(OtlpSpanEncoder.RETAINED_OUTPUT_BYTES);
	}

	@Test
	void shouldRejectCompressionLevelOutsideZeroToNine() {
		assertThatIllegalArgumentException().isThrownBy(() -> OtlpSpanEncoder.gzip(10))
			.withMessage("The compression level must be between 0 and 9, not 10");
		assertThatIllegalArgumentException().isThrownBy(() -> OtlpSpanEncoder.gzip(-1));
	}

	@Test
	void shouldDeliverConsecutiveBatchesThatTheServerDecodesWhenSenderKeepsItsEncoder() throws Exception {
		try (FakeLangfuseServer server = FakeLangfuseServer.start()) {
			OtlpSpanSender sender = sender(server, ExportCompression.GZIP);
			List<SpanData> first = traces("first", 30, 5);
			List<SpanData> second = traces("second", 2, 3);
			assertThat(sender.send(sender.encode(first)).kind()).isEqualTo(HttpOutcome.SUCCESS);
			assertThatRuntimeException()
				.isThrownBy(() -> sender.encode(List.of(first.get(0), failingAttributes(first.get(1)))));
			assertThat(sender.send(sender.encode(second)).kind()).isEqualTo(HttpOutcome.SUCCESS);
			List<ReceivedSpan> received = server.awaitSpans(156, Duration.ofSeconds(5));
			assertThat(received).extracting(ReceivedSpan::spanId)
				.containsExactlyElementsOf(
						concat(first, second).stream().map((span) -> span.getSpanContext().getSpanId()).toList());
			assertThat(received).extracting(ReceivedSpan::name).contains("first-root", "first-step", "second-root");
			assertThat(server.requests()).filteredOn((request) -> request.path().endsWith("/otel/v1/traces"))
				.allSatisfy((request) -> assertThat(request.header("Content-Encoding")).isEqualTo("gzip"));
		}
	}

	@Test
	void shouldSendUncompressedBodiesWithoutContentEncodingWhenCompressionIsNone() throws Exception {
		try (FakeLangfuseServer server = FakeLangfuseServer.start()) {
			OtlpSpanSender sender = sender(server, ExportCompression.NONE);
			List<SpanData> batch = traces("plain", 3, 2);
			byte[] body = sender.encode(batch);
			assertThat(body).isEqualTo(marshal(batch));
			assertThat(sender.send(body).kind()).isEqualTo(HttpOutcome.SUCCESS);
			assertThat(server.awaitSpans(6, Duration.ofSeconds(5))).extracting(ReceivedSpan::name)
				.contains("plain-root", "plain-step");
			assertThat(server.requests()).filteredOn((request) -> request.path().endsWith("/otel/v1/traces"))
				.singleElement()
				.satisfies((request) -> {
					assertThat(request.header("Content-Encoding")).isNull();
					assertThat(request.header("x-langfuse-ingestion-version")).isEqualTo("4");
				});
		}
	}

	private static OtlpSpanSender sender(FakeLangfuseServer server, ExportCompression compression) {
		LangfuseHttp http = new LangfuseHttp(URI.create(server.baseUrl()), FakeLangfuseServer.PUBLIC_KEY,
				FakeLangfuseServer.SECRET_KEY, Duration.ofSeconds(5));
		return new OtlpSpanSender(http, URI.create(server.baseUrl() + "/api/public/otel/v1/traces"), true, Map.of(),
				compression);
	}

	private static List<SpanData> concat(List<SpanData> first, List<SpanData> second) {
		List<SpanData> all = new ArrayList<>(first);
		all.addAll(second);
		return all;
	}

	private static List<SpanData> traces(String name, int traces, int spansPerTrace) {
		return traces(name, traces, spansPerTrace, "\"What is the refund policy for annual plans?\"");
	}

	private static List<SpanData> traces(String name, int traces, int spansPerTrace, String input) {
		InMemorySpanExporter finished = InMemorySpanExporter.create();
		SdkTracerProvider provider = SdkTracerProvider.builder()
			.addSpanProcessor(SimpleSpanProcessor.create(finished))
			.build();
		try {
			Tracer tracer = provider.get("io.github.lfwire.langfuse", "test");
			for (int i = 0; i < traces; i++) {
				Span root = tracer.spanBuilder(name + "-root").setNoParent().startSpan();
				root.setAttribute("langfuse.observation.input", input);
				try (Scope scope = root.makeCurrent()) {
					for (int child = 1; child < spansPerTrace; child++) {
						tracer.spanBuilder(name + "-step")
							.setParent(Context.current())
							.setAttribute("langfuse.observation.type", "span")
							.setAttribute("langfuse.observation.output", "\"done " + child + "\"")
							.startSpan()
							.end();
					}
				}
				root.end();
			}
			return finished.getFinishedSpanItems();
		}
		finally {
			provider.shutdown();
		}
	}

	private static SpanData failingAttributes(SpanData span) {
		return (SpanData) Proxy.newProxyInstance(SpanData.class.getClassLoader(), new Class<?>[] { SpanData.class },
				(proxy, method, args) -> {
					if (method.getName().equals("getAttributes")) {
						throw new IllegalStateException("attributes unavailable");
					}
					try {
						return method.invoke(span, args);
					}
					catch (InvocationTargetException ex) {
						throw ex.getCause();
					}
				});
	}

	private static String randomHex(int bytes) {
		byte[] random = new byte[bytes];
		new Random(42).nextBytes(random);
		return HexFormat.of().formatHex(random);
	}

	private static byte[] marshal(List<SpanData> batch) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		TraceRequestMarshaler.create(batch).writeBinaryTo(out);
		return out.toByteArray();
	}

	private static byte[] gunzip(byte[] body) throws IOException {
		try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
			return in.readAllBytes();
		}
	}

}
