package io.github.lfwire.langfuse.export;

import java.time.Instant;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A snapshot of one export pipeline's counters.
 * @param enqueued items accepted into the queue
 * @param exported items the server acknowledged
 * @param dropped items dropped, by {@link DropReason#key()}
 * @param failedExports failed export attempts, by cause ({@code network}, {@code timeout}, {@code http_429}...)
 * @param retries export attempts that were retries
 * @param queueSize items queued or in flight
 * @param queueCapacity the most items the queue holds
 * @param queueBytes estimated bytes queued or in flight
 * @param queueBytesCapacity the most bytes the queue holds
 * @param lastSuccessfulExport when the server last acknowledged an export, or {@code null}
 * @param lastError the last export error, or {@code null}
 * @param lastFailureCause the cause of the last failed attempt ({@code http_401}, {@code network}...), or {@code null}
 * @param consecutiveFailures failed attempts since the last success
 */
public record ExportStats(long enqueued, long exported, Map<String, Long> dropped, Map<String, Long> failedExports,
		long retries, int queueSize, int queueCapacity, long queueBytes, long queueBytesCapacity,
		@Nullable Instant lastSuccessfulExport, @Nullable String lastError, @Nullable String lastFailureCause,
		long consecutiveFailures) {

	/** The total number of dropped items. */
	public long droppedTotal() {
		return this.dropped.values().stream().mapToLong(Long::longValue).sum();
	}

}
