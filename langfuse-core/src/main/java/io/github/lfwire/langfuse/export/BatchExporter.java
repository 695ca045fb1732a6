package io.github.lfwire.langfuse.export;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

import io.github.lfwire.langfuse.DurationFormat;
import io.github.lfwire.langfuse.FlushResult;

/**
 * A queue bounded in items and bytes, drained in batches by one background thread that retries with backoff.
 * <p>
 * Producers never block: an item that does not fit is dropped and counted. Items count against the bounds until
 * their export ends, so memory held by batches in flight is bounded too.
 * @param <T> the item type
 */
public final class BatchExporter<T> {

	private static final Logger logger = System.getLogger(BatchExporter.class.getName());

	/** How long no item may be dropped before a queue-full episode counts as over. */
	private static final long OVERFLOW_QUIET_NANOS = Duration.ofSeconds(1).toNanos();

	private final String kind;

	private final String destination;

	private final BatchSender<T> sender;

	private final Settings settings;

	private final ConcurrentLinkedQueue<Entry<T>> queue = new ConcurrentLinkedQueue<>();

	private final AtomicInteger count = new AtomicInteger();

	private final AtomicLong bytes = new AtomicLong();

	private final LongAdder enqueued = new LongAdder();

	private final AtomicLong accepted = new AtomicLong();

	private final AtomicLong processed = new AtomicLong();

	private final AtomicLong exported = new AtomicLong();

	private final AtomicLong droppedAfterQueue = new AtomicLong();

	private final Map<DropReason, LongAdder> dropped = new EnumMap<>(DropReason.class);

	private final Map<String, LongAdder> failedExports = new ConcurrentHashMap<>();

	private final LongAdder retries = new LongAdder();

	private final AtomicInteger flushRequests = new AtomicInteger();

	private final AtomicBoolean wakeRequested = new AtomicBoolean();

	private final EpisodeLog episodes = new EpisodeLog(logger);

	private final AtomicBoolean overflowNoticed = new AtomicBoolean();

	private boolean overflowing;

	private long overflowItemsSeen;

	private long overflowBytesSeen;

	private long overflowItemsAtStart;

	private long overflowBytesAtStart;

	private long lastOverflowChange;

	private final Object progress = new Object();

	private final Thread worker;

	private final AtomicBoolean workerStarted = new AtomicBoolean();

	private volatile boolean shuttingDown;

	private volatile boolean stopped;

	private volatile Instant lastSuccessfulExport;

	private volatile String lastError;

	private volatile String lastFailureCause;

	private final AtomicLong consecutiveFailures = new AtomicLong();

	/**
	 * Creates the exporter; its daemon thread starts with the first item or flush that has work.
	 * @param kind what is exported, such as "spans", for logs and the thread name
	 * @param destination where it goes, for logs; never include secrets
	 */
	public BatchExporter(String kind, String destination, BatchSender<T> sender, Settings settings) {
		this.kind = kind;
		this.destination = destination;
		this.sender = sender;
		this.settings = settings;
		for (DropReason reason : DropReason.values()) {
			this.dropped.put(reason, new LongAdder());
		}
		this.worker = new Thread(this::run, "langfuse-export-" + kind);
		this.worker.setDaemon(true);
	}

	/**
	 * Queues an item unless a bound is reached; never blocks.
	 * @param size the estimated bytes the item holds
	 * @return whether the item was queued
	 */
	public boolean offer(T item, long size) {
		if (this.shuttingDown) {
			this.dropped.get(DropReason.SHUTDOWN).increment();
			return false;
		}
		int items = this.count.incrementAndGet();
		if (items > this.settings.maxItems()) {
			this.count.decrementAndGet();
			this.dropped.get(DropReason.QUEUE_FULL).increment();
			noticeOverflow();
			return false;
		}
		if (this.bytes.addAndGet(size) > this.settings.maxBytes()) {
			this.bytes.addAndGet(-size);
			this.count.decrementAndGet();
			this.dropped.get(DropReason.QUEUE_BYTES_FULL).increment();
			noticeOverflow();
			return false;
		}
		this.queue.offer(new Entry<>(item, size));
		this.enqueued.increment();
		this.accepted.incrementAndGet();
		startWorker();
		if (items >= this.settings.batchSize()) {
			wake();
		}
		return true;
	}

