package io.github.lfwire.langfuse.internal;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import io.opentelemetry.api.internal.InstrumentationUtil;
import org.jspecify.annotations.Nullable;

/**
 * Sends authenticated requests to a Langfuse server with the JDK {@link HttpClient}.
 * <p>
 * OpenTelemetry's OTLP exporter does not expose response headers, so {@code Retry-After}
 * could not be honoured through it; this class sends the bodies that OpenTelemetry's own
 * OTLP marshaler encodes.
 */
public final class LangfuseHttp {

	/** The SDK name sent in {@code x-langfuse-sdk-name}. */
	public static final String SDK_NAME = "lfwire-java";

	/** The SDK version sent in {@code x-langfuse-sdk-version}. */
	public static final String SDK_VERSION = sdkVersion();

	private static final AtomicInteger THREADS = new AtomicInteger();

	private final URI host;

	private final String authorization;

	private final Duration timeout;

	private final Object clientLock = new Object();

	private volatile @Nullable HttpClient client;

	/**
	 * Creates a transport; the secret key is kept only inside the encoded authorization
	 * header. The HTTP client and its threads are created by the first request.
	 */
	public LangfuseHttp(URI host, String publicKey, String secretKey, Duration timeout) {
		this.host = host;
		this.authorization = "Basic "
				+ Base64.getEncoder().encodeToString((publicKey + ":" + secretKey).getBytes(StandardCharsets.UTF_8));
		this.timeout = timeout;
	}

	/** The server's base URL. */
	public URI host() {
		return this.host;
	}

	/** Posts a body with Basic auth and the Langfuse SDK headers. */
	public Response post(String path, String contentType, byte[] body, Map<String, String> headers)
			throws IOException, InterruptedException {
		HttpRequest.Builder request = request(URI.create(this.host + path)).timeout(this.timeout)
			.header("Authorization", this.authorization)
			.header("Content-Type", contentType)
			.header("x-langfuse-sdk-name", SDK_NAME)
			.header("x-langfuse-sdk-version", SDK_VERSION)
			.POST(HttpRequest.BodyPublishers.ofByteArray(body));
		headers.forEach(request::header);
		return send(request.build());
	}

	/**
	 * Posts a body to an absolute URL, such as an OTLP endpoint, with the Langfuse SDK
	 * headers, Basic auth unless turned off, and the given headers.
	 */
	public Response post(URI url, boolean basicAuth, String contentType, byte[] body, Map<String, String> headers)
			throws IOException, InterruptedException {
		HttpRequest.Builder request = request(url).timeout(this.timeout)
			.header("Content-Type", contentType)
			.header("x-langfuse-sdk-name", SDK_NAME)
			.header("x-langfuse-sdk-version", SDK_VERSION)
			.POST(HttpRequest.BodyPublishers.ofByteArray(body));
		if (basicAuth) {
			request.header("Authorization", this.authorization);
		}
		headers.forEach(request::header);
		return send(request.build());
	}

	/** Sends a GET with Basic auth and the Langfuse SDK headers. */
	public Response getAuthenticated(String path, Duration timeout) throws IOException, InterruptedException {
		return send(request(URI.create(this.host + path)).timeout(timeout)
			.header("Authorization", this.authorization)
			.header("x-langfuse-sdk-name", SDK_NAME)
			.header("x-langfuse-sdk-version", SDK_VERSION)
			.GET()
			.build());
	}

	/** Sends an unauthenticated GET. */
	public Response get(String path, Duration timeout) throws IOException, InterruptedException {
		return send(request(URI.create(this.host + path)).timeout(timeout).GET().build());
	}

