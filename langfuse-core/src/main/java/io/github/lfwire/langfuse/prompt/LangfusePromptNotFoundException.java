package io.github.lfwire.langfuse.prompt;

/**
 * Thrown when Langfuse has no prompt of that name with the asked label or version, and no
 * fallback was given.
 */
public final class LangfusePromptNotFoundException extends LangfusePromptException {

	/** Creates an exception with the server's message. */
	public LangfusePromptNotFoundException(String message) {
		super(message);
	}

}
