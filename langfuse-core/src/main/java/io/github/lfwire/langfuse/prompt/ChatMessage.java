package io.github.lfwire.langfuse.prompt;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * One message of a chat prompt, or a placeholder that
 * {@link ChatPrompt#compile(java.util.Map, java.util.Map)} replaces with a list of
 * messages.
 *
 * @param role the role, such as {@code system}, {@code user} or {@code assistant};
 * {@code null} for a placeholder
 * @param content the text; {@code null} for a placeholder
 * @param placeholderName the placeholder's name, or {@code null} for a message
 */
public record ChatMessage(@Nullable String role, @Nullable String content, @Nullable String placeholderName) {

	public ChatMessage {
		if (placeholderName != null) {
			if (role != null || content != null) {
				throw new IllegalArgumentException("A placeholder has a name only, no role or content");
			}
		}
		else {
			Objects.requireNonNull(role, "role");
			Objects.requireNonNull(content, "content");
		}
	}

	/** A message with the given role and text. */
	public static ChatMessage of(String role, String content) {
		return new ChatMessage(role, content, null);
	}

	/** A system message. */
	public static ChatMessage system(String content) {
		return of("system", content);
	}

	/** A user message. */
	public static ChatMessage user(String content) {
		return of("user", content);
	}

	/** An assistant message. */
	public static ChatMessage assistant(String content) {
		return of("assistant", content);
	}

	/**
	 * A placeholder for a list of messages given when the prompt is compiled, such as the
	 * chat history.
	 */
	public static ChatMessage placeholder(String name) {
		return new ChatMessage(null, null, Objects.requireNonNull(name, "name"));
	}

	/** Whether this is a placeholder rather than a message. */
	public boolean isPlaceholder() {
		return this.placeholderName != null;
	}

}
