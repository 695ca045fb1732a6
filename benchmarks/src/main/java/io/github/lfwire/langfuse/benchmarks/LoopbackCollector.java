package io.github.lfwire.langfuse.benchmarks;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.lfwire.langfuse.LangfuseConfig;

/**
 * A Langfuse stand-in on loopback that reads every request body and answers at once,
 * counting requests and bytes. Unlike the test suite's fake server it does not decode
 * what it receives, so it costs the benchmarks little.
 */
public final class LoopbackCollector implements AutoCloseable {

	/** The public key clients send; the collector accepts any. */
	public static final String PUBLIC_KEY = "pk-lf-benchmark";

	/** The secret key clients send. */
	public static final String SECRET_KEY = "sk-lf-benchmark";

	private static final byte[] EMPTY_TRACE_RESPONSE = new byte[0];

	private static final byte[] EMPTY_INGESTION_RESPONSE = "{\"successes\":[],\"errors\":[]}"
		.getBytes(StandardCharsets.UTF_8);

	private static final byte[] HEALTH_RESPONSE = "{\"status\":\"OK\",\"version\":\"benchmark\"}"
		.getBytes(StandardCharsets.UTF_8);

	private static final Pattern SHA256_HASH = Pattern.compile("\"sha256Hash\"\\s*:\\s*\"([A-Za-z0-9+/=]{44})\"");

	private final HttpServer server;

	private final ExecutorService executor;

	private final AtomicLong traceRequests = new AtomicLong();

	private final AtomicLong traceBytes = new AtomicLong();

	private final AtomicLong runItems = new AtomicLong();

	private volatile int datasetItems;

	private LoopbackCollector(HttpServer server, ExecutorService executor) {
		this.server = server;
		this.executor = executor;
	}

	/** Starts a collector on a free loopback port. */
	public static LoopbackCollector start() {
		return start(0);
	}

	/** Starts a collector on the given loopback port, or on a free one for 0. */
	public static LoopbackCollector start(int port) {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
			ExecutorService executor = Executors.newFixedThreadPool(2, (task) -> {
				Thread thread = new Thread(task, "loopback-collector");
				thread.setDaemon(true);
				return thread;
			});
			LoopbackCollector collector = new LoopbackCollector(server, executor);
			server.createContext("/", collector::handle);
			server.setExecutor(executor);
			server.start();
			return collector;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot listen on loopback", ex);
		}
	}

	/** The base URL to configure as the Langfuse host. */
	public String baseUrl() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	/**
	 * A client configuration that exports here, with default settings but whole traces
	 * off, as in {@link BenchApplication#benchmarkProperties}.
	 */
	public LangfuseConfig.Builder clientConfig() {
		return LangfuseConfig.builder().host(baseUrl()).publicKey(PUBLIC_KEY).secretKey(SECRET_KEY).wholeTraces(false);
	}

	/**
	 * Serves one dataset of that many items with string inputs, under any name, and
	 * answers every dataset run item (link) request, for experiment benchmarks.
	 */
	public void serveDataset(int items) {
		this.datasetItems = items;
	}

	/** Dataset run item (link) requests received so far. */
	public long runItems() {
		return this.runItems.get();
	}

	/** Trace export requests received so far. */
	public long traceRequests() {
		return this.traceRequests.get();
	}

	/** Compressed bytes of trace export requests received so far. */
	public long traceBytes() {
		return this.traceBytes.get();
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			byte[] body = exchange.getRequestBody().readAllBytes();
			long bytes = body.length;
			String path = exchange.getRequestURI().getPath();
			if (path.endsWith("/otel/v1/traces")) {
				this.traceRequests.incrementAndGet();
				this.traceBytes.addAndGet(bytes);
				answer(exchange, 200, "application/x-protobuf", EMPTY_TRACE_RESPONSE);
			}
			else if (path.endsWith("/ingestion")) {
				answer(exchange, 207, "application/json", EMPTY_INGESTION_RESPONSE);
			}
			else if (path.equals("/api/public/media")) {
				answer(exchange, 201, "application/json", mediaAnswer(body));
			}
			else if (path.endsWith("/health")) {
				answer(exchange, 200, "application/json", HEALTH_RESPONSE);
			}
			else if (path.startsWith("/api/public/v2/datasets/")) {
				answer(exchange, 200, "application/json", json("{\"id\":\"bench-dataset\",\"projectId\":\"bench\","
						+ "\"name\":\"" + path.substring(path.lastIndexOf('/') + 1) + "\"}"));
			}
			else if (path.equals("/api/public/dataset-items")) {
				answer(exchange, 200, "application/json", itemsPage(exchange.getRequestURI().getQuery()));
			}
			else if (path.equals("/api/public/dataset-run-items")) {
				this.runItems.incrementAndGet();
				answer(exchange, 200, "application/json",
						json("{\"id\":\"link\",\"datasetRunId\":\"0123456789abcdef\"}"));
			}
			else if (path.equals("/api/public/projects")) {
				answer(exchange, 200, "application/json", json("{\"data\":[{\"id\":\"bench\"}]}"));
			}
			else {
				answer(exchange, 404, "application/json", "{}".getBytes(StandardCharsets.UTF_8));
			}
		}
	}

	private byte[] itemsPage(String query) {
		Matcher page = Pattern.compile("page=(\\d+)").matcher(query);
		Matcher limit = Pattern.compile("limit=(\\d+)").matcher(query);
		int number = page.find() ? Integer.parseInt(page.group(1)) : 1;
		int size = limit.find() ? Integer.parseInt(limit.group(1)) : 50;
		int total = this.datasetItems;
		StringBuilder data = new StringBuilder();
		for (int i = (number - 1) * size; i < Math.min(number * size, total); i++) {
			data.append((data.length() > 0) ? "," : "")
				.append("{\"id\":\"item-")
				.append(i)
				.append("\",\"datasetId\":\"bench-dataset\",\"status\":\"ACTIVE\",\"input\":\"question ")
				.append(i)
				.append("\",\"expectedOutput\":\"question ")
				.append(i)
				.append("\"}");
		}
		return json("{\"data\":[" + data + "],\"meta\":{\"page\":" + number + ",\"limit\":" + size + ",\"totalItems\":"
				+ total + ",\"totalPages\":" + ((total + size - 1) / size) + "}}");
	}

	private static byte[] json(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * Answers a media upload request as a server that already has the bytes: the id of
	 * the hash, no upload URL.
	 */
	private static byte[] mediaAnswer(byte[] request) {
		Matcher hash = SHA256_HASH.matcher(new String(request, StandardCharsets.UTF_8));
		String id = hash.find() ? Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString(Base64.getDecoder().decode(hash.group(1)))
			.substring(0, 22) : "unknown";
		return ("{\"mediaId\":\"" + id + "\",\"uploadUrl\":null}").getBytes(StandardCharsets.UTF_8);
	}

	private static void answer(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
		exchange.getResponseHeaders().set("Content-Type", contentType);
		exchange.sendResponseHeaders(status, (body.length == 0) ? -1 : body.length);
		if (body.length > 0) {
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body);
			}
		}
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.executor.shutdownNow();
	}

}
