package io.github.lfwire.langfuse.internal.score;

import java.time.Instant;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * One validated score as the score pipeline sends it.
 *
 * @param id the score id, also the event id
 * @param timestamp when the score was made
 * @param name the score name
 * @param dataType {@code NUMERIC}, {@code BOOLEAN}, {@code CATEGORICAL} or {@code TEXT}
 * @param value a {@link Double} for numeric and boolean scores, otherwise a
 * {@link String}
 * @param traceId the trace, or {@code null}
 * @param observationId the observation, or {@code null}
 * @param sessionId the session, or {@code null}
 * @param comment the comment, or {@code null}
 * @param environment the environment, or {@code null}
 * @param metadata the metadata, or {@code null}
 * @param datasetRunId the dataset run, or {@code null}
 */
public record ScoreEvent(String id, Instant timestamp, String name, String dataType, Object value,
		@Nullable String traceId, @Nullable String observationId, @Nullable String sessionId, @Nullable String comment,
		@Nullable String environment, @Nullable Map<String, Object> metadata, @Nullable String datasetRunId) {

}
