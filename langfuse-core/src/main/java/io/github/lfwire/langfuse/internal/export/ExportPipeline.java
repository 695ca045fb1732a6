package io.github.lfwire.langfuse.internal.export;

import java.io.PrintStream;
import java.lang.System.Logger;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.ToLongFunction;

import io.github.lfwire.langfuse.export.DropReason;
import io.github.lfwire.langfuse.export.ExportCompression;
import io.github.lfwire.langfuse.export.ExportStats;
import io.github.lfwire.langfuse.internal.LangfuseHttp;
import io.github.lfwire.langfuse.internal.RetryPolicy;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.jspecify.annotations.Nullable;

/**
 * The entry point of the export package: a bounded queue drained in batches by one
 * background thread that retries with backoff, with its counters.
 * <p>
 * Producers never block: an item that does not fit is dropped and counted. Items count
 * against the bounds until their export ends, so memory held by batches in flight is
 * bounded too.
 *
 * @param <T> the item type
 */
public final class ExportPipeline<T> {

	/**
	 * The part of a shutdown timeout kept for the interrupted worker to count the batch
	 * it was sending, so that the books read after a shutdown are settled.
	 */
	private static final Duration STOP_GRACE = Duration.ofMillis(100);

	private static final Logger logger = System.getLogger(ExportPipeline.class.getName());

	private final ExportBuffer<T> buffer;

	private final ExportCounters counters = new ExportCounters();

	private final ExportLog log;

	private final OverflowLog overflow;

	private final ExportWorker<T> worker;

	private final ToLongFunction<T> sizer;

	private final Delivery<T> delivery;

	ExportPipeline(PipelineSettings settings, BatchSender<T> sender, ToLongFunction<T> sizer,
			ExportWorker.@Nullable RetryWait retryWait, Clock clock) {
		this(settings, (counters, log) -> new BatchDelivery<>(sender, retryPolicy(settings), counters, log, clock),
				sizer, retryWait);
	}

	private ExportPipeline(PipelineSettings settings, BiFunction<ExportCounters, ExportLog, Delivery<T>> delivery,
			ToLongFunction<T> sizer, ExportWorker.@Nullable RetryWait retryWait) {
		this.buffer = new ExportBuffer<>(settings.maxItems(), settings.maxBytes(), settings.highWaterMark());
		this.log = new ExportLog(logger, settings);
		this.overflow = new OverflowLog(logger, settings);
		this.delivery = delivery.apply(this.counters, this.log);
		this.worker = new ExportWorker<>(settings, this.buffer, this.delivery, this.counters, this.overflow, retryWait);
		this.sizer = sizer;
	}

	private static RetryPolicy retryPolicy(PipelineSettings settings) {
		return new RetryPolicy(settings.maxRetries(), settings.initialBackoff(), settings.maxBackoff());
	}

	/**
	 * Creates a pipeline; its thread starts with the first item.
	 * @param sender encodes and sends batches
	 * @param sizer estimates the bytes an item holds
	 */
	public static <T> ExportPipeline<T> create(PipelineSettings settings, BatchSender<T> sender,
			ToLongFunction<T> sizer) {
		return new ExportPipeline<>(settings, sender, sizer, null, Clock.systemUTC());
	}

	/**
	 * Creates the pipeline of spans to Langfuse's OTLP endpoint, or a collector's.
	 * @param endpoint the full URL of the OTLP/HTTP traces endpoint
	 * @param basicAuth whether to send Basic auth with the project's keys
	 * @param headers extra headers sent with every request
	 * @param compression how the requests are compressed
	 */
	public static ExportPipeline<SpanData> otlp(PipelineSettings settings, LangfuseHttp http, URI endpoint,
			boolean basicAuth, Map<String, String> headers, ExportCompression compression) {
		return create(settings, new OtlpSpanSender(http, endpoint, basicAuth, headers, compression),
				LangfuseSpanProcessor::estimateBytes);
	}

	/** Creates the pipeline that prints each finished trace as a tree. */
	public static ExportPipeline<SpanData> console(PipelineSettings settings, PrintStream out) {
		return create(settings, new ConsoleTraceSender(out), LangfuseSpanProcessor::estimateBytes);
	}

