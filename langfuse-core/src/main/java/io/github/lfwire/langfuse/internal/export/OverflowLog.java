package io.github.lfwire.langfuse.internal.export;

import java.lang.System.Logger.Level;
import java.lang.System.Logger;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Logs the first items dropped because the queue was full or traces refused because it
 * was above its high-water mark and, once the queue is back under the mark (it accepts
 * new traces again) or the pipeline stopped, what the episode cost; producers only raise
 * a flag, the worker thread logs.
 */
final class OverflowLog {

	/** How often the worker looks at the queue while an episode is under way. */
	static final long CHECK_NANOS = Duration.ofSeconds(1).toNanos();

	private final Logger logger;

	private final PipelineSettings settings;

	private final AtomicBoolean noticed = new AtomicBoolean();

	private boolean overflowing;

	private Drops atStart = Drops.NONE;

	OverflowLog(Logger logger, PipelineSettings settings) {
		this.logger = logger;
		this.settings = settings;
	}

	/**
	 * Notes, on a producer thread, that an item was dropped for a full queue or a trace
	 * refused.
	 * @return whether this is the first notice since the worker last looked, so the
	 * worker should be woken
	 */
	boolean notice() {
		return !this.noticed.get() && this.noticed.compareAndSet(false, true);
	}

	/**
	 * Whether an episode is under way, so the worker should look again within
	 * {@link #CHECK_NANOS}.
	 */
	boolean isOverflowing() {
		return this.overflowing;
	}

	/**
	 * Logs the start or the end of an episode, on the worker thread.
	 * @param drops the drops for a full queue and the refusals so far
	 * @param accepting whether the queue is under its high-water mark, so that it accepts
	 * new traces again
	 * @param stopped whether the pipeline stopped, which ends an episode at once
	 */
	void report(Drops drops, boolean accepting, boolean stopped) {
		if (!this.overflowing) {
			if (!this.noticed.get()) {
				return;
			}
			this.overflowing = true;
			Drops first = drops.minus(this.atStart);
			this.logger.log(Level.WARNING, "Langfuse " + describe(first) + "; exports to " + this.settings.destination()
					+ " are not keeping up. New " + this.settings.kind()
					+ " are dropped and counted until the queue drains below its high-water mark; the total is logged then");
			if (!stopped) {
				return;
			}
		}
		if (accepting || stopped) {
			this.overflowing = false;
			this.noticed.set(false);
			Drops episode = drops.minus(this.atStart);
			this.atStart = drops;
			this.logger.log(Level.WARNING, "Langfuse " + this.settings.kind() + " queue "
					+ (stopped ? "closed by shutdown" : "accepts again") + "; in total it " + describe(episode));
		}
	}

	private String describe(Drops drops) {
		StringBuilder text = new StringBuilder();
		if (drops.byItems() > 0 || drops.byBytes() > 0 || drops.refusedTraces() == 0) {
			text.append("dropped ")
				.append(drops.byItems() + drops.byBytes())
				.append(' ')
				.append(this.settings.kind())
				.append(" because the queue was full (")
				.append(bounds(drops.byItems(), drops.byBytes()))
				.append(')');
		}
		if (drops.refusedTraces() > 0) {
			text.append((text.length() > 0) ? " and " : "")
				.append("refused ")
				.append(drops.refusedTraces())
				.append(" new traces whole at their root (")
				.append(drops.refusedItems())
				.append(' ')
				.append(this.settings.kind())
				.append(") because the queue was above its high-water mark of ")
				.append(Math.round(this.settings.highWaterMark() * 100))
				.append("% (exportHighWaterMark), keeping the room above it for traces already started");
		}
		return text.toString();
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

	/**
	 * The drops an episode counts, so far.
	 *
	 * @param byItems items dropped for the item bound
	 * @param byBytes items dropped for the byte bound
	 * @param refusedTraces traces refused at their root
	 * @param refusedItems items of refused traces
	 */
	record Drops(long byItems, long byBytes, long refusedTraces, long refusedItems) {

		static final Drops NONE = new Drops(0, 0, 0, 0);

		Drops minus(Drops earlier) {
			return new Drops(this.byItems - earlier.byItems, this.byBytes - earlier.byBytes,
					this.refusedTraces - earlier.refusedTraces, this.refusedItems - earlier.refusedItems);
		}

	}

}
