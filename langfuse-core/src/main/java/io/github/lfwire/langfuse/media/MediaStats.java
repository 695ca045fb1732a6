package io.github.lfwire.langfuse.media;

import java.util.List;
import java.util.Map;

import io.github.lfwire.langfuse.stats.Stat;
import io.github.lfwire.langfuse.stats.StatGroup;
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

	/** The stats of the media uploads, named {@code media}. */
	public StatGroup describe() {
		return new StatGroup("media", Map.of(), List.of(
				Stat.counter("detected", "Media replaced by a reference and queued for upload", this.detected),
				Stat.counter("uploaded", "Media whose bytes were uploaded", this.uploaded),
				Stat.counts("skipped", "Media not uploaded on purpose", "reason", MediaSkipReason.class, this.skipped),
				Stat.counts("failed", "Media whose upload failed; the reference is replaced by a marker", "cause",
						MediaFailureCause.class, this.failed),
				Stat.counts("dropped", "Media left inline because the upload queue was full", "reason",
						MediaDropReason.class, this.dropped),
				Stat.gauge("queue", "Media waiting for or in upload", this.queueSize),
				Stat.gauge("queueCapacity", "Most media the upload queue holds", this.queueCapacity),
				Stat.gauge("queueBytes", "Bytes of media waiting for or in upload", this.queueBytes),
				Stat.gauge("queueBytesCapacity", "Most bytes of media the upload queue holds",
						this.queueBytesCapacity)),
				StatGroup.details("enabled", this.enabled, "lastError", this.lastError));
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
