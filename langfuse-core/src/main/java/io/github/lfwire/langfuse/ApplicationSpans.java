package io.github.lfwire.langfuse;

/**
 * Which of the application's own OpenTelemetry spans travel to Langfuse in
 * {@link ApplicationTrace#JOIN} mode, besides the ancestors of kept spans and of Langfuse
 * observations; a {@link SpanFilter} set on {@link TracingSettings} replaces it.
 */
public enum ApplicationSpans {

	/**
	 * Spans of LLM libraries and spans with GenAI or Langfuse attributes
	 * ({@link SpanFilter#LLM}).
	 */
	LLM(SpanFilter.LLM),

	/** Every application span of a sampled trace. */
	ALL(SpanFilter.ALL),

	/**
	 * No application span: Langfuse observations travel alone, the root of a joined trace
	 * marked {@code langfuse.internal.is_app_root}.
	 */
	NONE(SpanFilter.NONE);

	private final SpanFilter filter;

	ApplicationSpans(SpanFilter filter) {
		this.filter = filter;
	}

	/** The filter this choice stands for. */
	public SpanFilter filter() {
		return this.filter;
	}

}
