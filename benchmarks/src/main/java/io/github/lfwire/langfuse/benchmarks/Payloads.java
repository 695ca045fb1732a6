package io.github.lfwire.langfuse.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Builds conversation-like object graphs of a requested JSON size, the kind of state an
 * LLM workflow passes on.
 */
public final class Payloads {

	private static final String TEXT = "The customer asks how to rotate an API key without downtime; the agent "
			+ "explains the two-key overlap, the audit log entry and the rollback path. ";

	private Payloads() {
	}

	/** A message of a conversation. */
	public record Message(int index, String role, String text, double score) {
	}

	/**
	 * A conversation state holding messages whose JSON form is about the requested size.
	 */
	public record State(String sessionId, List<Message> messages) {
	}

	/** Parses sizes such as {@code 512B}, {@code 50KB} and {@code 5MB}. */
	public static int parseSize(String size) {
		String value = size.trim().toUpperCase(Locale.ROOT);
		if (value.endsWith("MB")) {
			return Integer.parseInt(value.substring(0, value.length() - 2)) * 1024 * 1024;
		}
		if (value.endsWith("KB")) {
			return Integer.parseInt(value.substring(0, value.length() - 2)) * 1024;
		}
		if (value.endsWith("B")) {
			return Integer.parseInt(value.substring(0, value.length() - 1));
		}
		throw new IllegalArgumentException("Not a size such as 512B, 50KB or 5MB: " + size);
	}

	/** A state whose JSON form is about {@code bytes} long. */
	public static State state(int bytes) {
		int perMessage = 60 + TEXT.length();
		int count = Math.max(1, bytes / perMessage);
		List<Message> messages = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			messages.add(new Message(i, (i % 2 == 0) ? "user" : "assistant", TEXT, i / 7.0));
		}
		return new State("session-42", List.copyOf(messages));
	}

}
