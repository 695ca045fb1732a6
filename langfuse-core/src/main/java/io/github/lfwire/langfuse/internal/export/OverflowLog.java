package io.github.lfwire.langfuse.internal.export;

import java.lang.System.Logger.Level;
import java.lang.System.Logger;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Logs the first items dropped because the queue was full and, once none were dropped for
 * a quiet second or the pipeline stopped, how many the episode dropped; producers only
 * raise a flag, the worker thread logs.
 */
final class OverflowLog {

	/** How long no item may be dropped before a queue-full episode counts as over. */
	static final long QUIET_NANOS = Duration.ofSeconds(1).toNanos();

	private final Logger logger;

	private final PipelineSettings settings;

	private final AtomicBoolean noticed = new AtomicBoolean();

	private boolean overflowing;

	private long itemsSeen;

	private long bytesSeen;

	private long itemsAtStart;

	private long bytesAtStart;

	private long lastChange;

	OverflowLog(Logger logger, PipelineSettings settings) {
		this.logger = logger;
		this.settings = settings;
	}

	/**
	 * Notes, on a producer thread, that an item was dropped for a full queue.
	 * @return whether this is the first notice since the worker last looked, so the
	 * worker should be woken
	 */
	boolean notice() {
		return this.noticed.compareAndSet(false, true);
	}

	/**
	 * Whether an episode is under way, so the worker should look again within
	 * {@link #QUIET_NANOS}.
	 */
	boolean isOverflowing() {
		return this.overflowing;
	}

	/**
	 * Logs the start or the end of an episode, on the worker thread.
	 * @param byItems items dropped for the item bound so far
	 * @param byBytes items dropped for the byte bound so far
	 * @param now the current {@link System#nanoTime()}
	 * @param stopped whether the pipeline stopped, which ends an episode at once
	 */
	void report(long byItems, long byBytes, long now, boolean stopped) {
		if (!this.overflowing && !this.noticed.get()) {
			return;
		}
		if (!this.overflowing) {
			this.overflowing = true;
			this.itemsAtStart = this.itemsSeen;
			this.bytesAtStart = this.bytesSeen;
			this.itemsSeen = byItems;
			this.bytesSeen = byBytes;
			this.lastChange = now;
			long items = byItems - this.itemsAtStart;
			long bytes = byBytes - this.bytesAtStart;
			this.logger.log(Level.WARNING,
					"Langfuse dropped " + (items + bytes) + " " + this.settings.kind() + " because the queue was full ("
							+ bounds(items, bytes) + "); exports to " + this.settings.destination()
							+ " are not keeping up. New " + this.settings.kind()
							+ " are dropped and counted until the queue drains; the total is logged then");
			if (!stopped) {
				return;
			}
		}
		if (byItems != this.itemsSeen || byBytes != this.bytesSeen) {
			this.itemsSeen = byItems;
			this.bytesSeen = byBytes;
			this.lastChange = now;
			if (!stopped) {
				return;
			}
		}
		if (now - this.lastChange >= QUIET_NANOS || stopped) {
			this.overflowing = false;
			this.noticed.set(false);
			long items = byItems - this.itemsAtStart;
			long bytes = byBytes - this.bytesAtStart;
			this.logger.log(Level.WARNING,
					"Langfuse " + this.settings.kind() + " queue " + (stopped ? "closed by shutdown" : "accepts again")
							+ ": " + (items + bytes) + " " + this.settings.kind() + " were dropped while it was full ("
							+ bounds(items, bytes) + ")");
		}
	}

	private String bounds(long byItems, long byBytes) {
		StringBuilder bounds = new StringBuilder();
		if (byItems > 0 || byBytes == 0) {
			bounds.append(byItems)
				.append(" over the limit of ")
				.append(this.settings.maxItems())
				.append(' ')
				.append(this.settings.kind())
				.append(", raise ")
				.append(this.settings.maxItemsSetting());
		}
		if (byBytes > 0) {
			bounds.append((bounds.length() > 0) ? "; " : "")
				.append(byBytes)
				.append(" over the limit of ")
				.append(this.settings.maxBytes())
				.append(" bytes, raise ")
				.append(this.settings.maxBytesSetting());
		}
		return bounds.toString();
	}

}
