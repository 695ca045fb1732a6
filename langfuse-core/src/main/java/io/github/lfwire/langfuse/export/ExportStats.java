package io.github.lfwire.langfuse.export;

import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import io.github.lfwire.langfuse.stats.Stat;
import io.github.lfwire.langfuse.stats.StatGroup;
import org.jspecify.annotations.Nullable;

/**
 * A snapshot of one export pipeline's counters.
 *
 * @param enqueued items accepted into the queue
 * @param exported items the server acknowledged
 * @param dropped items dropped, for every {@link DropReason}
 * @param failedExports failed export attempts, for every {@link FailureCause}
 * @param retries export attempts that were retries
 * @param queueSize items queued or in flight
 * @param queueCapacity the most items the queue holds
 * @param queueBytes estimated bytes queued or in flight
 * @param queueBytesCapacity the most bytes the queue holds
 * @param lastSuccessfulExport when the server last acknowledged an export, or
 * {@code null}
 * @param lastError the last export error, or {@code null}
 * @param lastFailureCause the cause of the last failed attempt, or {@code null}
 * @param consecutiveFailures failed attempts since the last success
 * @param tracesRefused traces refused whole at their root because the queue was above its
 * high-water mark, their items counted as dropped for {@link DropReason#TRACE_REFUSED}
 */
public record ExportStats(long enqueued, long exported, Map<DropReason, Long> dropped,
		Map<FailureCause, Long> failedExports, long retries, int queueSize, int queueCapacity, long queueBytes,
		long queueBytesCapacity, @Nullable Instant lastSuccessfulExport, @Nullable String lastError,
		@Nullable FailureCause lastFailureCause, long consecutiveFailures, long tracesRefused) {

	/** The stats of a pipeline that refuses no trace. */
	public ExportStats(long enqueued, long exported, Map<DropReason, Long> dropped,
			Map<FailureCause, Long> failedExports, long retries, int queueSize, int queueCapacity, long queueBytes,
			long queueBytesCapacity, @Nullable Instant lastSuccessfulExport, @Nullable String lastError,
			@Nullable FailureCause lastFailureCause, long consecutiveFailures) {
		this(enqueued, exported, dropped, failedExports, retries, queueSize, queueCapacity, queueBytes,
				queueBytesCapacity, lastSuccessfulExport, lastError, lastFailureCause, consecutiveFailures, 0);
	}

	/**
	 * The stats of a pipeline that does not exist, such as the one of a disabled client.
	 */
	public static ExportStats none() {
		Map<DropReason, Long> dropped = new EnumMap<>(DropReason.class);
		for (DropReason reason : DropReason.values()) {
			dropped.put(reason, 0L);
		}
		Map<FailureCause, Long> failures = new EnumMap<>(FailureCause.class);
		for (FailureCause cause : FailureCause.values()) {
			failures.put(cause, 0L);
		}
		return new ExportStats(0, 0, Collections.unmodifiableMap(dropped), Collections.unmodifiableMap(failures), 0, 0,
				0, 0, 0, null, null, null, 0);
	}

	/**
	 * The stats of this pipeline under the given name, such as {@code spans}; the meters
	 * keep the names {@code langfuse.<name>.exported}, {@code .dropped{reason}} and
	 * {@code .export.failures{cause}}.
	 */
	public StatGroup describe(String name) {
		return new StatGroup(name, Map.of(), List.of(
				Stat.counter("enqueued", "Items accepted into the queue", this.enqueued),
				Stat.counter("exported", "Items the destination acknowledged", this.exported),
				Stat.counts("dropped", "Items dropped instead of delivered", "reason", DropReason.class, this.dropped),
				Stat.counts(
						"exportFailures", "Failed export attempts", "cause", FailureCause.class, this.failedExports),
				Stat.counter("retries", "Export attempts that were retries", this.retries),
				Stat.counter("tracesRefused",
						"Traces refused whole at their root because the queue was above its high-water mark",
						this.tracesRefused),
				Stat.gauge("consecutiveFailures", "Failed export attempts since the last success",
						this.consecutiveFailures),
				Stat.gauge("queue", "Items queued or in flight", this.queueSize),
				Stat.gauge("queueCapacity", "Most items the queue holds", this.queueCapacity),
				Stat.gauge("queueBytes", "Estimated bytes queued or in flight", this.queueBytes),
				Stat.gauge("queueBytesCapacity", "Most estimated bytes the queue holds", this.queueBytesCapacity)),
				StatGroup.details("lastSuccessfulExport", this.lastSuccessfulExport, "lastError", this.lastError,
						"lastFailureCause", (this.lastFailureCause != null) ? this.lastFailureCause.key() : null));
	}

	/** The total number of dropped items. */
	public long droppedTotal() {
		return this.dropped.values().stream().mapToLong(Long::longValue).sum();
	}

}
