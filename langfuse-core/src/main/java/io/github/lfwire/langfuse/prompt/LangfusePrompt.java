package io.github.lfwire.langfuse.prompt;

import java.util.List;
import java.util.Map;

/**
 * One version of a prompt managed in Langfuse, or a fallback given by the application
 * when Langfuse could not provide it.
 */
public sealed interface LangfusePrompt permits PromptBase {

	/** The prompt's name, folders separated by {@code /}. */
	String name();

	/** The version, from 1; {@code 0} for a fallback. */
	int version();

	/** The labels of this version, such as {@code production} and {@code latest}. */
	List<String> labels();

	/** The tags shared by all versions of the prompt. */
	List<String> tags();

	/** The version's config, such as model parameters; empty when none is set. */
	Map<String, Object> config();

	/**
	 * Whether this is the application's fallback rather than a version fetched from
	 * Langfuse.
	 */
	boolean isFallback();

	/** Whether this is a text or a chat prompt. */
	PromptType type();

}
