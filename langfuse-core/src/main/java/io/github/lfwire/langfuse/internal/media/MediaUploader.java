package io.github.lfwire.langfuse.internal.media;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import io.github.lfwire.langfuse.internal.LangfuseHttp;
import io.github.lfwire.langfuse.internal.RetryPolicy;
import io.github.lfwire.langfuse.internal.export.ExportResult;
import io.github.lfwire.langfuse.media.MediaDropReason;
import io.github.lfwire.langfuse.media.MediaFailureCause;
import io.github.lfwire.langfuse.media.MediaSettings;
import io.github.lfwire.langfuse.media.MediaSkipReason;
import io.github.lfwire.langfuse.media.MediaStats;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.jspecify.annotations.Nullable;

/**
 * Queues the media that captures replaced by references and uploads it with a
 * {@link MediaUploadProtocol} on its own threads, started on the first media.
 * <p>
 * The queue is bounded in media and bytes; media that does not fit stays inline, cut at
 * the capture limit, and is counted as dropped. A span that carries media is exported
 * once its uploads are done, with each reference checked: a failed upload leaves a
 * visible {@code <media not uploaded (cause): type>} marker instead of a dangling
 * reference.
 */
public final class MediaUploader {

	/** The media endpoint. */
	public static final String PATH = MediaUploadProtocol.PATH;

	private static final Logger logger = System.getLogger(MediaUploader.class.getName());

	private static final AtomicInteger THREADS = new AtomicInteger();

	private final MediaSettings settings;

	private final MediaUploadProtocol protocol;

	private final Consumer<SpanData> spans;

	private final Map<SpanKey, SpanMedia> pending = new ConcurrentHashMap<>();

	private final AtomicInteger count = new AtomicInteger();

	private final AtomicLong bytes = new AtomicLong();

	private final MediaCounters counters = new MediaCounters();

	private final AtomicLong accepted = new AtomicLong();

	private final AtomicLong processed = new AtomicLong();

	private final Object progress = new Object();

	private final AtomicBoolean failing = new AtomicBoolean();

	private volatile @Nullable String lastError;

	private volatile @Nullable ThreadPoolExecutor executor;

	private volatile boolean shuttingDown;

	/**
	 * Creates an uploader; no thread starts before the first media.
	 * @param http the transport to the server
	 * @param settings bounds, threads, retries and timeout
	 * @param initialBackoff the first retry delay
	 * @param maxBackoff the longest retry delay
	 * @param spans where spans go once their media are done
	 */
	public MediaUploader(LangfuseHttp http, MediaSettings settings, Duration initialBackoff, Duration maxBackoff,
			Consumer<SpanData> spans) {
		this.settings = settings;
		this.protocol = new MediaUploadProtocol(http, settings.uploadTimeout(),
				new RetryPolicy(settings.maxRetries(), initialBackoff, maxBackoff), this::isStopping);
		this.spans = spans;
	}

	/**
	 * A span processor that holds back spans with media and hands every span to the given
	 * processor.
	 */
	public SpanProcessor spanProcessor(SpanProcessor delegate) {
		return new MediaSpanProcessor(delegate, this, this.spans);
	}

	/** A sink for one capture. */
	public MediaSink newSink() {
		return new MediaSink(this);
	}

	/**
	 * Queues the media a capture found for upload, linked to the span's trace,
	 * observation and field; when the span has already ended, nothing is uploaded.
	 * @param field {@code input}, {@code output} or {@code metadata}
	 */
	public void attach(Span span, String field, MediaSink sink) {
		List<PendingMedia> found = sink.found();
		if (found.isEmpty()) {
			return;
		}
		SpanContext context = span.getSpanContext();
		SpanKey key = new SpanKey(context.getTraceId(), context.getSpanId());
		SpanMedia media = this.pending.computeIfAbsent(key, (ignored) -> new SpanMedia());
		if (!media.add(found, span.isRecording())) {
			if (media.isEmpty()) {
				this.pending.remove(key, media);
			}
			for (PendingMedia item : found) {
				release(item.heldBytes());
			}
			return;
		}
		for (PendingMedia item : found) {
			item.attach(context.getTraceId(), context.getSpanId(), field, media);
			this.counters.detected();
			this.accepted.incrementAndGet();
			try {
				executor().execute(new Upload(item));
			}
			catch (RuntimeException ex) {
				finish(item, MediaFailureCause.SHUTDOWN, "not uploaded before shutdown");
			}
		}
	}

	/**
	 * The reference for a text value that is a whole base64 data URI, queued for upload
	 * like captured media, or {@code null} when the text is not one (or cannot be queued)
	 * and stays as it is.
	 */
	public @Nullable String replaceDataUri(String text, Span span, String field) {
		MediaSink sink = newSink();
		String reference = sink.dataUri(text);
		if (reference != null) {
			attach(span, field, sink);
		}
		return reference;
	}

	SpanMedia takeSpan(SpanContext context) {
		if (this.pending.isEmpty()) {
			return null;
		}
		return this.pending.remove(new SpanKey(context.getTraceId(), context.getSpanId()));
	}

