package io.github.lfwire.langfuse;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A score on a trace, an observation, a session or a dataset run, sent to Langfuse's
 * ingestion endpoint.
 */
public final class Score {

	/** The kinds of score values Langfuse stores. */
	public enum DataType {

		/** A number, held as {@link ScoreValue.Number}. */
		NUMERIC,
		/** 0 or 1, held as {@link ScoreValue.Number}. */
		BOOLEAN,
		/** A label, held as {@link ScoreValue.Text}. */
		CATEGORICAL,
		/** Free text of 1 to 500 characters, held as {@link ScoreValue.Text}. */
		TEXT

	}

	private final String id;

	private final String name;

	private final DataType dataType;

	private final ScoreValue value;

	private final @Nullable String traceId;

	private final @Nullable String observationId;

	private final @Nullable String sessionId;

	private final @Nullable String datasetRunId;

	private final @Nullable String comment;

	private final @Nullable Map<String, Object> metadata;

	private final @Nullable String environment;

	private final Instant timestamp;

	private Score(Builder builder, String name, ScoreValue value) {
		this.id = (builder.id != null) ? builder.id : UUID.randomUUID().toString();
		this.name = name;
		this.dataType = builder.dataType;
		this.value = value;
		this.traceId = builder.traceId;
		this.observationId = builder.observationId;
		this.sessionId = builder.sessionId;
		this.datasetRunId = builder.datasetRunId;
		this.comment = builder.comment;
		this.metadata = (builder.metadata != null) ? Map.copyOf(builder.metadata) : null;
		this.environment = builder.environment;
		this.timestamp = Instant.now();
	}

	/** A numeric score. */
	public static Builder numeric(String name, double value) {
		return new Builder(name, DataType.NUMERIC, new ScoreValue.Number(value));
	}

	/** A boolean score, stored as 1 or 0. */
	public static Builder bool(String name, boolean value) {
		return new Builder(name, DataType.BOOLEAN, new ScoreValue.Number(value ? 1.0 : 0.0));
	}

	/** A categorical score. */
	public static Builder categorical(String name, String value) {
		return new Builder(name, DataType.CATEGORICAL, (value != null) ? new ScoreValue.Text(value) : null);
	}

	/** A text score of 1 to 500 characters. */
	public static Builder text(String name, String value) {
		return new Builder(name, DataType.TEXT, (value != null) ? new ScoreValue.Text(value) : null);
	}

	/** The unique id, also used as the event id. */
	public String id() {
		return this.id;
	}

	/** The score's name. */
	public String name() {
		return this.name;
	}

	/** The kind of value. */
	public DataType dataType() {
		return this.dataType;
	}

	/**
	 * The value: a {@link ScoreValue.Number} for numeric and boolean scores, a
	 * {@link ScoreValue.Text} otherwise.
	 */
	public ScoreValue value() {
		return this.value;
	}

	/** The scored trace, or {@code null}. */
	public @Nullable String traceId() {
		return this.traceId;
	}

	/** The scored observation within the trace, or {@code null}. */
	public @Nullable String observationId() {
		return this.observationId;
	}

	/** The scored session, or {@code null}. */
	public @Nullable String sessionId() {
		return this.sessionId;
	}

	/** The scored dataset run, or {@code null}. */
	public @Nullable String datasetRunId() {
		return this.datasetRunId;
	}

	/** A comment, or {@code null}. */
	public @Nullable String comment() {
		return this.comment;
	}

	/** Metadata, or {@code null}. */
	public @Nullable Map<String, Object> metadata() {
		return this.metadata;
	}

	/** The environment, or {@code null}. */
	public @Nullable String environment() {
		return this.environment;
	}

	/** When the score was created. */
	public Instant timestamp() {
		return this.timestamp;
	}

	@Override
	public String toString() {
		return "Score{name=" + this.name + ", dataType=" + this.dataType + ", value=" + this.value + ", traceId="
				+ this.traceId + ", observationId=" + this.observationId + ", sessionId=" + this.sessionId
				+ ((this.datasetRunId != null) ? ", datasetRunId=" + this.datasetRunId : "") + "}";
	}

	/** Builds a {@link Score}; {@link #build()} checks the rules the server enforces. */
	public static final class Builder {

		private @Nullable String id;

		private final @Nullable String name;

		private final DataType dataType;

		private final @Nullable ScoreValue value;

		private @Nullable String traceId;

		private @Nullable String observationId;

		private @Nullable String sessionId;

		private @Nullable String datasetRunId;

		private @Nullable String comment;

		private @Nullable Map<String, Object> metadata;

		private @Nullable String environment;

		private Builder(@Nullable String name, DataType dataType, @Nullable ScoreValue value) {
			this.name = name;
			this.dataType = dataType;
			this.value = value;
		}

		/** Sets the id, making repeated sends idempotent; a random UUID by default. */
		public Builder id(@Nullable String id) {
			this.id = id;
			return this;
		}

		/** Scores a trace. */
		public Builder traceId(@Nullable String traceId) {
			this.traceId = traceId;
			return this;
		}

		/** Scores one observation of the trace given by {@link #traceId(String)}. */
		public Builder observationId(@Nullable String observationId) {
			this.observationId = observationId;
			return this;
		}

		/** Scores a session. */
		public Builder sessionId(@Nullable String sessionId) {
			this.sessionId = sessionId;
			return this;
		}

		/** Scores a dataset run, such as an experiment's run over a dataset. */
		public Builder datasetRunId(@Nullable String datasetRunId) {
			this.datasetRunId = datasetRunId;
			return this;
		}

		/** Adds a comment. */
		public Builder comment(@Nullable String comment) {
			this.comment = comment;
			return this;
		}

		/** Adds metadata. */
		public Builder metadata(@Nullable Map<String, Object> metadata) {
			this.metadata = metadata;
			return this;
		}

		/** Sets the environment; without one, the client's is used. */
		public Builder environment(@Nullable String environment) {
			this.environment = environment;
			return this;
		}

		boolean hasEnvironment() {
			return this.environment != null && !this.environment.isBlank();
		}

		/**
		 * Checks the score and builds it.
		 * @throws IllegalArgumentException naming the rule the score breaks
		 */
		public Score build() {
			if (this.name == null || this.name.isBlank()) {
				throw new IllegalArgumentException("A score needs a non-blank name");
			}
			int targets = ((this.traceId != null) ? 1 : 0) + ((this.sessionId != null) ? 1 : 0)
					+ ((this.datasetRunId != null) ? 1 : 0);
			if (targets != 1) {
				throw new IllegalArgumentException(
						"Score '" + this.name + "' needs exactly one of traceId, sessionId and datasetRunId");
			}
			if (this.observationId != null && this.traceId == null) {
				throw new IllegalArgumentException("Score '" + this.name + "' has an observationId without a traceId");
			}
			if (this.id != null && (this.id.isEmpty() || this.id.length() > 800)) {
				throw new IllegalArgumentException("Score '" + this.name + "' id must have 1 to 800 characters");
			}
			if (this.value instanceof ScoreValue.Number number && !Double.isFinite(number.value())) {
				throw new IllegalArgumentException("Score '" + this.name + "' value must be finite");
			}
			if (this.value == null) {
				throw new IllegalArgumentException("Score '" + this.name + "' needs a value");
			}
			if (this.dataType == DataType.TEXT && this.value instanceof ScoreValue.Text text
					&& (text.value().isEmpty() || text.value().length() > 500)) {
				throw new IllegalArgumentException("Text score '" + this.name + "' must have 1 to 500 characters");
			}
			return new Score(this, this.name, this.value);
		}

	}

}
