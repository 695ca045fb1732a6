package io.github.lfwire.langfuse.prompt;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/** A text prompt: one template with {@code {{variables}}}. */
public final class TextPrompt implements LangfusePrompt {

	private final PromptMeta meta;

	private final String prompt;

	TextPrompt(PromptMeta meta, String prompt) {
		this.meta = meta;
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
	public String name() {
		return this.meta.name();
	}

	@Override
	public int version() {
		return this.meta.version();
	}

	@Override
	public List<String> labels() {
		return this.meta.labels();
	}

	@Override
	public List<String> tags() {
		return this.meta.tags();
	}

	@Override
	public Map<String, Object> config() {
		return this.meta.config();
	}

	@Override
	public boolean isFallback() {
		return this.meta.fallback();
	}

	@Override
	public PromptType type() {
		return PromptType.TEXT;
	}

	@Override
	public String toString() {
		return "TextPrompt" + this.meta.describe(PromptType.TEXT);
	}

}
