package io.github.lfwire.langfuse.benchmarks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Builds JSON-like {@code Map<String, Object>} values of a requested JSON size, the shape
 * LLM applications pass around as chat histories, tool arguments and agent state: maps of
 * a dozen short keys repeated in every message, nested maps and lists, short strings,
 * numbers and booleans.
 */
public final class MapPayloads {

	/** The JSON size of {@link #small()}, as in the study's small map. */
	public static final int SMALL_BYTES = 526;

	private static final ObjectMapper MAPPER = JsonMapper.builder().build();

	private static final String[] CONTENTS = { "How do I rotate the API key of my workspace without downtime?",
			"Create the new key first, deploy it next to the old one, then revoke the old key once traffic moved.",
			"{\"accountId\":\"acc-1042\",\"plan\":\"annual\",\"keys\":2,\"lastRotation\":\"2026-10-01\"}",
			"Does the audit log show who revoked a key?",
			"Yes: every revocation is an audit entry with the actor, the time and the key's prefix." };

	private static final int SAMPLE_MESSAGES = 30;

	private MapPayloads() {
	}

	/**
	 * The arguments of one chat call as a map whose JSON form is {@value #SMALL_BYTES}
	 * bytes long.
	 */
	public static Map<String, Object> small() {
		Map<String, Object> system = message("system", "You are a support agent for a payments API. Be brief.");
		Map<String, Object> user = message("user", "");
		Map<String, Object> metadata = new LinkedHashMap<>();
		metadata.put("sessionId", "session-42");
		metadata.put("userId", "user-1042");
		metadata.put("channel", "web");
		Map<String, Object> request = new LinkedHashMap<>();
		request.put("model", "gpt-4o-mini");
		request.put("temperature", 0.2);
		request.put("maxTokens", 256);
		request.put("stream", false);
		request.put("messages", new ArrayList<>(List.of(system, user)));
		request.put("tools", new ArrayList<>(List.of("lookup_account", "rotate_key")));
		request.put("metadata", metadata);
		int missing = SMALL_BYTES - jsonSize(request);
		StringBuilder content = new StringBuilder(CONTENTS[0]);
		while (content.length() < missing) {
			content.append(' ').append(CONTENTS[3]);
		}
		user.put("content", content.substring(0, Math.max(0, missing)));
		return request;
	}

	/**
	 * An agent state whose JSON form is at most {@code bytes} long and within one message
	 * of it.
	 */
	public static Map<String, Object> stateAtMost(int bytes) {
		int count = estimatedMessages(bytes);
		while (count > 1 && jsonSize(state(count)) > bytes) {
			count--;
		}
		while (jsonSize(state(count + 1)) <= bytes) {
			count++;
		}
		return state(count);
	}

	/** An agent state whose JSON form is at least {@code bytes} long. */
	public static Map<String, Object> stateAtLeast(int bytes) {
		int count = estimatedMessages(bytes);
		while (jsonSize(state(count)) < bytes) {
			count++;
		}
		return state(count);
	}

	/** The length of the value's JSON form through a plain mapper. */
	public static int jsonSize(Object value) {
		return MAPPER.writeValueAsBytes(value).length;
	}

	private static int estimatedMessages(int bytes) {
		int perMessage = jsonSize(state(SAMPLE_MESSAGES)) / SAMPLE_MESSAGES;
		return Math.max(1, bytes / perMessage);
	}

	/** An agent state of {@code messages} chat messages with tool calls and results. */
	static Map<String, Object> state(int messages) {
		List<Object> history = new ArrayList<>(messages);
		for (int i = 0; i < messages; i++) {
			history.add(historyMessage(i));
		}
		Map<String, Object> variables = new LinkedHashMap<>();
		variables.put("plan", "annual");
		variables.put("region", "eu-west-1");
		variables.put("escalated", false);
		variables.put("openTickets", 2);
		Map<String, Object> usage = new LinkedHashMap<>();
		usage.put("promptTokens", 812 * messages);
		usage.put("completionTokens", 96 * messages);
		usage.put("totalTokens", 908 * messages);
		Map<String, Object> state = new LinkedHashMap<>();
		state.put("sessionId", "session-42");
		state.put("userId", "user-1042");
		state.put("agent", "support-agent");
		state.put("step", messages);
		state.put("messages", history);
		state.put("variables", variables);
		state.put("usage", usage);
		return state;
	}

	private static Map<String, Object> historyMessage(int index) {
		String role = switch (index % 3) {
			case 0 -> "user";
			case 1 -> "assistant";
			default -> "tool";
		};
		Map<String, Object> message = message(role, CONTENTS[index % CONTENTS.length]);
		message.put("id", "msg-" + index);
		message.put("createdAt", "2026-12-06T08:" + (10 + index % 50) + ":00Z");
		message.put("tokens", 17 + index % 13);
		Map<String, Object> metadata = new LinkedHashMap<>();
		metadata.put("source", "web");
		metadata.put("locale", "en-US");
		metadata.put("flagged", false);
		metadata.put("latencyMs", 120 + index % 40);
		message.put("metadata", metadata);
		if (role.equals("assistant")) {
			Map<String, Object> arguments = new LinkedHashMap<>();
			arguments.put("accountId", "acc-1042");
			arguments.put("includeHistory", true);
			arguments.put("limit", 5);
			Map<String, Object> function = new LinkedHashMap<>();
			function.put("name", "lookup_account");
			function.put("arguments", arguments);
			Map<String, Object> call = new LinkedHashMap<>();
			call.put("id", "call-" + index);
			call.put("type", "function");
			call.put("function", function);
			message.put("toolCalls", new ArrayList<>(List.of(call)));
		}
		else if (role.equals("tool")) {
			message.put("toolCallId", "call-" + (index - 1));
			message.put("name", "lookup_account");
		}
		return message;
	}

	private static Map<String, Object> message(String role, String content) {
		Map<String, Object> message = new LinkedHashMap<>();
		message.put("role", role);
		message.put("content", content);
		return message;
	}

}
