package io.github.lfwire.langfuse.internal.export;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import org.jspecify.annotations.Nullable;

import io.github.lfwire.langfuse.export.DropReason;

/**
 * The one background thread of a pipeline: takes batches from the buffer when one is
 * full, when the interval is due or when a flush asks, sends each with retries, and ends
 * flushes and the shutdown within their deadlines. The thread starts with the first
 * queued item.
 *
 * @param <T> the item type
 */
final class ExportWorker<T> {

	private final PipelineSettings settings;

	private final ExportBuffer<T> buffer;

	private final Delivery<T> delivery;

	private final ExportCounters counters;

	private final OverflowLog overflow;

	private final RetryWait retryWait;

	private final Thread thread;

	private final AtomicBoolean started = new AtomicBoolean();

	private final AtomicBoolean wakeRequested = new AtomicBoolean();

	private final AtomicInteger flushRequests = new AtomicInteger();

	private final AtomicLong processed = new AtomicLong();

	private final Object progress = new Object();

	private volatile boolean stopped;

	/**
	 * @param retryWait how the thread waits before a retry, {@code null} to park until
	 * the delay ends
	 */
	ExportWorker(PipelineSettings settings, ExportBuffer<T> buffer, Delivery<T> delivery, ExportCounters counters,
			OverflowLog overflow, @Nullable RetryWait retryWait) {
		this.settings = settings;
		this.buffer = buffer;
		this.delivery = delivery;
		this.counters = counters;
		this.overflow = overflow;
		this.retryWait = (retryWait != null) ? retryWait : this::park;
		this.thread = new Thread(this::run, "langfuse-export-" + settings.kind());
		this.thread.setDaemon(true);
	}

	/** Starts the thread if needed and wakes it when a batch is full. */
	void queued() {
		if (!this.started.get() && this.started.compareAndSet(false, true)) {
			this.thread.start();
		}
		if (this.buffer.holdsBatch(this.settings.batchSize())) {
			wake();
		}
	}

	/** Wakes the thread so that it logs a queue-full episode soon. */
	void overflowNoticed() {
		LockSupport.unpark(this.thread);
	}

	/**
	 * Waits until the first {@code target} items queued are processed (delivered or
	 * dropped), or the deadline.
	 */
	boolean flush(long target, long deadline) {
		this.flushRequests.incrementAndGet();
		try {
			wake();
			synchronized (this.progress) {
				while (this.processed.get() < target) {
					long remaining = deadline - System.nanoTime();
					if (remaining <= 0) {
						return false;
					}
					this.progress.wait(Math.max(1, remaining / 1_000_000));
				}
				return true;
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
		finally {
			this.flushRequests.decrementAndGet();
		}
	}

	/**
	 * Stops the thread, waiting at most the given time for it to end; queued items are
	 * left in the buffer.
	 */
	void stop(long waitNanos) {
		this.stopped = true;
		this.thread.interrupt();
		try {
			if (this.started.get()) {
				this.thread.join(Math.max(1, Math.min(Duration.ofNanos(waitNanos).toMillis(), 200)));
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Counts items dropped without an export attempt as processed, so that flushes
	 * waiting on them end.
	 */
	void abandoned(long n) {
		markProcessed(n);
	}

	private void wake() {
		if (!this.wakeRequested.get() && this.wakeRequested.compareAndSet(false, true)) {
			LockSupport.unpark(this.thread);
		}
	}

	private void run() {
		long intervalNanos = this.settings.interval().toNanos();
		long nextDue = System.nanoTime() + intervalNanos;
		while (!this.stopped) {
			reportOverflow();
			boolean due = System.nanoTime() - nextDue >= 0;
			boolean forced = due || this.buffer.isClosed() || this.flushRequests.get() > 0;
			if (forced || this.buffer.holdsBatch(this.settings.batchSize())) {
				exportQueued(forced);
				if (due) {
					nextDue = System.nanoTime() + intervalNanos;
				}
			}
			if (this.stopped) {
				break;
			}
			boolean more = this.flushRequests.get() > 0 && !this.buffer.isEmpty();
			if (!more && !this.wakeRequested.getAndSet(false)) {
				long park = Math.max(0, nextDue - System.nanoTime());
				LockSupport.parkNanos(this,
						this.overflow.isOverflowing() ? Math.min(park, OverflowLog.CHECK_NANOS) : park);
			}
		}
		reportOverflow();
	}

	private void exportQueued(boolean everything) {
		while (!this.stopped) {
			if (!everything && !this.buffer.holdsBatch(this.settings.batchSize())) {
				return;
			}
			ExportBuffer.Batch<T> batch = this.buffer.poll(this.settings.batchSize());
			if (batch.isEmpty()) {
				return;
			}
			try {
				this.delivery.deliver(batch.items(), this.retryWait);
			}
			finally {
				this.buffer.release(batch);
				markProcessed(batch.size());
			}
		}
	}

	private boolean park(Duration delay) {
		long deadline = System.nanoTime() + delay.toNanos();
		long remaining;
		while ((remaining = deadline - System.nanoTime()) > 0) {
			if (this.stopped || Thread.currentThread().isInterrupted()) {
				return false;
			}
			reportOverflow();
			LockSupport.parkNanos(this,
					this.overflow.isOverflowing() ? Math.min(remaining, OverflowLog.CHECK_NANOS) : remaining);
		}
		return !this.stopped;
	}

	private void reportOverflow() {
		this.overflow.report(new OverflowLog.Drops(this.counters.dropped(DropReason.QUEUE_FULL),
				this.counters.dropped(DropReason.QUEUE_BYTES_FULL), this.counters.tracesRefused(),
				this.counters.dropped(DropReason.TRACE_REFUSED)), this.buffer.belowMark(), this.stopped);
	}

	private void markProcessed(long n) {
		this.processed.addAndGet(n);
		synchronized (this.progress) {
			this.progress.notifyAll();
		}
	}

	/** How the thread waits before a retry. */
	@FunctionalInterface
	interface RetryWait {

		/**
		 * Waits for the delay.
		 * @return {@code false} when the wait was cut short by the shutdown
		 */
		boolean await(Duration delay);

	}

}
