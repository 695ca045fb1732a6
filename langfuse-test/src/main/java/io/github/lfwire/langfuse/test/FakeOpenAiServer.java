package io.github.lfwire.langfuse.test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.function.UnaryOperator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A local OpenAI-compatible server for tests: {@code /v1/chat/completions} (plain and
 * streamed as server-sent events, with usage in the last chunk when asked through
 * {@code stream_options}) and {@code /v1/embeddings}.
 * <p>
 * Chat answers are scripted with {@link #enqueue(Reply)}; without a scripted reply it
 * answers {@code "echo: <last user message>"}. The response model is the requested model
 * with {@link #MODEL_SUFFIX} appended, so tests can tell the two apart.
 * <p>
 * Started with {@link #start(int, UnaryOperator, UnaryOperator)}, it instead answers
 * every request with the body the given functions make of the request's body, as an
 * application's own fake model does.
 */
public final class FakeOpenAiServer implements AutoCloseable {

	/** Appended to the requested model to form the response model. */
	public static final String MODEL_SUFFIX = "-2025-01-01";

	/** Prompt tokens reported for every chat answer. */
	public static final int PROMPT_TOKENS = 21;

	/** Completion tokens reported for every chat answer. */
	public static final int COMPLETION_TOKENS = 9;

	/** Cached prompt tokens reported for every chat answer. */
	public static final int CACHED_TOKENS = 4;

	private static final String NO_DELAY = "sun.net.httpserver.nodelay";

	private static final JsonMapper json = JsonMapper.builder().build();

	private final HttpServer server;

	private final ExecutorService executor = Executors.newCachedThreadPool((task) -> {
		Thread thread = new Thread(task, "fake-openai");
		thread.setDaemon(true);
		return thread;
	});

	private final @Nullable UnaryOperator<byte[]> chatAnswer;

	private final @Nullable Function<byte[], List<byte[]>> chatChunks;

	private final @Nullable UnaryOperator<byte[]> embeddingsAnswer;

	private final ConcurrentLinkedQueue<Reply> replies = new ConcurrentLinkedQueue<>();

	private final List<JsonNode> chatRequests = new CopyOnWriteArrayList<>();

	private final List<Instant> firstChunksSent = new CopyOnWriteArrayList<>();

	private volatile Duration firstChunkDelay = Duration.ZERO;

	private volatile int failStreamAfter = -1;

	private volatile Duration chunkInterval = Duration.ZERO;

	private FakeOpenAiServer(int port, @Nullable UnaryOperator<byte[]> chatAnswer,
			@Nullable Function<byte[], List<byte[]>> chatChunks, @Nullable UnaryOperator<byte[]> embeddingsAnswer)
			throws IOException {
		this.chatAnswer = chatAnswer;
		this.chatChunks = chatChunks;
		this.embeddingsAnswer = embeddingsAnswer;
		this.server = createWithNoDelay(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
		this.server.createContext("/v1/chat/completions", this::chat);
		this.server.createContext("/v1/embeddings", this::embeddings);
		this.server.setExecutor(this.executor);
		this.server.start();
	}

	/** Starts a server on a free local port. */
	public static FakeOpenAiServer start() {
		try {
			return new FakeOpenAiServer(0, null, null, null);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Starts a server on the loopback interface that answers chat completions and
	 * embeddings with the JSON the given functions make of each request's JSON.
	 * @param port the port, 0 for a free one
	 * @param chatAnswer the body of the answer to a chat completion request
	 * @param embeddingsAnswer the body of the answer to an embeddings request
	 * @return the running server
	 */
	public static FakeOpenAiServer start(int port, UnaryOperator<byte[]> chatAnswer,
			UnaryOperator<byte[]> embeddingsAnswer) {
		return start(port, chatAnswer, null, embeddingsAnswer);
	}

	/**
	 * Starts a server on the loopback interface that answers chat completions and
	 * embeddings with the JSON the given functions make of each request's JSON, and a
	 * chat completion request with {@code "stream": true} with server-sent events, one
	 * for each chunk the chunk function makes of the request, then {@code [DONE]}.
	 * @param port the port, 0 for a free one
	 * @param chatAnswer the body of the answer to a chat completion request
	 * @param chatChunks the chunks of a streamed answer, or {@code null} to answer
	 * streamed requests with {@code chatAnswer} too
	 * @param embeddingsAnswer the body of the answer to an embeddings request
	 * @return the running server
	 */
	public static FakeOpenAiServer start(int port, UnaryOperator<byte[]> chatAnswer,
			@Nullable Function<byte[], List<byte[]>> chatChunks, UnaryOperator<byte[]> embeddingsAnswer) {
		try {
			return new FakeOpenAiServer(port, chatAnswer, chatChunks, embeddingsAnswer);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not start the fake OpenAI server on port " + port, ex);
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
		return rootUrl() + "/v1";
	}

	/** The base URL without {@code /v1}. */
	public String rootUrl() {
		return "http://" + this.server.getAddress().getAddress().getHostAddress() + ":"
				+ this.server.getAddress().getPort();
	}

	/** Scripts the next chat answers, in order. */
	public void enqueue(Reply... replies) {
		Collections.addAll(this.replies, replies);
	}

	/** Waits this long before sending the first chunk of a streamed answer. */
	public void firstChunkDelay(Duration delay) {
		this.firstChunkDelay = delay;
	}

	/**
	 * Ends streamed answers with an error event, as OpenAI reports a failure mid-stream,
	 * after this many content chunks.
	 */
	public void failStreamAfter(int contentChunks) {
		this.failStreamAfter = contentChunks;
	}

	/**
	 * Waits this long between the chunks of a streamed answer, so a client that cancels
	 * after a few chunks does so while the model is still answering.
	 */
	public void chunkInterval(Duration interval) {
		this.chunkInterval = interval;
	}

	/** The chat requests received so far. */
	public List<JsonNode> chatRequests() {
		return List.copyOf(this.chatRequests);
	}

	/** When the first content chunk of each streamed answer was written. */
	public List<Instant> firstChunksSent() {
		return List.copyOf(this.firstChunksSent);
	}

	/** Forgets scripted replies and received requests. */
	public void reset() {
		this.replies.clear();
		this.chatRequests.clear();
		this.firstChunksSent.clear();
		this.firstChunkDelay = Duration.ZERO;
		this.failStreamAfter = -1;
		this.chunkInterval = Duration.ZERO;
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.executor.shutdownNow();
	}

	private void chat(HttpExchange exchange) throws IOException {
		if (this.chatAnswer != null) {
			answer(exchange, this.chatAnswer, this.chatChunks);
			return;
		}
		try (exchange) {
			JsonNode request = json.readTree(exchange.getRequestBody().readAllBytes());
			this.chatRequests.add(request);
			Reply reply = this.replies.poll();
			if (reply == null) {
				reply = Reply.text("echo: " + lastUserMessage(request));
			}
			if (reply.errorStatus() > 0) {
				write(exchange, reply.errorStatus(), Map.of("error",
						Map.of("message", reply.text(), "type", "invalid_request_error", "code", "bad_request")));
				return;
			}
			String model = request.path("model").asString("gpt-test") + MODEL_SUFFIX;
			if (request.path("stream").asBoolean(false)) {
				stream(exchange, request, reply, model);
			}
			else {
				write(exchange, 200, completion(reply, model));
			}
		}
	}

	private Map<String, Object> completion(Reply reply, String model) {
		Map<String, Object> message = new LinkedHashMap<>();
		message.put("role", "assistant");
		message.put("content", reply.toolCalls().isEmpty() ? reply.text() : null);
		if (!reply.toolCalls().isEmpty()) {
			message.put("tool_calls", toolCalls(reply, false));
		}
		Map<String, Object> choice = new LinkedHashMap<>();
		choice.put("index", 0);
		choice.put("message", message);
		choice.put("logprobs", null);
		choice.put("finish_reason", reply.toolCalls().isEmpty() ? "stop" : "tool_calls");
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("id", "chatcmpl-" + this.chatRequests.size());
		body.put("object", "chat.completion");
		body.put("created", Instant.now().getEpochSecond());
		body.put("model", model);
		body.put("choices", List.of(choice));
		body.put("usage", usage());
		return body;
	}

	private static List<Map<String, Object>> toolCalls(Reply reply, boolean indexed) {
		List<Map<String, Object>> calls = new ArrayList<>();
		for (int i = 0; i < reply.toolCalls().size(); i++) {
			ToolCall call = reply.toolCalls().get(i);
			Map<String, Object> entry = new LinkedHashMap<>();
			if (indexed) {
				entry.put("index", i);
			}
			entry.put("id", call.id());
			entry.put("type", "function");
			entry.put("function", Map.of("name", call.name(), "arguments", call.arguments()));
			calls.add(entry);
		}
		return calls;
	}

	private static Map<String, Object> usage() {
		Map<String, Object> usage = new LinkedHashMap<>();
		usage.put("prompt_tokens", PROMPT_TOKENS);
		usage.put("completion_tokens", COMPLETION_TOKENS);
		usage.put("total_tokens", PROMPT_TOKENS + COMPLETION_TOKENS);
		usage.put("prompt_tokens_details", Map.of("cached_tokens", CACHED_TOKENS));
		usage.put("completion_tokens_details", Map.of("reasoning_tokens", 0));
		return usage;
	}

	private void stream(HttpExchange exchange, JsonNode request, Reply reply, String model) throws IOException {
		exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
		exchange.sendResponseHeaders(200, 0);
		OutputStream out = exchange.getResponseBody();
		String id = "chatcmpl-" + this.chatRequests.size();
		sleep(this.firstChunkDelay);
		this.firstChunksSent.add(Instant.now());
		List<Map<String, Object>> deltas = new ArrayList<>();
		deltas.add(Map.of("role", "assistant", "content", ""));
		if (reply.toolCalls().isEmpty()) {
			for (String word : reply.text().split("(?<= )")) {
				deltas.add(Map.of("content", word));
			}
		}
		else {
			deltas.add(Map.of("tool_calls", toolCalls(reply, true)));
		}
		int failAfter = this.failStreamAfter;
		Duration interval = this.chunkInterval;
		for (int i = 0; i < deltas.size(); i++) {
			if (i > 0) {
				sleep(interval);
			}
			if (failAfter >= 0 && i > failAfter) {
				event(out, Map.of("error", Map.of("message", "The server had an error while processing your request.",
						"type", "server_error")));
				return;
			}
			event(out, chunk(id, model, deltas.get(i), null));
		}
		event(out, chunk(id, model, Map.of(), reply.toolCalls().isEmpty() ? "stop" : "tool_calls"));
		if (request.path("stream_options").path("include_usage").asBoolean(false)) {
			Map<String, Object> last = new LinkedHashMap<>();
			last.put("id", id);
			last.put("object", "chat.completion.chunk");
			last.put("created", Instant.now().getEpochSecond());
			last.put("model", model);
			last.put("choices", List.of());
			last.put("usage", usage());
			event(out, last);
		}
		out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
		out.flush();
	}

	private static Map<String, Object> chunk(String id, String model, Map<String, Object> delta, String finish) {
		Map<String, Object> choice = new LinkedHashMap<>();
		choice.put("index", 0);
		choice.put("delta", delta);
		choice.put("logprobs", null);
		choice.put("finish_reason", finish);
		Map<String, Object> chunk = new LinkedHashMap<>();
		chunk.put("id", id);
		chunk.put("object", "chat.completion.chunk");
		chunk.put("created", Instant.now().getEpochSecond());
		chunk.put("model", model);
		chunk.put("choices", List.of(choice));
		return chunk;
	}

	private static void event(OutputStream out, Map<String, Object> data) throws IOException {
		out.write(("data: " + json.writeValueAsString(data) + "\n\n").getBytes(StandardCharsets.UTF_8));
		out.flush();
	}

	private static void answer(HttpExchange exchange, UnaryOperator<byte[]> answer,
			@Nullable Function<byte[], List<byte[]>> chunks) throws IOException {
		try (exchange) {
			byte[] request = exchange.getRequestBody().readAllBytes();
			if (chunks != null && json.readTree(request).path("stream").asBoolean(false)) {
				exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
				exchange.sendResponseHeaders(200, 0);
				OutputStream out = exchange.getResponseBody();
				for (byte[] chunk : chunks.apply(request)) {
					out.write(("data: ").getBytes(StandardCharsets.UTF_8));
					out.write(chunk);
					out.write("\n\n".getBytes(StandardCharsets.UTF_8));
					out.flush();
				}
				out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
				return;
			}
			byte[] bytes = answer.apply(request);
			exchange.getResponseHeaders().add("Content-Type", "application/json");
			exchange.sendResponseHeaders(200, bytes.length);
			exchange.getResponseBody().write(bytes);
		}
	}

	private void embeddings(HttpExchange exchange) throws IOException {
		if (this.embeddingsAnswer != null) {
			answer(exchange, this.embeddingsAnswer, null);
			return;
		}
		try (exchange) {
			JsonNode request = json.readTree(exchange.getRequestBody().readAllBytes());
			List<String> inputs = new ArrayList<>();
			JsonNode input = request.path("input");
			if (input.isArray()) {
				input.forEach((text) -> inputs.add(text.asString()));
			}
			else {
				inputs.add(input.asString());
			}
			int dimensions = request.path("dimensions").asInt(8);
			List<Map<String, Object>> data = new ArrayList<>();
			int tokens = 0;
			for (int i = 0; i < inputs.size(); i++) {
				data.add(Map.of("object", "embedding", "index", i, "embedding", vector(inputs.get(i), dimensions)));
				tokens += inputs.get(i).split("\\s+").length;
			}
			Map<String, Object> body = new LinkedHashMap<>();
			body.put("object", "list");
			body.put("data", data);
			body.put("model", request.path("model").asString("text-embedding-test") + MODEL_SUFFIX);
			body.put("usage", Map.of("prompt_tokens", tokens, "total_tokens", tokens));
			write(exchange, 200, body);
		}
	}

	/**
	 * A deterministic vector: letter frequencies folded into the dimensions, so similar
	 * texts are close.
	 */
	static float[] vector(String text, int dimensions) {
		float[] vector = new float[dimensions];
		for (char c : text.toLowerCase().toCharArray()) {
			if (Character.isLetter(c)) {
				vector[c % dimensions] += 1;
			}
		}
		float norm = 0;
		for (float v : vector) {
			norm += v * v;
		}
		norm = (float) Math.sqrt(Math.max(norm, 1e-6f));
		for (int i = 0; i < dimensions; i++) {
			vector[i] /= norm;
		}
		return vector;
	}

	private static String lastUserMessage(JsonNode request) {
		String last = "";
		for (JsonNode message : request.path("messages")) {
			if ("user".equals(message.path("role").asString(""))) {
				JsonNode content = message.path("content");
				last = content.isString() ? content.asString() : content.path(0).path("text").asString("");
			}
		}
		return last;
	}

	private static void write(HttpExchange exchange, int status, Object body) throws IOException {
		byte[] bytes = json.writeValueAsBytes(body);
		exchange.getResponseHeaders().add("Content-Type", "application/json");
		exchange.sendResponseHeaders(status, bytes.length);
		exchange.getResponseBody().write(bytes);
	}

	private static void sleep(Duration delay) {
		if (!delay.isZero()) {
			try {
				Thread.sleep(delay.toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	/** One scripted chat answer. */
	public record Reply(String text, List<ToolCall> toolCalls, int errorStatus) {

		/** A text answer. */
		public static Reply text(String text) {
			return new Reply(text, List.of(), 0);
		}

		/** An answer that asks for tool calls. */
		public static Reply toolCalls(ToolCall... calls) {
			return new Reply(null, List.of(calls), 0);
		}

		/** An error answer with this HTTP status and message. */
		public static Reply error(int status, String message) {
			return new Reply(message, List.of(), status);
		}

	}

	/** A tool call the model asks for. */
	public record ToolCall(String id, String name, String arguments) {
	}

}
