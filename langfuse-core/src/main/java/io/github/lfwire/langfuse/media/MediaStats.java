package io.github.lfwire.langfuse.media;

import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A snapshot of the media counters.
 *
 * @param enabled whether media is replaced and uploaded
 * @param detected media values replaced by a reference and queued for upload
 * @param uploaded media whose bytes were sent and whose upload the server recorded
 * @param skipped media not uploaded on purpose, by each {@link MediaSkipReason} that
 * occurred
 * @param failed media whose upload failed, by each {@link MediaFailureCause} that
 * occurred; their reference is replaced by a visible marker
 * @param dropped media left inline instead of queued, by each {@link MediaDropReason}
 * that occurred
 * @param queueSize media waiting for or in upload
 * @param queueCapacity the most media the queue holds
 * @param queueBytes bytes of media waiting for or in upload
 * @param queueBytesCapacity the most bytes the queue holds
 * @param lastError the last upload failure, or {@code null}
 */
public record MediaStats(boolean enabled, long detected, long uploaded, Map<MediaSkipReason, Long> skipped,
		Map<MediaFailureCause, Long> failed, Map<MediaDropReason, Long> dropped, int queueSize, int queueCapacity,
		long queueBytes, long queueBytesCapacity, @Nullable String lastError) {

	/** The stats of a client that does not handle media. */
	public static MediaStats disabled(MediaSettings settings) {
		return new MediaStats(false, 0, 0, Map.of(), Map.of(), Map.of(), 0, settings.maxQueueSize(), 0,
				settings.maxQueueBytes(), null);
	}

	/** The total number of failed uploads. */
	public long failedTotal() {
		return this.failed.values().stream().mapToLong(Long::longValue).sum();
	}

	/** The total number of dropped media. */
	public long droppedTotal() {
		return this.dropped.values().stream().mapToLong(Long::longValue).sum();
	}

	/** The total number of skipped media. */
	public long skippedTotal() {
		return this.skipped.values().stream().mapToLong(Long::longValue).sum();
	}

}