	/** Exports everything queued before this call, waiting at most the timeout. */
	public FlushResult flush(Duration timeout) {
		long deadline = System.nanoTime() + Math.max(0, timeout.toNanos());
		long target = this.accepted.get();
		long exportedBefore = this.exported.get();
		long droppedBefore = this.droppedAfterQueue.get();
		this.flushRequests.incrementAndGet();
		try {
			wake();
			boolean done = awaitProcessed(target, deadline);
			return new FlushResult(this.exported.get() - exportedBefore,
					this.droppedAfterQueue.get() - droppedBefore, this.count.get(), !done);
		}
		finally {
			this.flushRequests.decrementAndGet();
		}
	}

	/**
	 * Stops accepting items, exports what is queued within the timeout, then drops and logs what is left.
	 */
	public FlushResult shutdown(Duration timeout) {
		return shutdown(timeout, timeout);
	}

	/**
	 * Stops accepting items, exports what is queued within the timeout, then drops and logs what is left, naming the
	 * configured shutdown timeout of which {@code timeout} is what remains.
	 */
	public FlushResult shutdown(Duration timeout, Duration configuredTimeout) {
		long start = System.nanoTime();
		long exportedBefore = this.exported.get();
		long droppedBefore = this.droppedAfterQueue.get();
		long cutOffBefore = this.dropped.get(DropReason.SHUTDOWN).sum();
		this.shuttingDown = true;
		FlushResult flushed = flush(timeout);
		this.stopped = true;
		this.worker.interrupt();
		long left = Math.max(0, timeout.toNanos() - (System.nanoTime() - start));
		try {
			this.worker.join(Math.max(1, Math.min(Duration.ofNanos(left).toMillis(), 200)));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		long abandoned = 0;
		for (Entry<T> entry; (entry = this.queue.poll()) != null;) {
			release(entry.size());
			this.count.decrementAndGet();
			abandoned++;
		}
		if (abandoned > 0) {
			drop(DropReason.SHUTDOWN, (int) abandoned);
			markProcessed(abandoned);
		}
		long failed = this.droppedAfterQueue.get() - droppedBefore;
		long inFlight = this.count.get();
		long delivered = this.exported.get() - exportedBefore;
		if (failed > 0 || inFlight > 0) {
			long cutOff = Math.min(failed, this.dropped.get(DropReason.SHUTDOWN).sum() - cutOffBefore) + inFlight;
			long refused = failed + inFlight - cutOff;
			String cutOffText = (cutOff > 0) ? cutOff + " still queued or being sent when the shutdown timeout of "
					+ DurationFormat.format(configuredTimeout) + " ended" : "";
			String refusedText = (refused > 0) ? refused + " rejected or out of retries" : "";
			String separator = (cutOff > 0 && refused > 0) ? ", " : "";
			logger.log(Level.WARNING, "Langfuse shutdown: " + delivered + " " + this.kind + " delivered to "
					+ this.destination + ", " + (failed + inFlight) + " " + this.kind + " lost (" + cutOffText
					+ separator + refusedText + ")");
		}
		return new FlushResult(delivered, failed, inFlight, flushed.timedOut());
	}

	/** A snapshot of the counters. */
	public ExportStats stats() {
		Map<String, Long> drops = new LinkedHashMap<>();
		this.dropped.forEach((reason, adder) -> drops.put(reason.key(), adder.sum()));
		Map<String, Long> failures = new LinkedHashMap<>();
		this.failedExports.forEach((cause, adder) -> failures.put(cause, adder.sum()));
		return new ExportStats(this.enqueued.sum(), this.exported.get(), drops, failures, this.retries.sum(),
				this.count.get(), this.settings.maxItems(), this.bytes.get(), this.settings.maxBytes(),
				this.lastSuccessfulExport, this.lastError, this.lastFailureCause, this.consecutiveFailures.get());
	}

	private void startWorker() {
		if (!this.workerStarted.get() && this.workerStarted.compareAndSet(false, true)) {
			this.worker.start();
		}
	}

	private void wake() {
		if (this.wakeRequested.compareAndSet(false, true)) {
			LockSupport.unpark(this.worker);
		}
	}

	private boolean awaitProcessed(long target, long deadline) {
		synchronized (this.progress) {
			while (this.processed.get() < target) {
				long remaining = deadline - System.nanoTime();
				if (remaining <= 0) {
					return false;
				}
				try {
					this.progress.wait(Math.max(1, remaining / 1_000_000));
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return false;
				}
			}
			return true;
		}
	}

	private void run() {
		long intervalNanos = this.settings.interval().toNanos();
		long nextDue = System.nanoTime() + intervalNanos;
		while (!this.stopped) {
			reportOverflow();
			boolean due = System.nanoTime() - nextDue >= 0;
			boolean forced = due || this.shuttingDown || this.flushRequests.get() > 0;
			if (forced || this.count.get() >= this.settings.batchSize()) {
				exportQueued(forced);
				if (due) {
					nextDue = System.nanoTime() + intervalNanos;
				}
			}
			if (this.stopped) {
				break;
			}
			boolean more = this.flushRequests.get() > 0 && !this.queue.isEmpty();
			if (!more && !this.wakeRequested.getAndSet(false)) {
				long park = Math.max(0, nextDue - System.nanoTime());
				LockSupport.parkNanos(this, this.overflowing ? Math.min(park, OVERFLOW_QUIET_NANOS) : park);
			}
		}
		reportOverflow();
	}

	private void exportQueued(boolean everything) {
		while (!this.stopped) {
			if (!everything && this.count.get() < this.settings.batchSize()) {
				return;
			}
			List<Entry<T>> batch = new ArrayList<>(Math.min(this.settings.batchSize(), this.count.get()));
			for (Entry<T> entry; batch.size() < this.settings.batchSize() && (entry = this.queue.poll()) != null;) {
				batch.add(entry);
			}
			if (batch.isEmpty()) {
				return;
			}
			List<T> items = new ArrayList<>(batch.size());
			long size = 0;
			for (Entry<T> entry : batch) {
				items.add(entry.item());
				size += entry.size();
			}
			try {
				export(items);
			}
			finally {
				release(size);
				this.count.addAndGet(-batch.size());
				markProcessed(batch.size());
			}
		}
	}

	private void export(List<T> items) {
		int n = items.size();
		byte[] body;
		try {
			body = this.sender.encode(items);
		}
		catch (IOException | RuntimeException ex) {
			fail("encode", "could not encode " + n + " " + this.kind + ": " + ex.getClass().getSimpleName());
			drop(DropReason.REJECTED, n);
			return;
		}
		for (int attempt = 0;; attempt++) {
			Duration retryAfter = null;
			try {
				BatchSender.Delivery delivery = this.sender.send(body);
				int status = delivery.status();
				if (status >= 200 && status < 300) {
					succeed(n - delivery.rejected());
					if (delivery.rejected() > 0) {
						drop(DropReason.REJECTED, delivery.rejected());
					}
					return;
				}
				String cause = (status == 401 || status == 403 || status == 429) ? "http_" + status
						: "http_" + status / 100 + "xx";
				if (status == 401 || status == 403) {
					fail(cause, Level.ERROR, "Langfuse at " + this.destination + " refused the credentials (HTTP "
							+ status + "); check the public and secret key, or whether ingestion is suspended");
					drop(DropReason.UNAUTHORIZED, n);
					return;
				}
				if (status != 429 && status < 500) {
					fail(cause, Level.ERROR, "Langfuse at " + this.destination + " rejected " + n + " " + this.kind
							+ " with HTTP " + status + "; they are dropped");
					drop(DropReason.REJECTED, n);
					return;
				}
				fail(cause, "Langfuse at " + this.destination + " answered HTTP " + status + " to an export of " + n
						+ " " + this.kind + "; retrying");
				retryAfter = delivery.retryAfter();
			}
			catch (HttpTimeoutException ex) {
				fail("timeout", "export of " + n + " " + this.kind + " to " + this.destination + " timed out after "
						+ DurationFormat.format(this.settings.exportTimeout()) + "; retrying");
			}
			catch (IOException ex) {
				fail("network", "could not reach Langfuse at " + this.destination + " (" + ex.getClass().getSimpleName()
						+ "); retrying");
			}
			catch (InterruptedException ex) {
				drop(DropReason.SHUTDOWN, n);
				return;
			}
			catch (RuntimeException ex) {
				fail("internal", "export of " + n + " " + this.kind + " failed: " + ex.getClass().getSimpleName());
				drop(DropReason.REJECTED, n);
				return;
			}
			if (attempt >= this.settings.maxRetries()) {
				drop(DropReason.RETRIES_EXHAUSTED, n);
				this.episodes.dropped(n, "Langfuse dropped " + n + " " + this.kind + " after " + (attempt + 1)
						+ " failed export attempts to " + this.destination
						+ "; raise maxRetries (langfuse.export.max-retries) or retryMaxBackoff"
						+ " (langfuse.export.retry-max-backoff) to ride out longer outages");
				return;
			}
			this.retries.increment();
			if (!sleep(backoff(attempt, retryAfter))) {
				drop(DropReason.SHUTDOWN, n);
				return;
			}
		}
	}

	private Duration backoff(int attempt, Duration retryAfter) {
		if (retryAfter != null) {
			return retryAfter;
		}
		long initial = this.settings.initialBackoff().toNanos();
		long max = this.settings.maxBackoff().toNanos();
		long ceiling = (attempt >= 30) ? max : Math.min(max, initial << attempt);
		long jittered = ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1);
		return Duration.ofNanos(jittered);
	}