	boolean reserve(long size) {
		if (this.shuttingDown) {
			this.counters.dropped(MediaDropReason.SHUTDOWN);
			return false;
		}
		if (this.count.incrementAndGet() > this.settings.maxQueueSize()) {
			this.count.decrementAndGet();
			this.counters.dropped(MediaDropReason.QUEUE_FULL);
			return false;
		}
		if (this.bytes.addAndGet(size) > this.settings.maxQueueBytes()) {
			this.bytes.addAndGet(-size);
			this.count.decrementAndGet();
			this.counters.dropped(MediaDropReason.QUEUE_BYTES_FULL);
			return false;
		}
		return true;
	}

	void skipped(MediaSkipReason reason) {
		this.counters.skipped(reason);
	}

	/**
	 * Waits at most the timeout for the media queued before this call to be uploaded or
	 * to fail.
	 */
	public ExportResult flush(Duration timeout) {
		long deadline = System.nanoTime() + Math.max(0, timeout.toNanos());
		long target = this.accepted.get();
		long uploadedBefore = this.counters.uploadedTotal();
		long failedBefore = this.counters.failedTotal();
		boolean done = awaitProcessed(target, deadline);
		return new ExportResult(this.counters.uploadedTotal() - uploadedBefore,
				this.counters.failedTotal() - failedBefore, this.count.get(), !done);
	}

	/**
	 * Stops accepting media, waits at most the timeout for queued uploads, then abandons
	 * the rest, counted with {@link MediaFailureCause#SHUTDOWN}; their spans are released
	 * with a marker. The client logs what the uploads did since the start.
	 */
	public ExportResult shutdown(Duration timeout) {
		this.shuttingDown = true;
		long failedBefore = this.counters.failedTotal();
		ExportResult flushed = flush(timeout);
		ThreadPoolExecutor current = this.executor;
		if (current != null) {
			for (Runnable never : current.shutdownNow()) {
				if (never instanceof Upload upload) {
					finish(upload.media, MediaFailureCause.SHUTDOWN, "not uploaded before shutdown");
				}
			}
			try {
				current.awaitTermination(200, TimeUnit.MILLISECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		long failedNow = this.counters.failedTotal() - failedBefore;
		return new ExportResult(flushed.delivered(), failedNow, this.count.get(), flushed.timedOut());
	}

	/** A snapshot of the counters. */
	public MediaStats stats() {
		return this.counters.snapshot(this.settings, this.count.get(), this.bytes.get(), this.lastError);
	}

	private ThreadPoolExecutor executor() {
		ThreadPoolExecutor current = this.executor;
		if (current == null) {
			synchronized (this) {
				current = this.executor;
				if (current == null) {
					int threads = this.settings.uploadThreads();
					current = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS,
							new LinkedBlockingQueue<>(), (runnable) -> {
								Thread thread = new Thread(runnable,
										"langfuse-media-upload-" + THREADS.incrementAndGet());
								thread.setDaemon(true);
								return thread;
							});
					this.executor = current;
				}
			}
		}
		return current;
	}

	private void upload(PendingMedia media) {
		try {
			if (this.protocol.upload(media)) {
				this.counters.uploaded();
			}
			else {
				this.counters.skipped(MediaSkipReason.ALREADY_UPLOADED);
			}
			finish(media, null, null);
		}
		catch (MediaUploadProtocol.UploadFailure ex) {
			finish(media, ex.failureCause(), ex.getMessage());
		}
		catch (RuntimeException ex) {
			finish(media, MediaFailureCause.INTERNAL, "upload failed: " + ex.getClass().getSimpleName());
		}
	}

	private boolean isStopping() {
		ThreadPoolExecutor current = this.executor;
		return current == null || current.isShutdown();
	}

	private void finish(PendingMedia media, @Nullable MediaFailureCause cause, @Nullable String message) {
		if (!media.finish()) {
			return;
		}
		if (cause == null) {
			media.succeed();
			if (this.failing.compareAndSet(true, false)) {
				logger.log(Level.INFO, "Langfuse media uploads recovered");
			}
		}
		else {
			media.fail(cause.key());
			this.counters.failed(cause);
			this.lastError = Instant.now() + " " + cause.key() + ": " + message;
			if (this.failing.compareAndSet(false, true)) {
				logger.log(Level.WARNING, "Langfuse media upload failed (" + cause.key() + "): " + message
						+ "; the reference is replaced by a marker (further failures are not logged until an upload succeeds)");
			}
		}
		media.release();
		release(media.heldBytes());
		SpanMedia span = media.span();
		SpanData ready = (span != null) ? span.done() : null;
		if (ready != null) {
			try {
				this.spans.accept(ready);
			}
			catch (RuntimeException ex) {
				logger.log(Level.DEBUG, "Could not queue a span with media", ex);
			}
		}
		this.processed.incrementAndGet();
		synchronized (this.progress) {
			this.progress.notifyAll();
		}
	}

	private void release(long size) {
		this.bytes.addAndGet(-size);
		this.count.decrementAndGet();
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

	private record SpanKey(String traceId, String spanId) {
	}

	/** One queued upload. */
	private final class Upload implements Runnable {

		private final PendingMedia media;

		Upload(PendingMedia media) {
			this.media = media;
		}

		@Override
		public void run() {
			try {
				upload(this.media);
			}
			catch (Throwable ex) {
				finish(this.media, MediaFailureCause.INTERNAL, "upload failed: " + ex.getClass().getSimpleName());
				if (ex instanceof VirtualMachineError error && !(ex instanceof OutOfMemoryError)) {
					throw error;
				}
			}
		}

	}

}
