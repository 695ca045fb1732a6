package io.github.lfwire.langfuse;

/**
 * How a Langfuse trace relates to the application's own OpenTelemetry trace when an
 * application span is current as a Langfuse trace starts.
 */
public enum ApplicationTrace {

	/**
	 * The Langfuse trace keeps its own trace id and its root has no parent, so Langfuse
	 * fills the trace input and output; the application's trace and span ids are recorded
	 * as trace metadata {@value #APP_TRACE_ID_KEY} and {@value #APP_SPAN_ID_KEY}, and a
	 * recording application span gets the attribute {@value #LANGFUSE_TRACE_ID}.
	 */
	LINK,

	/**
	 * The Langfuse trace takes the application's trace id and its root observation is a
	 * child of the application span, marked {@code langfuse.internal.is_app_root};
	 * Langfuse then leaves the trace input, output and metadata empty. While a joined
	 * trace is recorded, the baggage entry {@value #TRACE_ID_BAGGAGE} holds its id, and a
	 * root that starts under baggage naming its own trace id (propagated from an upstream
	 * service) is not marked.
	 */
	JOIN,

	/**
	 * The application's trace is ignored: every Langfuse trace is its own, with nothing
	 * recorded about it.
	 */
	NONE;

	/**
	 * The trace metadata key that holds the application's trace id in {@link #LINK} mode.
	 */
	public static final String APP_TRACE_ID_KEY = "app_trace_id";

	/**
	 * The trace metadata key that holds the application's span id in {@link #LINK} mode.
	 */
	public static final String APP_SPAN_ID_KEY = "app_span_id";

	/**
	 * The baggage entry that holds the id of a joined Langfuse trace, as the official
	 * SDKs write it.
	 */
	public static final String TRACE_ID_BAGGAGE = "langfuse_trace_id";

	/**
	 * The attribute set on a recording application span to the linked Langfuse trace id.
	 */
	public static final String LANGFUSE_TRACE_ID = "langfuse.trace.id";

}
