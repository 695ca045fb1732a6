package io.github.lfwire.langfuse;

import java.util.Map;

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
 * @param destinations the pipeline of each span exporter added beside Langfuse, by name
 */
public record LangfuseStats(boolean enabled, @Nullable String disabledReason, long observationsStarted,
		long observationsSampledOut, long capturesTruncated, long scoresInvalid, ExportStats spans, ExportStats scores,
		Map<String, ExportStats> destinations) {

	/** The stats of a client without added span exporters. */
	public LangfuseStats(boolean enabled, @Nullable String disabledReason, long observationsStarted,
			long observationsSampledOut, long capturesTruncated, long scoresInvalid, ExportStats spans,
			ExportStats scores) {
		this(enabled, disabledReason, observationsStarted, observationsSampledOut, capturesTruncated, scoresInvalid,
				spans, scores, Map.of());
	}

}
