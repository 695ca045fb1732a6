package io.github.lfwire.langfuse.testing;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One {@code score-create} event that {@link FakeLangfuseServer} accepted and stored.
 *
 * @param eventId the id of the ingestion event envelope
 * @param body the event body as parsed JSON: maps, lists, strings, numbers, booleans and
 * nulls
 */
public record ReceivedScore(String eventId, Map<String, Object> body) {

	public ReceivedScore {
		body = Collections.unmodifiableMap(new LinkedHashMap<>(body));
	}

	/**
	 * Returns the score id ({@code body.id}).
	 * @return the score id
	 */
	public String scoreId() {
		return text("id");
	}

	/**
	 * Returns the score name.
	 * @return the name
	 */
	public String name() {
		return text("name");
	}

	/**
	 * Returns the scored trace id.
	 * @return the trace id, or {@code null}
	 */
	public String traceId() {
		return text("traceId");
	}

	/**
	 * Returns the scored observation id.
	 * @return the observation id, or {@code null}
	 */
	public String observationId() {
		return text("observationId");
	}

	/**
	 * Returns the scored session id.
	 * @return the session id, or {@code null}
	 */
	public String sessionId() {
		return text("sessionId");
	}

	/**
	 * Returns the scored dataset run id.
	 * @return the dataset run id, or {@code null}
	 */
	public String datasetRunId() {
		return text("datasetRunId");
	}

	/**
	 * Returns the data type.
	 * @return {@code NUMERIC}, {@code BOOLEAN}, {@code CATEGORICAL}, {@code TEXT}, or
	 * {@code null} when not sent
	 */
	public String dataType() {
		return text("dataType");
	}

	/**
	 * Returns the score value.
	 * @return a {@code Number} or a {@code String}
	 */
	public Object value() {
		return this.body.get("value");
	}

	/**
	 * Returns the comment.
	 * @return the comment, or {@code null}
	 */
	public String comment() {
		return text("comment");
	}

	/**
	 * Returns the environment.
	 * @return the environment, or {@code null}
	 */
	public String environment() {
		return text("environment");
	}

	private String text(String key) {
		Object value = this.body.get(key);
		return (value != null) ? String.valueOf(value) : null;
	}

}
