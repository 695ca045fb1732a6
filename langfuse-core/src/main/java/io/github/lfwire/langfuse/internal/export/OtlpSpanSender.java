package io.github.lfwire.langfuse.internal.export;

import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.lfwire.langfuse.export.ExportCompression;
import io.github.lfwire.langfuse.internal.LangfuseHttp;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.jspecify.annotations.Nullable;

/**
 * Sends spans to Langfuse's OTLP endpoint, or to a collector's, as protobuf,
 * gzip-compressed unless turned off.
 * <p>
 * The body is encoded by OpenTelemetry's own OTLP marshaler (an internal class of
 * {@code opentelemetry-exporter-otlp-common}, pinned by the Spring Boot BOM) rather than
 * by hand, through one {@link OtlpSpanEncoder} reused by the export thread.
 */
final class OtlpSpanSender implements BatchSender<SpanData> {

	private static final Map<String, String> HEADERS = Map.of("x-langfuse-ingestion-version", "4");

	private final LangfuseHttp http;

	private final URI endpoint;

	private final boolean basicAuth;

	private final Map<String, String> headers;

	private final OtlpSpanEncoder encoder;

	private byte @Nullable [] emptyBatch;

	/**
	 * Creates a sender to the given endpoint.
	 * @param http the transport
	 * @param endpoint the full URL of the OTLP/HTTP traces endpoint
	 * @param basicAuth whether to send Basic auth with the project's keys
	 * @param headers extra headers sent with every request
	 * @param compression how the requests are compressed
	 */
	OtlpSpanSender(LangfuseHttp http, URI endpoint, boolean basicAuth, Map<String, String> headers,
			ExportCompression compression) {
		this.http = http;
		this.endpoint = endpoint;
		this.basicAuth = basicAuth;
		this.encoder = OtlpSpanEncoder.of(compression);
		Map<String, String> all = new LinkedHashMap<>(HEADERS);
		String contentEncoding = this.encoder.contentEncoding();
		if (contentEncoding != null) {
			all.put("Content-Encoding", contentEncoding);
		}
		all.putAll(headers);
		this.headers = Map.copyOf(all);
	}

	@Override
	public byte[] encode(List<SpanData> batch) throws IOException {
		return this.encoder.encode(batch);
	}

	@Override
	public SendOutcome send(byte[] body) throws IOException, InterruptedException {
		LangfuseHttp.Response response = this.http.post(this.endpoint, this.basicAuth, "application/x-protobuf", body,
				this.headers);
		return SendOutcome.ofStatus(response.status(), response.retryAfter(), 0);
	}

	@Override
	public boolean sendsKeys() {
		return this.basicAuth;
	}

	/** Posts an export request without spans, on the export thread only. */
	@Override
	public boolean probe() throws IOException, InterruptedException {
		if (this.emptyBatch == null) {
			this.emptyBatch = encode(List.of());
		}
		return BatchSender.sendsEmptyBatch(this, this.emptyBatch);
	}

}
