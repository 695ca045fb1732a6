package io.github.lfwire.langfuse;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/** A score on a trace, an observation or a session, sent to Langfuse's ingestion endpoint. */
public final class Score {

	/** The kinds of score values Langfuse stores. */
	public enum DataType {

		/** A number. */
		NUMERIC,
		/** 0 or 1. */
		BOOLEAN,
		/** A label. */
		CATEGORICAL,
		/** Free text of 1 to 500 characters. */
		TEXT

	}

	private final String id;

	private final String name;

	private final DataType dataType;

	private final Object value;

	private final String traceId;

	private final String observationId;

	private final String sessionId;

	private final String comment;

	private final Map<String, Object> metadata;

	private final String environment;

	private final Instant timestamp;

	private Score(Builder builder) {
		this.id = (builder.id != null) ? builder.id : UUID.randomUUID().toString();
		this.name = builder.name;
		this.dataType = builder.dataType;
		this.value = builder.value;
		this.traceId = builder.traceId;
		this.observationId = builder.observationId;
		this.sessionId = builder.sessionId;
		this.comment = builder.comment;
		this.metadata = (builder.metadata != null) ? Map.copyOf(builder.metadata) : null;
		this.environment = builder.environment;
		this.timestamp = Instant.now();
	}

	/** A numeric score. */
	public static Builder numeric(String name, double value) {
		return new Builder(name, DataType.NUMERIC, value);
	}

	/** A boolean score, stored as 1 or 0. */
	public static Builder bool(String name, boolean value) {
		return new Builder(name, DataType.BOOLEAN, value ? 1.0 : 0.0);
	}

	/** A categorical score. */
	public static Builder categorical(String name, String value) {
		return new Builder(name, DataType.CATEGORICAL, value);
	}

	/** A text score of 1 to 500 characters. */
	public static Builder text(String name, String value) {
		return new Builder(name, DataType.TEXT, value);
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

	/** A {@link Double} for numeric and boolean scores, a {@link String} otherwise. */
	public Object value() {
		return this.value;
	}

	/** The scored trace, or {@code null}. */
	public String traceId() {
		return this.traceId;
	}

	/** The scored observation within the trace, or {@code null}. */
	public String observationId() {
		return this.observationId;
	}

	/** The scored session, or {@code null}. */
	public String sessionId() {
		return this.sessionId;
	}

	/** A comment, or {@code null}. */
	public String comment() {
		return this.comment;
	}

	/** Metadata, or {@code null}. */
	public Map<String, Object> metadata() {
		return this.metadata;
	}

	/** The environment, or {@code null}. */
	public String environment() {
		return this.environment;
	}

	/** When the score was created. */
	public Instant timestamp() {
		return this.timestamp;
	}

	@Override
	public String toString() {
		return "Score{name=" + this.name + ", dataType=" + this.dataType + ", value=" + this.value + ", traceId="
				+ this.traceId + ", observationId=" + this.observationId + ", sessionId=" + this.sessionId + "}";
	}

	/** Builds a {@link Score}; {@link #build()} checks the rules the server enforces. */
	public static final class Builder {

		private String id;

		private final String name;

		private final DataType dataType;

		private final Object value;

		private String traceId;

		private String observationId;

		private String sessionId;

		private String comment;

		private Map<String, Object> metadata;

		private String environment;

		private Builder(String name, DataType dataType, Object value) {
			this.name = name;
			this.dataType = dataType;
			this.value = value;
		}

		/** Sets the id, making repeated sends idempotent; a random UUID by default. */
		public Builder id(String id) {
			this.id = id;
			return this;
		}

		/** Scores a trace. */
		public Builder traceId(String traceId) {
			this.traceId = traceId;
			return this;
		}

		/** Scores one observation of the trace given by {@link #traceId(String)}. */
		public Builder observationId(String observationId) {
			this.observationId = observationId;
			return this;
		}

		/** Scores a session. */
		public Builder sessionId(String sessionId) {
			this.sessionId = sessionId;
			return this;
		}

		/** Adds a comment. */
		public Builder comment(String comment) {
			this.comment = comment;
			return this;
		}

		/** Adds metadata. */
		public Builder metadata(Map<String, Object> metadata) {
			this.metadata = metadata;
			return this;
		}

		/** Sets the environment. */
		public Builder environment(String environment) {
			this.environment = environment;
			return this;
		}

		boolean hasTarget() {
			return this.traceId != null || this.sessionId != null;
		}

		/**
		 * Checks the score and builds it.
		 * @throws IllegalArgumentException naming the rule the score breaks
		 */
		public Score build() {
			if (this.name == null || this.name.isBlank()) {
				throw new IllegalArgumentException("A score needs a non-blank name");
			}
			if ((this.traceId == null) == (this.sessionId == null)) {
				throw new IllegalArgumentException(
						"Score '" + this.name + "' needs exactly one of traceId and sessionId");
			}
			if (this.observationId != null && this.traceId == null) {
				throw new IllegalArgumentException("Score '" + this.name + "' has an observationId without a traceId");
			}
			if (this.id != null && (this.id.isEmpty() || this.id.length() > 800)) {
				throw new IllegalArgumentException("Score '" + this.name + "' id must have 1 to 800 characters");
			}
			switch (this.dataType) {
				case NUMERIC, BOOLEAN -> {
					if (!Double.isFinite((Double) this.value)) {
						throw new IllegalArgumentException("Score '" + this.name + "' value must be finite");
					}
				}
				case CATEGORICAL -> Objects.requireNonNull(this.value, "categorical score value");
				case TEXT -> {
					String text = (String) this.value;
					if (text == null || text.isEmpty() || text.length() > 500) {
						throw new IllegalArgumentException(
								"Text score '" + this.name + "' must have 1 to 500 characters");
					}
				}
			}
			return new Score(this);
		}

	}

}
