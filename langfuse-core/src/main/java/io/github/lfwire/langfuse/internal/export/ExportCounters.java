package io.github.lfwire.langfuse.internal.export;

import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import org.jspecify.annotations.Nullable;

import io.github.lfwire.langfuse.export.ExportStats;
import io.github.lfwire.langfuse.export.DropReason;
import io.github.lfwire.langfuse.export.FailureCause;

/** The counters of one pipeline, one per event, and what the last attempt ended with. */
final class ExportCounters {

	private final LongAdder enqueued = new LongAdder();

	private final AtomicLong exported = new AtomicLong();

	private final AtomicLong lost = new AtomicLong();

	private final Map<DropReason, LongAdder> dropped = new EnumMap<>(DropReason.class);

	private final Map<FailureCause, LongAdder> failures = new EnumMap<>(FailureCause.class);

	private final LongAdder retries = new LongAdder();

	private final LongAdder tracesRefused = new LongAdder();

	private final AtomicLong consecutiveFailures = new AtomicLong();

	private volatile @Nullable Instant lastSuccessfulExport;

	private volatile @Nullable String lastError;

	private volatile @Nullable FailureCause lastFailureCause;

	ExportCounters() {
		for (DropReason reason : DropReason.values()) {
			this.dropped.put(reason, new LongAdder());
		}
		for (FailureCause cause : FailureCause.values()) {
			this.failures.put(cause, new LongAdder());
		}
	}

	/** An item entered the queue. */
	void enqueued() {
		this.enqueued.increment();
	}

	/** Items were dropped before they entered the queue. */
	void refused(DropReason reason) {
		this.dropped.get(reason).increment();
	}

	/** A trace was refused at its root; its items are counted by {@link #refused}. */
	void traceRefused() {
		this.tracesRefused.increment();
	}

	long tracesRefused() {
		return this.tracesRefused.sum();
	}

	/** Items that were queued were dropped. */
	void lost(DropReason reason, long n) {
		this.dropped.get(reason).add(n);
		this.lost.addAndGet(n);
	}

	/** The server acknowledged items. */
	void delivered(long n, Instant at) {
		this.exported.addAndGet(n);
		this.lastSuccessfulExport = at;
		this.consecutiveFailures.set(0);
	}

	/** An attempt failed. */
	void failed(FailureCause cause, String message, Instant at) {
		this.failures.get(cause).increment();
		this.lastError = at + " " + message;
		this.lastFailureCause = cause;
		this.consecutiveFailures.incrementAndGet();
	}

	/** An attempt is about to be retried. */
	void retried() {
		this.retries.increment();
	}

	long enqueuedCount() {
		return this.enqueued.sum();
	}

	long exported() {
		return this.exported.get();
	}

	/** Items dropped after they were queued. */
	long lost() {
		return this.lost.get();
	}

	long dropped(DropReason reason) {
		return this.dropped.get(reason).sum();
	}

	ExportStats snapshot(ExportBuffer<?> buffer) {
		Map<DropReason, Long> drops = new EnumMap<>(DropReason.class);
		this.dropped.forEach((reason, adder) -> drops.put(reason, adder.sum()));
		Map<FailureCause, Long> causes = new EnumMap<>(FailureCause.class);
		this.failures.forEach((cause, adder) -> causes.put(cause, adder.sum()));
		return new ExportStats(this.enqueued.sum(), this.exported.get(), Collections.unmodifiableMap(drops),
				Collections.unmodifiableMap(causes), this.retries.sum(), buffer.size(), buffer.maxItems(),
				buffer.bytes(), buffer.maxBytes(), this.lastSuccessfulExport, this.lastError, this.lastFailureCause,
				this.consecutiveFailures.get(), this.tracesRefused.sum());
	}

}
