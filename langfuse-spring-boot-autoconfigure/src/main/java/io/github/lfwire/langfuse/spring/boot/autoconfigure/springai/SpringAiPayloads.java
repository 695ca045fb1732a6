package io.github.lfwire.langfuse.spring.boot.autoconfigure.springai;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.lfwire.langfuse.capture.ImmutableValues;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.ToolResponseMessage;
import org.springframework.ai.chat.metadata.Usage;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.prompt.ChatOptions;

/**
 * Converts Spring AI requests and responses to the chat-message, model-parameter and
 * usage shapes Langfuse shows.
 */
final class SpringAiPayloads {

	private static final JsonMapper json = JsonMapper.builder().build();

	/** The keys of a message without tool calls; never changed. */
	private static final String[] ROLE_AND_CONTENT = { "role", "content" };

	private SpringAiPayloads() {
	}

	/**
	 * The name Spring AI's default conventions give an observation when it stops
	 * ({@code "chat gpt-4o-mini"}, {@code "pgvector query"}), known here when it starts;
	 * {@code null} without a first part.
	 */
	static @Nullable String operationName(@Nullable String operation, @Nullable String detail) {
		if (!hasText(operation)) {
			return null;
		}
		return hasText(detail) ? operation + " " + detail : operation;
	}

	static List<Map<String, Object>> messages(List<Message> messages) {
		List<Map<String, Object>> result = new ArrayList<>();
		if (messages == null) {
			return result;
		}
		for (Message message : messages) {
			if (message instanceof ToolResponseMessage tool) {
				for (ToolResponseMessage.ToolResponse response : tool.getResponses()) {
					Map<String, Object> entry = new LinkedHashMap<>();
					entry.put("role", "tool");
					entry.put("tool_call_id", response.id());
					entry.put("name", response.name());
					entry.put("content", response.responseData());
					result.add(ImmutableValues.frozenCopy(entry));
				}
			}
			else {
				result.add(message(message));
			}
		}
		return List.copyOf(result);
	}

	static Map<String, Object> message(Message message) {
		String role = message.getMessageType().getValue();
		if (!(message instanceof AssistantMessage assistant && assistant.hasToolCalls())) {
			return ImmutableValues.frozenMap(ROLE_AND_CONTENT, new Object[] { role, message.getText() });
		}
		Map<String, Object> entry = new LinkedHashMap<>();
		entry.put("role", role);
		entry.put("content", message.getText());
		List<Map<String, Object>> calls = new ArrayList<>();
		for (AssistantMessage.ToolCall call : assistant.getToolCalls()) {
			Map<String, Object> function = new LinkedHashMap<>();
			function.put("name", call.name());
			function.put("arguments", call.arguments());
			Map<String, Object> toolCall = new LinkedHashMap<>();
			toolCall.put("id", call.id());
			toolCall.put("type", call.type());
			toolCall.put("function", ImmutableValues.frozenCopy(function));
			calls.add(ImmutableValues.frozenCopy(toolCall));
		}
		entry.put("tool_calls", List.copyOf(calls));
		return ImmutableValues.frozenCopy(entry);
	}

	static @Nullable Object answer(ChatResponse response) {
		List<Generation> results = response.getResults();
		if (results == null || results.isEmpty()) {
			return null;
		}
		if (results.size() == 1) {
			return message(results.get(0).getOutput());
		}
		return results.stream().map((generation) -> message(generation.getOutput())).toList();
	}

	static Map<String, Object> parameters(@Nullable ChatOptions options) {
		Map<String, Object> parameters = new LinkedHashMap<>();
		if (options == null) {
			return parameters;
		}
		putIfPresent(parameters, "temperature", options.getTemperature());
		putIfPresent(parameters, "max_tokens", options.getMaxTokens());
		putIfPresent(parameters, "top_p", options.getTopP());
		putIfPresent(parameters, "top_k", options.getTopK());
		putIfPresent(parameters, "frequency_penalty", options.getFrequencyPenalty());
		putIfPresent(parameters, "presence_penalty", options.getPresencePenalty());
		List<String> stop = options.getStopSequences();
		if (stop != null && !stop.isEmpty()) {
			parameters.put("stop", stop);
		}
		return parameters;
	}

	static Map<String, Long> usage(@Nullable Usage usage) {
		Map<String, Long> details = new LinkedHashMap<>();
		if (usage == null) {
			return details;
		}
		Integer input = usage.getPromptTokens();
		Integer output = usage.getCompletionTokens();
		boolean reported = usage.getNativeUsage() != null || (input != null && input > 0)
				|| (output != null && output > 0);
		if (!reported) {
			return details;
		}
		putCount(details, "input", input);
		putCount(details, "output", output);
		putCount(details, "total", usage.getTotalTokens());
		putCount(details, "input_cached_tokens", usage.getCacheReadInputTokens());
		putCount(details, "input_cache_creation", usage.getCacheWriteInputTokens());
		return details;
	}

	static @Nullable Object jsonOrText(@Nullable String text) {
		if (text == null) {
			return null;
		}
		String trimmed = text.strip();
		if (trimmed.startsWith("{") || trimmed.startsWith("[")
				|| (trimmed.length() > 1 && trimmed.startsWith("\"") && trimmed.endsWith("\""))) {
			try {
				return json.readValue(trimmed, Object.class);
			}
			catch (RuntimeException ex) {
				return text;
			}
		}
		return text;
	}

	static boolean hasText(String text) {
		return text != null && !text.isBlank();
	}

	private static void putIfPresent(Map<String, Object> map, String key, Object value) {
		if (value != null) {
			map.put(key, value);
		}
	}

	private static void putCount(Map<String, Long> map, String key, Number value) {
		if (value != null) {
			map.put(key, value.longValue());
		}
	}

}
