package io.github.lfwire.langfuse;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.lfwire.langfuse.export.ExportStats;
import io.github.lfwire.langfuse.stats.Stat;
import io.github.lfwire.langfuse.stats.StatGroup;
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
 * @param capturesDeferred captured values serialized on the export thread: kept by
 * reference, since they cannot change, or as a copy of their maps and lists
 * @param capturesTooLargeToDefer captured values serialized on the caller's thread
 * because their estimated size was over the deferral bound
 * @param scoresInvalid scores refused before sending because they broke a rule
 * @param spans the span export pipeline
 * @param scores the score export pipeline
 * @param destinations the pipeline of each span exporter added beside Langfuse, by name
 * @param applicationSpans the application's own spans in join mode
 */
public record LangfuseStats(boolean enabled, @Nullable String disabledReason, long observationsStarted,
		long observationsSampledOut, long capturesTruncated, long capturesDeferred, long capturesTooLargeToDefer,
		long scoresInvalid, ExportStats spans, ExportStats scores, Map<String, ExportStats> destinations,
		ApplicationSpanStats applicationSpans) {

	/** The stats of a client that defers no captured value. */
	public LangfuseStats(boolean enabled, @Nullable String disabledReason, long observationsStarted,
			long observationsSampledOut, long capturesTruncated, long scoresInvalid, ExportStats spans,
			ExportStats scores, Map<String, ExportStats> destinations, ApplicationSpanStats applicationSpans) {
		this(enabled, disabledReason, observationsStarted, observationsSampledOut, capturesTruncated, 0, 0,
				scoresInvalid, spans, scores, destinations, applicationSpans);
	}

	/** The stats of a client that forwards no application spans. */
	public LangfuseStats(boolean enabled, @Nullable String disabledReason, long observationsStarted,
			long observationsSampledOut, long capturesTruncated, long scoresInvalid, ExportStats spans,
			ExportStats scores, Map<String, ExportStats> destinations) {
		this(enabled, disabledReason, observationsStarted, observationsSampledOut, capturesTruncated, scoresInvalid,
				spans, scores, destinations, ApplicationSpanStats.NONE);
	}

	/** The stats of a client without added span exporters. */
	public LangfuseStats(boolean enabled, @Nullable String disabledReason, long observationsStarted,
			long observationsSampledOut, long capturesTruncated, long scoresInvalid, ExportStats spans,
			ExportStats scores) {
		this(enabled, disabledReason, observationsStarted, observationsSampledOut, capturesTruncated, scoresInvalid,
				spans, scores, Map.of());
	}

	/**
	 * These stats with the given counts of deferred captures and of those too large to
	 * defer.
	 */
	LangfuseStats withCapturesDeferred(long deferred, long tooLargeToDefer) {
		return new LangfuseStats(this.enabled, this.disabledReason, this.observationsStarted,
				this.observationsSampledOut, this.capturesTruncated, deferred, tooLargeToDefer, this.scoresInvalid,
				this.spans, this.scores, this.destinations, this.applicationSpans);
	}

	/**
	 * The stats of every part: {@code observations}, {@code spans}, {@code scores} and
	 * one {@code destinations} group per added span exporter, tagged with its name, then
	 * {@code applicationSpans} when the client forwards application spans.
	 */
	public List<StatGroup> describe() {
		List<StatGroup> groups = new ArrayList<>();
		groups.add(new StatGroup("observations", List.of(
				Stat.counter("started", "Observations started", this.observationsStarted),
				Stat.counter("sampledOut", "Observations not recorded by sampling", this.observationsSampledOut),
				Stat.counter("capturesTruncated", "Captured values cut at the size limit", this.capturesTruncated),
				Stat.counter("capturesDeferred", "Captured values serialized on the export thread",
						this.capturesDeferred),
				Stat.counter("capturesTooLargeToDefer",
						"Captured values serialized on the caller's thread because they were estimated over the deferral bound",
						this.capturesTooLargeToDefer))));
		groups.add(this.spans.describe("spans"));
		groups.add(this.scores.describe("scores")
			.with(Stat.counter("invalid", "Scores refused before sending because they broke a rule",
					this.scoresInvalid)));
		this.destinations.forEach((name, destination) -> groups
			.add(destination.describe("destinations").tagged(Map.of("destination", name))));
		if (this.applicationSpans.capacity() > 0) {
			groups.add(this.applicationSpans.describe());
		}
		return List.copyOf(groups);
	}

}
