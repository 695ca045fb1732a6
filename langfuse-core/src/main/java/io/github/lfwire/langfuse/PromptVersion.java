package io.github.lfwire.langfuse;

/**
 * A version of a prompt that observations link to, such as a
 * {@code io.github.lfwire.langfuse.prompt.LangfusePrompt}.
 */
public interface PromptVersion {

	/** The prompt's name, folders separated by {@code /}. */
	String name();

	/** The version, from 1; {@code 0} for a fallback. */
	int version();

	/**
	 * Whether this is the application's fallback rather than a version stored in
	 * Langfuse, which is never linked.
	 */
	boolean isFallback();

}