	private boolean sleep(Duration delay) {
		long deadline = System.nanoTime() + delay.toNanos();
		long remaining;
		while ((remaining = deadline - System.nanoTime()) > 0) {
			if (this.stopped || Thread.currentThread().isInterrupted()) {
				return false;
			}
			reportOverflow();
			LockSupport.parkNanos(this, this.overflowing ? Math.min(remaining, OVERFLOW_QUIET_NANOS) : remaining);
		}
		return !this.stopped;
	}

	private void succeed(int delivered) {
		this.exported.addAndGet(delivered);
		this.lastSuccessfulExport = Instant.now();
		this.consecutiveFailures.set(0);
		this.episodes.success("Export of " + this.kind + " to " + this.destination, this.kind);
	}

	private void fail(String cause, String message) {
		fail(cause, Level.WARNING, message);
	}

	private void fail(String cause, Level level, String message) {
		this.failedExports.computeIfAbsent(cause, (key) -> new LongAdder()).increment();
		this.lastError = Instant.now() + " " + message;
		this.lastFailureCause = cause;
		this.consecutiveFailures.incrementAndGet();
		this.episodes.failure(level, message);
	}

	private void drop(DropReason reason, int n) {
		this.dropped.get(reason).add(n);
		this.droppedAfterQueue.addAndGet(n);
	}