	/**
	 * Creates a pipeline that hands spans to an OpenTelemetry exporter on its own thread;
	 * the exporter retries on its own, so a batch it fails is dropped and counted.
	 */
	public static ExportPipeline<SpanData> exporter(PipelineSettings settings, SpanExporter exporter) {
		return new ExportPipeline<>(settings, (counters, log) -> new ExporterDelivery(exporter,
				settings.exportTimeout(), counters, log, Clock.systemUTC()), LangfuseSpanProcessor::estimateBytes,
				null);
	}

	/**
	 * Queues an item unless a bound is reached or the pipeline shut down; never blocks.
	 * @return whether the item was queued
	 */
	public boolean offer(T item) {
		DropReason refused = this.buffer.offer(item, this.sizer.applyAsLong(item));
		if (refused != null) {
			refused(refused);
			return false;
		}
		this.counters.enqueued();
		this.worker.queued();
		return true;
	}

	/**
	 * Counts an item as refused, as {@link #offer} would, when the pipeline is shut down
	 * or full in items, so that a caller need not build or size an item that cannot be
	 * queued; never blocks.
	 * @return whether the item was refused and counted
	 */
	boolean refuseIfFull() {
		DropReason refused = this.buffer.refusalWithoutSize();
		if (refused == null) {
			return false;
		}
		refused(refused);
		return true;
	}

	private void refused(DropReason reason) {
		this.counters.refused(reason);
		if (reason != DropReason.SHUTDOWN && this.overflow.notice()) {
			this.worker.overflowNoticed();
		}
	}

	/**
	 * Whether a new trace is admitted: the queue is under its high-water mark. Above the
	 * mark new traces are refused whole, so the room left is kept for the spans of traces
	 * already admitted. Once the pipeline shut down every trace is admitted, and its
	 * spans are counted as dropped by the shutdown.
	 */
	public boolean admitsTrace() {
		return this.buffer.isClosed() || this.buffer.belowMark();
	}

	/**
	 * Counts a trace refused at its root, with its root item; its further items are
	 * counted by {@link #refuse()}.
	 */
	public void refuseTrace() {
		this.counters.traceRefused();
		refuse();
		if (this.overflow.notice()) {
			this.worker.overflowNoticed();
		}
	}

	/** Counts an item of a refused trace, such as a child span or a score, as dropped. */
	public void refuse() {
		this.counters.refused(DropReason.TRACE_REFUSED);
	}

	/** Exports everything queued before this call, waiting at most the timeout. */
	public ExportResult flush(Duration timeout) {
		long deadline = System.nanoTime() + Math.max(0, timeout.toNanos());
		long target = this.counters.enqueuedCount();
		long exportedBefore = this.counters.exported();
		long lostBefore = this.counters.lost();
		boolean done = this.worker.flush(target, deadline);
		return new ExportResult(this.counters.exported() - exportedBefore, this.counters.lost() - lostBefore,
				this.buffer.size(), !done);
	}

	/**
	 * Stops accepting items, exports what is queued within the timeout, then drops what
	 * is left and counts it with {@link DropReason#SHUTDOWN}; the client logs what the
	 * pipeline did since the start from its {@link #stats()}.
	 */
	public ExportResult shutdown(Duration timeout) {
		long start = System.nanoTime();
		long exportedBefore = this.counters.exported();
		long lostBefore = this.counters.lost();
		this.buffer.close();
		long stopGrace = Math.min(STOP_GRACE.toNanos(), timeout.toNanos() / 4);
		ExportResult flushed = flush(Duration.ofNanos(Math.max(0, timeout.toNanos() - stopGrace)));
		this.worker.stop(Math.max(stopGrace, timeout.toNanos() - (System.nanoTime() - start)));
		for (ExportBuffer.Batch<T> left; !(left = this.buffer.poll(Integer.MAX_VALUE)).isEmpty();) {
			this.buffer.release(left);
			this.counters.lost(DropReason.SHUTDOWN, left.size());
			this.worker.abandoned(left.size());
		}
		long failed = this.counters.lost() - lostBefore;
		long delivered = this.counters.exported() - exportedBefore;
		this.delivery.close(remaining(start, timeout));
		return new ExportResult(delivered, failed, this.buffer.size(), flushed.timedOut());
	}

	private static Duration remaining(long start, Duration timeout) {
		return Duration.ofNanos(Math.max(0, timeout.toNanos() - (System.nanoTime() - start)));
	}

	/** A snapshot of the counters and the queue. */
	public ExportStats stats() {
		return this.counters.snapshot(this.buffer);
	}

}
