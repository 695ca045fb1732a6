package io.github.lfwire.langfuse.semconv;

/** The span attribute names Langfuse maps to observation and trace fields. */
public final class LangfuseAttributes {

	/** The observation type. */
	public static final String OBSERVATION_TYPE = "langfuse.observation.type";

	/** The observation input, a JSON string. */
	public static final String OBSERVATION_INPUT = "langfuse.observation.input";

	/** The observation output, a JSON string. */
	public static final String OBSERVATION_OUTPUT = "langfuse.observation.output";

	/** The prefix of one observation metadata entry. */
	public static final String OBSERVATION_METADATA_PREFIX = "langfuse.observation.metadata.";

	/** The observation level. */
	public static final String OBSERVATION_LEVEL = "langfuse.observation.level";

	/** The observation status message. */
	public static final String OBSERVATION_STATUS_MESSAGE = "langfuse.observation.status_message";

	/** The time the first token arrived, ISO-8601. */
	public static final String OBSERVATION_COMPLETION_START_TIME = "langfuse.observation.completion_start_time";

	/** The model name. */
	public static final String OBSERVATION_MODEL_NAME = "langfuse.observation.model.name";

	/** The model parameters, a JSON object. */
	public static final String OBSERVATION_MODEL_PARAMETERS = "langfuse.observation.model.parameters";

	/** Token usage, a JSON object of non-negative integers. */
	public static final String OBSERVATION_USAGE_DETAILS = "langfuse.observation.usage_details";

	/** Cost in USD, a JSON object of numbers. */
	public static final String OBSERVATION_COST_DETAILS = "langfuse.observation.cost_details";

	/** The linked prompt's name. */
	public static final String OBSERVATION_PROMPT_NAME = "langfuse.observation.prompt.name";

	/** The linked prompt's version, an integer. */
	public static final String OBSERVATION_PROMPT_VERSION = "langfuse.observation.prompt.version";

	/** The trace name. */
	public static final String TRACE_NAME = "langfuse.trace.name";

	/** The trace tags, a string array. */
	public static final String TRACE_TAGS = "langfuse.trace.tags";

	/** Whether the trace is public. */
	public static final String TRACE_PUBLIC = "langfuse.trace.public";

	/** The prefix of one trace metadata entry. */
	public static final String TRACE_METADATA_PREFIX = "langfuse.trace.metadata.";

	/** The trace's user. */
	public static final String USER_ID = "user.id";

	/** The trace's session. */
	public static final String SESSION_ID = "session.id";

	/** The environment. */
	public static final String ENVIRONMENT = "langfuse.environment";

	/** The release. */
	public static final String RELEASE = "langfuse.release";

	/** The version. */
	public static final String VERSION = "langfuse.version";

	/**
	 * Marks the root observation of a Langfuse trace whose parent is an application span,
	 * a boolean; the server then treats it as a root.
	 */
	public static final String INTERNAL_IS_APP_ROOT = "langfuse.internal.is_app_root";

	private LangfuseAttributes() {
	}

}