	private void noticeOverflow() {
		if (this.overflowNoticed.compareAndSet(false, true)) {
			LockSupport.unpark(this.worker);
		}
	}

	/**
	 * Logs, on the worker thread, the first items dropped because the queue was full and, once no more were dropped
	 * for {@link #OVERFLOW_QUIET_NANOS}, how many the episode dropped.
	 */
	private void reportOverflow() {
		if (!this.overflowing && !this.overflowNoticed.get()) {
			return;
		}
		long items = this.dropped.get(DropReason.QUEUE_FULL).sum();
		long bytes = this.dropped.get(DropReason.QUEUE_BYTES_FULL).sum();
		long now = System.nanoTime();
		if (!this.overflowing) {
			this.overflowing = true;
			this.overflowItemsAtStart = this.overflowItemsSeen;
			this.overflowBytesAtStart = this.overflowBytesSeen;
			this.overflowItemsSeen = items;
			this.overflowBytesSeen = bytes;
			this.lastOverflowChange = now;
			logger.log(Level.WARNING, "Langfuse dropped " + (items - this.overflowItemsAtStart
					+ bytes - this.overflowBytesAtStart) + " " + this.kind + " because the queue was full ("
					+ bounds(items - this.overflowItemsAtStart, bytes - this.overflowBytesAtStart)
					+ "); exports to " + this.destination + " are not keeping up. New " + this.kind
					+ " are dropped and counted until the queue drains; the total is logged then");
			if (!this.stopped) {
				return;
			}
		}
		if (items != this.overflowItemsSeen || bytes != this.overflowBytesSeen) {
			this.overflowItemsSeen = items;
			this.overflowBytesSeen = bytes;
			this.lastOverflowChange = now;
			if (!this.stopped) {
				return;
			}
		}
		if (now - this.lastOverflowChange >= OVERFLOW_QUIET_NANOS || this.stopped) {
			this.overflowing = false;
			this.overflowNoticed.set(false);
			long byItems = items - this.overflowItemsAtStart;
			long byBytes = bytes - this.overflowBytesAtStart;
			logger.log(Level.WARNING, "Langfuse " + this.kind + " queue "
					+ (this.stopped ? "closed by shutdown" : "accepts again") + ": " + (byItems + byBytes) + " "
					+ this.kind + " were dropped while it was full (" + bounds(byItems, byBytes) + ")");
		}
	}

