package io.github.lfwire.langfuse.prompt;

import java.util.Map;
import java.util.Objects;

/** A text prompt: one template with {@code {{variables}}}. */
public final class TextPrompt extends PromptBase {

	private final String prompt;

	TextPrompt(PromptMeta meta, String prompt) {
		super(meta);
		this.prompt = Objects.requireNonNull(prompt, "prompt");
	}

	/**
	 * A fallback prompt, as {@link LangfusePrompts} returns it when Langfuse cannot
	 * provide the prompt; for tests and code that runs without Langfuse.
	 */
	public static TextPrompt fallback(String name, String prompt) {
		return new TextPrompt(PromptMeta.fallback(name, LangfusePrompts.DEFAULT_LABEL), prompt);
	}

	/** The template as stored, with its {@code {{variables}}}. */
	public String prompt() {
		return this.prompt;
	}

	/**
	 * Replaces each {@code {{name}}} (spaces inside the braces ignored) by its variable's
	 * text, {@code null} by nothing; a variable that is not given stays as written, so a
	 * missing one is visible in the result.
	 */
	public String compile(Map<String, ?> variables) {
		return PromptTemplate.compile(this.prompt, variables);
	}

	@Override
	public PromptType type() {
		return PromptType.TEXT;
	}

}
