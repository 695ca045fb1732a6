package io.github.lfwire.langfuse.prompt;

/** Thrown when Langfuse cannot provide a prompt and the caller gave no fallback. */
public class LangfusePromptException extends RuntimeException {

	/** Creates an exception with a message that never contains a key. */
	public LangfusePromptException(String message) {
		super(message);
	}

	/** Creates an exception with a message that never contains a key, and its cause. */
	public LangfusePromptException(String message, Throwable cause) {
		super(message, cause);
	}

}
