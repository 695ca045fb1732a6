package io.github.lfwire.langfuse.prompt;

import java.util.List;
import java.util.Map;

/** The fields and text every kind of prompt shares, read from its {@link PromptMeta}. */
abstract sealed class PromptBase implements LangfusePrompt permits TextPrompt, ChatPrompt {

	private final PromptMeta meta;

	PromptBase(PromptMeta meta) {
		this.meta = meta;
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
	public String toString() {
		return getClass().getSimpleName() + this.meta.describe(type());
	}

}
