package io.github.lfwire.langfuse.export;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import io.github.lfwire.langfuse.internal.LangfuseHttp;
import io.opentelemetry.exporter.internal.otlp.traces.TraceRequestMarshaler;
import io.opentelemetry.sdk.trace.data.SpanData;

/**
 * Sends spans to Langfuse's OTLP endpoint as gzip-compressed protobuf.
 * <p>
 * The body is encoded by OpenTelemetry's own OTLP marshaler (an internal class of
 * {@code opentelemetry-exporter-otlp-common}, pinned by the Spring Boot BOM) rather than by hand.
 */
final class OtlpSpanSender implements BatchSender<SpanData> {

	/** The path of Langfuse's OTLP/HTTP trace endpoint. */
	static final String PATH = "/api/public/otel/v1/traces";

	private static final Map<String, String> HEADERS = Map.of("Content-Encoding", "gzip",
			"x-langfuse-ingestion-version", "4");

	private final LangfuseHttp http;

	OtlpSpanSender(LangfuseHttp http) {
		this.http = http;
	}

	@Override
	public byte[] encode(List<SpanData> batch) throws IOException {
		TraceRequestMarshaler marshaler = TraceRequestMarshaler.create(batch);
		ByteArrayOutputStream out = new ByteArrayOutputStream(marshaler.getBinarySerializedSize() / 4 + 64);
		try (GZIPOutputStream gzip = new GZIPOutputStream(out, 8192)) {
			marshaler.writeBinaryTo(gzip);
		}
		return out.toByteArray();
	}

	@Override
	public SendOutcome send(byte[] body) throws IOException, InterruptedException {
		LangfuseHttp.Response response = this.http.post(PATH, "application/x-protobuf", body, HEADERS);
		return SendOutcome.ofStatus(response.status(), response.retryAfter(), 0);
	}

}
