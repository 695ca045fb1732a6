package io.github.lfwire.langfuse.internal.export;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.github.lfwire.langfuse.export.DropReason;

/**
 * A lock-free queue bounded in items and estimated bytes that drops the newest item when
 * a bound is reached.
 * <p>
 * Items count against the bounds until their export ends ({@link #release}), so batches
 * in flight are bounded too.
 *
 * @param <T> the item type
 */
final class ExportBuffer<T> {

	private final ConcurrentLinkedQueue<Entry<T>> queue = new ConcurrentLinkedQueue<>();

	private final AtomicInteger count = new AtomicInteger();

	private final AtomicLong bytes = new AtomicLong();

	private final int maxItems;

	private final long maxBytes;

	private final int markItems;

	private final long markBytes;

	private volatile boolean closed;

	/**
	 * @param highWaterMark the fraction of both bounds under which the buffer
	 * {@linkplain #belowMark() admits new traces}
	 */
	ExportBuffer(int maxItems, long maxBytes, double highWaterMark) {
		this.maxItems = maxItems;
		this.maxBytes = maxBytes;
		this.markItems = (int) Math.max(1, Math.min(maxItems, Math.floor(maxItems * highWaterMark)));
		this.markBytes = (long) Math.max(1, Math.min(maxBytes, Math.floor(maxBytes * highWaterMark)));
	}

	/**
	 * Whether the items and bytes queued or in flight are both under the high-water mark,
	 * so that a new trace is admitted and a queue-full episode is over.
	 */
	boolean belowMark() {
		return this.count.get() < this.markItems && this.bytes.get() < this.markBytes;
	}

	/**
	 * Queues an item unless the buffer is closed or a bound is reached; never blocks.
	 * @return {@code null} when the item was queued, otherwise why it was not
	 */
	DropReason offer(T item, long size) {
		DropReason refused = refusalWithoutSize();
		if (refused != null) {
			return refused;
		}
		if (this.count.incrementAndGet() > this.maxItems) {
			this.count.decrementAndGet();
			return DropReason.QUEUE_FULL;
		}
		if (this.bytes.addAndGet(size) > this.maxBytes) {
			this.bytes.addAndGet(-size);
			this.count.decrementAndGet();
			return DropReason.QUEUE_BYTES_FULL;
		}
		this.queue.offer(new Entry<>(item, size));
		return null;
	}

	/**
	 * Why an item offered now would be refused whatever its size (the buffer is closed,
	 * or full in items), read without changing the counts; {@code null} when it might be
	 * queued.
	 */
	DropReason refusalWithoutSize() {
		if (this.closed) {
			return DropReason.SHUTDOWN;
		}
		return (this.count.get() >= this.maxItems) ? DropReason.QUEUE_FULL : null;
	}

	/**
	 * Takes up to {@code max} queued items; they keep counting against the bounds until
	 * released.
	 */
	Batch<T> poll(int max) {
		List<T> items = new ArrayList<>(Math.min(max, Math.max(this.count.get(), 1)));
		long size = 0;
		for (Entry<T> entry; items.size() < max && (entry = this.queue.poll()) != null;) {
			items.add(entry.item());
			size += entry.size();
		}
		return new Batch<>(items, size);
	}

	/** Ends the accounting of a batch taken by {@link #poll}. */
	void release(Batch<T> batch) {
		this.bytes.addAndGet(-batch.bytes());
		this.count.addAndGet(-batch.items().size());
	}

	/** Refuses further items. */
	void close() {
		this.closed = true;
	}

	boolean isClosed() {
		return this.closed;
	}

	/** Whether no item waits to be taken (items in flight are not waiting). */
	boolean isEmpty() {
		return this.queue.isEmpty();
	}

	/**
	 * Whether a batch is due without waiting for the interval: {@code batchSize} items,
	 * or half the byte bound, are queued or in flight; the second keeps large items
	 * moving when the byte bound holds fewer than a batch of them.
	 */
	boolean holdsBatch(int batchSize) {
		return this.count.get() >= batchSize || this.bytes.get() >= this.maxBytes / 2;
	}

	/** Items queued or in flight. */
	int size() {
		return this.count.get();
	}

	/** Estimated bytes queued or in flight. */
	long bytes() {
		return this.bytes.get();
	}

	int maxItems() {
		return this.maxItems;
	}

	long maxBytes() {
		return this.maxBytes;
	}

	private record Entry<T>(T item, long size) {
	}

	/** Items taken together and their estimated bytes. */
	record Batch<T>(List<T> items, long bytes) {

		boolean isEmpty() {
			return this.items.isEmpty();
		}

		int size() {
			return this.items.size();
		}

	}

}
