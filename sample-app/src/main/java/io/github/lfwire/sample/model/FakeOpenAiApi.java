package io.github.lfwire.sample.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The OpenAI-compatible JSON API of the fake model: answers the body of a
 * {@code /v1/chat/completions} request (tool calls included; streamed as chunks when it
 * asks for {@code stream}) or a {@code /v1/embeddings} request with {@link FakeChatModel}
 * and {@link FakeEmbeddingModel}, usage included; {@link FakeOpenAiServer} serves it over
 * HTTP, and a client can call it in process.
 */
public final class FakeOpenAiApi {

	/** The path of chat completions, below the base URL's {@code /v1}. */
	public static final String CHAT_COMPLETIONS = "/chat/completions";

	/** The path of embeddings, below the base URL's {@code /v1}. */
	public static final String EMBEDDINGS = "/embeddings";

	private static final JsonMapper json = JsonMapper.shared();

	private final FakeChatModel chatModel;

	private final FakeEmbeddingModel embeddingModel;

	private final AtomicLong ids = new AtomicLong();

	public FakeOpenAiApi(FakeChatModel chatModel, FakeEmbeddingModel embeddingModel) {
		this.chatModel = chatModel;
		this.embeddingModel = embeddingModel;
	}

	/**
	 * Answers a chat completions request.
	 * @param requestBody the JSON request
	 * @return the JSON response
	 */
	public byte[] chatCompletions(byte[] requestBody) {
		return json.writeValueAsBytes(completion(complete(json.readTree(requestBody))));
	}

	/**
	 * Whether a chat completions request asks for a streamed answer.
	 * @param requestBody the JSON request
	 * @return {@code true} for {@code "stream": true}
	 */
	public boolean isStream(byte[] requestBody) {
		return json.readTree(requestBody).path("stream").asBoolean(false);
	}

	/**
	 * Answers a chat completions request as the chunks of a stream, one per word, the
	 * finish reason in the last and usage in one more when the request asks for it
	 * ({@code stream_options.include_usage}); tool calls are answered in one chunk.
	 * @param requestBody the JSON request
	 * @return the JSON of each chunk, in order
	 */
	public List<byte[]> chatCompletionChunks(byte[] requestBody) {
		JsonNode request = json.readTree(requestBody);
		Map<String, Object> whole = completion(complete(request));
		String id = (String) whole.get("id");
		Object model = whole.get("model");
		@SuppressWarnings("unchecked")
		Map<String, Object> choice = ((List<Map<String, Object>>) whole.get("choices")).get(0);
		@SuppressWarnings("unchecked")
		Map<String, Object> message = (Map<String, Object>) choice.get("message");
		List<byte[]> chunks = new ArrayList<>();
		if (message.containsKey("tool_calls")) {
			@SuppressWarnings("unchecked")
			List<Map<String, Object>> calls = (List<Map<String, Object>>) message.get("tool_calls");
			List<Map<String, Object>> indexed = new ArrayList<>();
			for (int i = 0; i < calls.size(); i++) {
				Map<String, Object> call = new LinkedHashMap<>(calls.get(i));
				call.put("index", i);
				indexed.add(call);
			}
			chunks.add(chunk(id, model, Map.of("role", "assistant", "tool_calls", indexed), null));
		}
		else {
			String text = (String) message.get("content");
			String[] words = text.split("(?<= )");
			for (int i = 0; i < words.length; i++) {
				Map<String, Object> delta = (i == 0) ? Map.of("role", "assistant", "content", words[i])
						: Map.of("content", words[i]);
				chunks.add(chunk(id, model, delta, null));
			}
		}
		chunks.add(chunk(id, model, Map.of(), choice.get("finish_reason")));
		if (request.path("stream_options").path("include_usage").asBoolean(false)) {
			Map<String, Object> usage = new LinkedHashMap<>();
			usage.put("id", id);
			usage.put("object", "chat.completion.chunk");
			usage.put("created", Instant.now().getEpochSecond());
			usage.put("model", model);
			usage.put("choices", List.of());
			usage.put("usage", whole.get("usage"));
			chunks.add(json.writeValueAsBytes(usage));
		}
		return chunks;
	}

	private byte[] chunk(String id, Object model, Map<String, Object> delta, Object finishReason) {
		Map<String, Object> choice = new LinkedHashMap<>();
		choice.put("index", 0);
		choice.put("delta", delta);
		choice.put("logprobs", null);
		choice.put("finish_reason", finishReason);
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("id", id);
		body.put("object", "chat.completion.chunk");
		body.put("created", Instant.now().getEpochSecond());
		body.put("model", model);
		body.put("choices", List.of(choice));
		return json.writeValueAsBytes(body);
	}

	private Completion complete(JsonNode request) {
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
		return this.chatModel.complete(new CompletionRequest(messages, maxTokens, tools, images));
	}

	/**
	 * Answers an embeddings request.
	 * @param requestBody the JSON request
	 * @return the JSON response
	 */
	public byte[] embeddings(byte[] requestBody) {
		JsonNode request = json.readTree(requestBody);
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
		return json.writeValueAsBytes(body);
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

}
