package io.github.lfwire.langfuse.prompt;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

/** A request for a text prompt. */
public final class TextPromptRequest extends PromptRequest<TextPrompt, TextPromptRequest> {

	private @Nullable String fallback;

	TextPromptRequest(LangfusePrompts prompts, String name) {
		super(prompts, name, PromptType.TEXT);
	}

	/**
	 * The template returned, as a fallback prompt of version 0, when Langfuse cannot
	 * provide the prompt.
	 */
	public TextPromptRequest fallback(String prompt) {
		this.fallback = Objects.requireNonNull(prompt, "prompt");
		return this;
	}

	@Override
	@Nullable LangfusePrompt fallback(PromptMeta meta) {
		return (this.fallback != null) ? new TextPrompt(meta, this.fallback) : null;
	}

}
