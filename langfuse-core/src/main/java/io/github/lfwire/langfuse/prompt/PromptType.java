package io.github.lfwire.langfuse.prompt;

/** The two kinds of Langfuse prompt. */
public enum PromptType {

	/** A single text template. */
	TEXT("text"),

	/** A list of chat messages and placeholders. */
	CHAT("chat");

	private final String wireName;

	PromptType(String wireName) {
		this.wireName = wireName;
	}

	/** The name the Langfuse API uses, {@code text} or {@code chat}. */
	public String wireName() {
		return this.wireName;
	}

}