	private String bounds(long byItems, long byBytes) {
		StringBuilder bounds = new StringBuilder();
		if (byItems > 0 || byBytes == 0) {
			bounds.append(byItems).append(" over the limit of ").append(this.settings.maxItems()).append(' ')
				.append(this.kind).append(", raise ").append(this.settings.maxItemsSetting());
		}
		if (byBytes > 0) {
			bounds.append((bounds.length() > 0) ? "; " : "").append(byBytes).append(" over the limit of ")
				.append(this.settings.maxBytes()).append(" bytes, raise ").append(this.settings.maxBytesSetting());
		}
		return bounds.toString();
	}

	private void release(long size) {
		this.bytes.addAndGet(-size);
	}

	private void markProcessed(long n) {
		this.processed.addAndGet(n);
		synchronized (this.progress) {
			this.progress.notifyAll();
		}
	}

	private record Entry<T>(T item, long size) {
	}

	/**
	 * The bounds and timings of an exporter.
	 * @param batchSize items per request
	 * @param interval the longest time an item waits before it is exported
	 * @param maxItems the most items queued or in flight
	 * @param maxBytes the most estimated bytes queued or in flight
	 * @param exportTimeout the timeout of one request, for messages
	 * @param maxRetries retries after the first attempt
	 * @param initialBackoff the first retry delay
	 * @param maxBackoff the longest retry delay
	 * @param maxItemsSetting the setting that bounds the items, named in log messages
	 * @param maxBytesSetting the setting that bounds the bytes, named in log messages
	 */
	public record Settings(int batchSize, Duration interval, int maxItems, long maxBytes, Duration exportTimeout,
			int maxRetries, Duration initialBackoff, Duration maxBackoff, String maxItemsSetting,
			String maxBytesSetting) {
	}

}