	/**
	 * Sends a request with a body, Basic auth and the Langfuse SDK headers to a path of
	 * the server.
	 */
	public Response send(String method, String path, String contentType, byte[] body, Duration timeout)
			throws IOException, InterruptedException {
		return send(request(URI.create(this.host + path)).timeout(timeout)
			.header("Authorization", this.authorization)
			.header("Content-Type", contentType)
			.header("x-langfuse-sdk-name", SDK_NAME)
			.header("x-langfuse-sdk-version", SDK_VERSION)
			.method(method, HttpRequest.BodyPublishers.ofByteArray(body))
			.build());
	}

	/**
	 * Puts a body to an absolute URL, such as a presigned upload URL, without the
	 * project's credentials.
	 */
	public Response upload(URI url, byte[] body, Map<String, String> headers, Duration timeout)
			throws IOException, InterruptedException {
		HttpRequest.Builder request = request(url).timeout(timeout).PUT(HttpRequest.BodyPublishers.ofByteArray(body));
		headers.forEach(request::header);
		return send(request.build());
	}

	/**
	 * A request builder; over plain {@code http://} it asks for HTTP/1.1, so that no
	 * {@code Upgrade: h2c} and {@code HTTP2-Settings} headers are sent, which sidecar
	 * proxies such as Envoy mishandle. Over https HTTP/2 is negotiated by TLS.
	 */
	static HttpRequest.Builder request(URI url) {
		HttpRequest.Builder request = HttpRequest.newBuilder(url);
		if ("http".equalsIgnoreCase(url.getScheme())) {
			request.version(HttpClient.Version.HTTP_1_1);
		}
		return request;
	}

	private Response send(HttpRequest request) throws IOException, InterruptedException {
		HttpResponse<byte[]> response = sendUninstrumented(request);
		Duration retryAfter = response.headers()
			.firstValue("Retry-After")
			.map((value) -> RetryPolicy.parseRetryAfter(value, Instant.now()))
			.orElse(null);
		return new Response(response.statusCode(), response.body(), retryAfter);
	}

	/**
	 * Sends with OpenTelemetry instrumentation suppressed, as OpenTelemetry's own
	 * exporters do, so an agent that instruments the JDK HTTP client records no span of
	 * the application for the export.
	 */
	private HttpResponse<byte[]> sendUninstrumented(HttpRequest request) throws IOException, InterruptedException {
		Object[] outcome = new Object[1];
		InstrumentationUtil.suppressInstrumentation(() -> {
			try {
				outcome[0] = client().send(request, HttpResponse.BodyHandlers.ofByteArray());
			}
			catch (IOException | InterruptedException | RuntimeException ex) {
				outcome[0] = ex;
			}
		});
		if (outcome[0] instanceof IOException ex) {
			throw ex;
		}
		if (outcome[0] instanceof InterruptedException ex) {
			throw ex;
		}
		if (outcome[0] instanceof RuntimeException ex) {
			throw ex;
		}
		@SuppressWarnings("unchecked")
		HttpResponse<byte[]> response = (HttpResponse<byte[]>) outcome[0];
		return response;
	}

	private HttpClient client() {
		HttpClient client = this.client;
		if (client == null) {
			synchronized (this.clientLock) {
				client = this.client;
				if (client == null) {
					Executor executor = Executors.newCachedThreadPool((runnable) -> {
						Thread thread = new Thread(runnable, "langfuse-http-" + THREADS.incrementAndGet());
						thread.setDaemon(true);
						return thread;
					});
					client = HttpClient.newBuilder().connectTimeout(this.timeout).executor(executor).build();
					this.client = client;
				}
			}
		}
		return client;
	}

	private static String sdkVersion() {
		String version = LangfuseHttp.class.getPackage().getImplementationVersion();
		return (version != null) ? version : "0.1.0";
	}

	@Override
	public String toString() {
		return "LangfuseHttp{host=" + this.host + "}";
	}

	/**
	 * One HTTP response.
	 *
	 * @param status the status code
	 * @param body the body
	 * @param retryAfter the delay the server asked for, or {@code null}
	 */
	public record Response(int status, byte[] body, @Nullable Duration retryAfter) {
	}

}
