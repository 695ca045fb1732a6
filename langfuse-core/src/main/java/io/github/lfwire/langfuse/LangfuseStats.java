package io.github.lfwire.langfuse;

import io.github.lfwire.langfuse.export.ExportStats;
import org.jspecify.annotations.Nullable;

/**
 * A snapshot of a client's counters, for health pages and metrics.
 * <p>
 * Once everything is flushed,
 * {@code observationsStarted = observationsSampledOut + spans.exported + spans.dropped}
 * for observations that have ended.
 *
 * @param enabled whether the client exports
 * @param disabledReason why it does not, or {@code null}
 * @param observationsStarted observations started
 * @param observationsSampledOut observations not recorded because their trace was sampled
 * out
 * @param capturesTruncated captured values cut at the size limit
 * @param scoresInvalid scores refused before sending because they broke a rule
 * @param spans the span export pipeline
 * @param scores the score export pipeline
 */
public record LangfuseStats(boolean enabled, @Nullable String disabledReason, long observationsStarted,
		long observationsSampledOut, long capturesTruncated, long scoresInvalid, ExportStats spans,
		ExportStats scores) {
}
