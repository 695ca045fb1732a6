package io.github.lfwire.sample.model;

/**
 * One chat message in the shape chat completion APIs use.
 *
 * @param role {@code system}, {@code user}, {@code assistant} or {@code tool}
 * @param content the text
 */
public record Message(String role, String content) {

	public static Message system(String content) {
		return new Message("system", content);
	}

	public static Message user(String content) {
		return new Message("user", content);
	}

	public static Message assistant(String content) {
		return new Message("assistant", content);
	}

}
