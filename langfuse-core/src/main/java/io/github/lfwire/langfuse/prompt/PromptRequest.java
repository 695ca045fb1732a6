package io.github.lfwire.langfuse.prompt;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * A request for one prompt: a label (default {@code production}) or a version, and an
 * optional fallback.
 *
 * @param <P> the type of prompt
 * @param <R> the type of request, returned by its refining methods
 */
public abstract sealed class PromptRequest<P extends LangfusePrompt, R extends PromptRequest<P, R>>
		permits TextPromptRequest, ChatPromptRequest {

	private final LangfusePrompts prompts;

	private final String name;

	private final PromptType type;

	private @Nullable String label;

	private @Nullable Integer version;

	PromptRequest(LangfusePrompts prompts, String name, PromptType type) {
		if (name == null || name.isBlank()) {
			throw new IllegalArgumentException("A prompt name must not be empty");
		}
		this.prompts = prompts;
		this.name = name;
		this.type = type;
	}

	/**
	 * Fetches the version that has this label; not together with {@link #version(int)}.
	 */
	public R label(String label) {
		if (this.version != null) {
			throw new IllegalArgumentException("Ask for a label or a version of prompt '" + this.name + "', not both");
		}
		this.label = Objects.requireNonNull(label, "label");
		return self();
	}

	/** Fetches this version; not together with {@link #label(String)}. */
	public R version(int version) {
		if (this.label != null) {
			throw new IllegalArgumentException("Ask for a label or a version of prompt '" + this.name + "', not both");
		}
		this.version = version;
		return self();
	}

	/**
	 * The prompt from the cache, or from Langfuse within the fetch timeout, or the
	 * fallback when one is given.
	 * @throws LangfusePromptNotFoundException when Langfuse has no such prompt and no
	 * fallback is given
	 * @throws LangfusePromptException when Langfuse cannot provide it for another reason
	 * and no fallback is given
	 */
	@SuppressWarnings("unchecked")
	public P get() {
		return (P) this.prompts.get(this);
	}

	@SuppressWarnings("unchecked")
	private R self() {
		return (R) this;
	}

	String name() {
		return this.name;
	}

	@Nullable String label() {
		return this.label;
	}

	@Nullable Integer version() {
		return this.version;
	}

	PromptType type() {
		return this.type;
	}

	abstract @Nullable LangfusePrompt fallback(PromptMeta meta);

}
