package io.github.lfwire.sample.model;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A local OpenAI-compatible server answering {@code POST /v1/chat/completions} (as
 * server-sent events when streamed) and {@code POST /v1/embeddings} with
 * {@link FakeOpenAiApi}, so the sample's Spring AI models run without a network or a key.
 */
public final class FakeOpenAiServer implements AutoCloseable {

	private static final String NO_DELAY = "sun.net.httpserver.nodelay";

	private static final byte[] DATA = "data: ".getBytes(StandardCharsets.UTF_8);

	private static final byte[] EVENT_END = "\n\n".getBytes(StandardCharsets.UTF_8);

	private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8);

	private final FakeOpenAiApi api;

	private final HttpServer server;

	private final ExecutorService executor;

	private FakeOpenAiServer(FakeChatModel chatModel, FakeEmbeddingModel embeddingModel, int port) throws IOException {
		this.api = new FakeOpenAiApi(chatModel, embeddingModel);
		this.server = createWithNoDelay(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
		this.server.createContext("/v1" + FakeOpenAiApi.CHAT_COMPLETIONS, this::chat);
		this.server.createContext("/v1" + FakeOpenAiApi.EMBEDDINGS, this::embeddings);
		this.executor = Executors.newCachedThreadPool((task) -> {
			Thread thread = new Thread(task, "fake-openai");
			thread.setDaemon(true);
			return thread;
		});
		this.server.setExecutor(this.executor);
		this.server.start();
	}

	/**
	 * Starts a server on the loopback interface.
	 * @param chatModel answers chat completions
	 * @param embeddingModel answers embeddings
	 * @param port the port, 0 for a free one
	 * @return the running server
	 */
	public static FakeOpenAiServer start(FakeChatModel chatModel, FakeEmbeddingModel embeddingModel, int port) {
		try {
			return new FakeOpenAiServer(chatModel, embeddingModel, port);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not start the fake OpenAI server on port " + port
					+ "; set sample.fake-openai.port to a free port", ex);
		}
	}

	/**
	 * Creates the JDK server with TCP_NODELAY, without leaving the JVM-wide switch set:
	 * the JDK server writes headers and body apart, and without TCP_NODELAY each answer
	 * waits about 40 ms for the client's delayed ACK. The JDK reads the property once,
	 * when its first server is created, so it is set only for that moment and then put
	 * back as it was.
	 */
	private static synchronized HttpServer createWithNoDelay(InetSocketAddress address) throws IOException {
		String previous = System.getProperty(NO_DELAY);
		System.setProperty(NO_DELAY, "true");
		try {
			return HttpServer.create(address, 0);
		}
		finally {
			if (previous != null) {
				System.setProperty(NO_DELAY, previous);
			}
			else {
				System.clearProperty(NO_DELAY);
			}
		}
	}

	/** The base URL including {@code /v1}, as OpenAI clients expect it. */
	public String baseUrl() {
		return "http://" + this.server.getAddress().getHostString() + ":" + this.server.getAddress().getPort() + "/v1";
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.executor.shutdownNow();
	}

	private void chat(HttpExchange exchange) throws IOException {
		try (exchange) {
			byte[] request = exchange.getRequestBody().readAllBytes();
			if (this.api.isStream(request)) {
				stream(exchange, this.api.chatCompletionChunks(request));
			}
			else {
				write(exchange, this.api.chatCompletions(request));
			}
		}
	}

	private static void stream(HttpExchange exchange, List<byte[]> chunks) throws IOException {
		exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
		exchange.sendResponseHeaders(200, 0);
		OutputStream body = exchange.getResponseBody();
		for (byte[] chunk : chunks) {
			body.write(DATA);
			body.write(chunk);
			body.write(EVENT_END);
			body.flush();
		}
		body.write(DONE);
		body.flush();
	}

	private void embeddings(HttpExchange exchange) throws IOException {
		try (exchange) {
			write(exchange, this.api.embeddings(exchange.getRequestBody().readAllBytes()));
		}
	}

	private static void write(HttpExchange exchange, byte[] bytes) throws IOException {
		exchange.getResponseHeaders().add("Content-Type", "application/json");
		exchange.sendResponseHeaders(200, bytes.length);
		exchange.getResponseBody().write(bytes);
	}

}
