package io.github.lfwire.langfuse.export;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import io.github.lfwire.langfuse.internal.LangfuseHttp;
import io.opentelemetry.exporter.internal.otlp.traces.TraceRequestMarshaler;
import io.opentelemetry.sdk.trace.data.SpanData;

/**
 * Sends spans to Langfuse's OTLP endpoint, or to a collector's, as gzip-compressed
 * protobuf.
 * <p>
 * The body is encoded by OpenTelemetry's own OTLP marshaler (an internal class of
 * {@code opentelemetry-exporter-otlp-common}, pinned by the Spring Boot BOM) rather than
 * by hand.
 */
final class OtlpSpanSender implements BatchSender<SpanData> {

	private static final Map<String, String> HEADERS = Map.of("Content-Encoding", "gzip",
			"x-langfuse-ingestion-version", "4");

	private final LangfuseHttp http;

	private final URI endpoint;

	private final boolean basicAuth;

	private final Map<String, String> headers;

	/**
	 * Creates a sender to the given endpoint.
	 * @param http the transport
	 * @param endpoint the full URL of the OTLP/HTTP traces endpoint
	 * @param basicAuth whether to send Basic auth with the project's keys
	 * @param headers extra headers sent with every request
	 */
	OtlpSpanSender(LangfuseHttp http, URI endpoint, boolean basicAuth, Map<String, String> headers) {
		this.http = http;
		this.endpoint = endpoint;
		this.basicAuth = basicAuth;
		Map<String, String> all = new LinkedHashMap<>(HEADERS);
		all.putAll(headers);
		this.headers = Map.copyOf(all);
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
		LangfuseHttp.Response response = this.http.post(this.endpoint, this.basicAuth, "application/x-protobuf", body,
				this.headers);
		return SendOutcome.ofStatus(response.status(), response.retryAfter(), 0);
	}

}
