package io.github.lfwire.sample.model;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A local OpenAI-compatible server answering {@code POST /v1/chat/completions} (tool
 * calls included, no streaming) and {@code POST /v1/embeddings} with
 * {@link FakeChatModel} and {@link FakeEmbeddingModel}, usage included, so the sample's
 * Spring AI models run without a network or a key.
 */
public final class FakeOpenAiServer implements AutoCloseable {

	private static final JsonMapper json = JsonMapper.shared();

	private final FakeChatModel chatModel;

	private final FakeEmbeddingModel embeddingModel;

	private final HttpServer server;

	private final ExecutorService executor;

	private final AtomicLong ids = new AtomicLong();

	private FakeOpenAiServer(FakeChatModel chatModel, FakeEmbeddingModel embeddingModel, int port) throws IOException {
		this.chatModel = chatModel;
		this.embeddingModel = embeddingModel;
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
		this.server.createContext("/v1/chat/completions", this::chat);
		this.server.createContext("/v1/embeddings", this::embeddings);
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
			JsonNode request = json.readTree(exchange.getRequestBody().readAllBytes());
			List<Message> messages = new ArrayList<>();
			int images = 0;
			for (JsonNode message : request.path("messages")) {
				StringBuilder text = new StringBuilder();
				JsonNode content = message.path("content");
				if (content.isArray()) {
					for (JsonNode part : content) {
						if ("image_url".equals(part.path("type").asString(""))) {
							images++;
						}
						text.append(part.path("text").asString(""));
					}
				}
				else {
					text.append(content.asString(""));
				}
				messages.add(new Message(message.path("role").asString("user"), text.toString()));
			}
			List<CompletionRequest.Tool> tools = new ArrayList<>();
			for (JsonNode tool : request.path("tools")) {
				JsonNode function = tool.path("function");
				String parameter = function.path("parameters")
					.path("properties")
					.propertyNames()
					.stream()
					.findFirst()
					.orElse("input");
				tools.add(new CompletionRequest.Tool(function.path("name").asString(), parameter));
			}
			int maxTokens = request.path("max_completion_tokens")
				.asInt(request.path("max_tokens").asInt(Integer.MAX_VALUE));
			Completion completion = this.chatModel.complete(new CompletionRequest(messages, maxTokens, tools, images));
			write(exchange, completion(completion));
		}
	}

	private Map<String, Object> completion(Completion completion) {
		Map<String, Object> message = new LinkedHashMap<>();
		message.put("role", "assistant");
		message.put("content", completion.text());
		if (completion.toolCall() != null) {
			Completion.ToolCall call = completion.toolCall();
			message.put("tool_calls",
					List.of(Map.of("id", "call_" + this.ids.incrementAndGet(), "type", "function", "function",
							Map.of("name", call.name(), "arguments",
									json.writeValueAsString(Map.of(call.parameter(), call.argument()))))));
		}
		Map<String, Object> choice = new LinkedHashMap<>();
		choice.put("index", 0);
		choice.put("message", message);
		choice.put("logprobs", null);
		choice.put("finish_reason", (completion.toolCall() != null) ? "tool_calls" : "stop");
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("id", "chatcmpl-" + this.ids.incrementAndGet());
		body.put("object", "chat.completion");
		body.put("created", Instant.now().getEpochSecond());
		body.put("model", completion.model());
		body.put("choices", List.of(choice));
		body.put("usage", Map.of("prompt_tokens", completion.inputTokens(), "completion_tokens",
				completion.outputTokens(), "total_tokens", completion.inputTokens() + completion.outputTokens()));
		return body;
	}

	private void embeddings(HttpExchange exchange) throws IOException {
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
			List<Map<String, Object>> data = new ArrayList<>();
			long tokens = 0;
			String model = null;
			for (int i = 0; i < inputs.size(); i++) {
				Embedding embedding = this.embeddingModel.embed(inputs.get(i));
				data.add(Map.of("object", "embedding", "index", i, "embedding", embedding.vector()));
				tokens += embedding.tokens();
				model = embedding.model();
			}
			Map<String, Object> body = new LinkedHashMap<>();
			body.put("object", "list");
			body.put("data", data);
			body.put("model", model);
			body.put("usage", Map.of("prompt_tokens", tokens, "total_tokens", tokens));
			write(exchange, body);
		}
	}

	private static void write(HttpExchange exchange, Object body) throws IOException {
		byte[] bytes = json.writeValueAsBytes(body);
		exchange.getResponseHeaders().add("Content-Type", "application/json");
		exchange.sendResponseHeaders(200, bytes.length);
		exchange.getResponseBody().write(bytes);
	}

}
