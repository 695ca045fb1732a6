package io.github.lfwire.langfuse;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.lfwire.langfuse.config.DurationFormat;
import io.github.lfwire.langfuse.export.DropReason;
import io.github.lfwire.langfuse.export.ExportStats;
import io.github.lfwire.langfuse.media.MediaDropReason;
import io.github.lfwire.langfuse.media.MediaFailureCause;
import io.github.lfwire.langfuse.media.MediaSkipReason;
import io.github.lfwire.langfuse.media.MediaStats;

/**
 * What a client did with everything it was given since it started, told at shutdown once
 * per kind (spans, scores, media, spans for each added exporter), so that the component
 * that owns the application's logging can write it.
 *
 * @param result what the shutdown itself achieved within its timeout
 * @param kinds one entry per kind of item, spans first
 */
public record ShutdownSummary(FlushResult result, List<Kind> kinds) {

	/** The summary of a client that had nothing to shut down. */
	public static final ShutdownSummary NONE = new ShutdownSummary(FlushResult.NONE, List.of());

	public ShutdownSummary {
		kinds = List.copyOf(kinds);
	}

	/** Whether every item of every kind was delivered. */
	public boolean lossless() {
		return this.kinds.stream().allMatch(Kind::lossless);
	}

	/**
	 * The books of one kind since the client started:
	 * {@code total() = delivered + droppedTotal() + lostAtShutdown}.
	 *
	 * @param name the plural of the kind, such as {@code spans}, {@code scores},
	 * {@code media} or {@code spans for OtlpHttpSpanExporter}
	 * @param destination where they were sent, without secrets
	 * @param delivered items the destination acknowledged since the start
	 * @param dropped items dropped before the shutdown began or for another reason than
	 * the shutdown, by the {@link DropReason#key() key} of their reason (for media, the
	 * key of a {@link MediaDropReason} or a {@link MediaFailureCause}), only reasons that
	 * occurred, in the enum's order
	 * @param lostAtShutdown items dropped because the client shut down, or still queued
	 * or being sent when the shutdown returned
	 * @param shutdownTimeout the timeout the shutdown was given
	 */
	public record Kind(String name, String destination, long delivered, Map<String, Long> dropped, long lostAtShutdown,
			Duration shutdownTimeout) {

		public Kind {
			dropped = Collections.unmodifiableMap(new LinkedHashMap<>(dropped));
		}

		/**
		 * The books of an export pipeline: the items dropped with
		 * {@link DropReason#SHUTDOWN} and those still in flight are lost at shutdown.
		 */
		static Kind of(String name, String destination, ExportStats stats, Map<String, Long> refusedBefore,
				Duration shutdownTimeout) {
			Map<String, Long> dropped = new LinkedHashMap<>(refusedBefore);
			long lost = stats.queueSize();
			for (Map.Entry<DropReason, Long> entry : stats.dropped().entrySet()) {
				if (entry.getKey() == DropReason.SHUTDOWN) {
					lost += entry.getValue();
				}
				else if (entry.getValue() > 0) {
					dropped.put(entry.getKey().key(), entry.getValue());
				}
			}
			return new Kind(name, destination, stats.exported(), dropped, lost, shutdownTimeout);
		}

		/**
		 * The books of the media uploads: media the server already had counts as
		 * delivered, media left inline or whose upload failed as dropped.
		 */
		static Kind of(String destination, MediaStats stats, Duration shutdownTimeout) {
			Map<String, Long> dropped = new LinkedHashMap<>();
			long lost = stats.queueSize();
			for (MediaDropReason reason : MediaDropReason.values()) {
				long n = stats.dropped().getOrDefault(reason, 0L);
				if (reason == MediaDropReason.SHUTDOWN) {
					lost += n;
				}
				else if (n > 0) {
					dropped.put(reason.key(), n);
				}
			}
			for (MediaFailureCause cause : MediaFailureCause.values()) {
				long n = stats.failed().getOrDefault(cause, 0L);
				if (cause == MediaFailureCause.SHUTDOWN) {
					lost += n;
				}
				else if (n > 0) {
					dropped.merge(cause.key(), n, Long::sum);
				}
			}
			long delivered = stats.uploaded() + stats.skipped().getOrDefault(MediaSkipReason.ALREADY_UPLOADED, 0L);
			return new Kind("media", destination, delivered, dropped, lost, shutdownTimeout);
		}

		/** The items dropped for every reason other than the shutdown. */
		public long droppedTotal() {
			return this.dropped.values().stream().mapToLong(Long::longValue).sum();
		}

		/** Every item of this kind the client was given since it started. */
		public long total() {
			return this.delivered + droppedTotal() + this.lostAtShutdown;
		}

		/** Whether every item was delivered. */
		public boolean lossless() {
			return droppedTotal() == 0 && this.lostAtShutdown == 0;
		}

		/**
		 * One line that accounts for every item, such as {@code Langfuse shutdown: 40
		 * spans since start: 10 delivered to ..., 25 dropped (queue_full 25), 5 lost at
		 * shutdown (...)}.
		 */
		public String message() {
			StringBuilder message = new StringBuilder("Langfuse shutdown: ").append(total())
				.append(' ')
				.append(this.name)
				.append(" since start: ")
				.append(this.delivered)
				.append(" delivered to ")
				.append(this.destination)
				.append(", ")
				.append(droppedTotal())
				.append(" dropped");
			if (!this.dropped.isEmpty()) {
				message.append(" (");
				this.dropped
					.forEach((reason, n) -> message.append((message.charAt(message.length() - 1) == '(') ? "" : ", ")
						.append(reason)
						.append(' ')
						.append(n));
				message.append(')');
			}
			message.append(", ").append(this.lostAtShutdown).append(" lost at shutdown");
			if (this.lostAtShutdown > 0) {
				message.append(" (still queued or being sent when the shutdown timeout of ")
					.append(DurationFormat.format(this.shutdownTimeout))
					.append(" ended)");
			}
			return message.toString();
		}

	}

}
