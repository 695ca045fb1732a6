package io.github.lfwire.langfuse.media;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.lang.System.Logger;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

import io.github.lfwire.langfuse.config.DurationFormat;
import io.github.lfwire.langfuse.export.ExportResult;
import io.github.lfwire.langfuse.internal.LangfuseHttp;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Uploads the media that captures replaced by references, on its own threads started on
 * the first media: asks the server for an upload URL, sends the bytes with their
 * checksum, and reports the outcome.
 * <p>
 * The queue is bounded in media and bytes; media that does not fit stays inline, cut at
 * the capture limit, and is counted as dropped. A span that carries media is exported
 * once its uploads are done, with each reference checked: a failed upload leaves a
 * visible {@code <media not uploaded (cause): type>} marker instead of a dangling
 * reference.
 */
public final class MediaUploader {

	/** The media endpoint. */
	public static final String PATH = "/api/public/media";

	static final String SKIPPED_UNSUPPORTED = "unsupported_type";

	static final String SKIPPED_ALREADY_UPLOADED = "already_uploaded";

	private static final Logger logger = System.getLogger(MediaUploader.class.getName());

	private static final AtomicInteger THREADS = new AtomicInteger();

	private static final int MAX_ERROR_CHARS = 500;

	private final LangfuseHttp http;

	private final MediaSettings settings;

	private final Duration initialBackoff;

	private final Duration maxBackoff;

	private final Consumer<SpanData> spans;

	private final JsonMapper json = JsonMapper.builder().build();

	private final Map<SpanKey, SpanMedia> pending = new ConcurrentHashMap<>();

	private final AtomicInteger count = new AtomicInteger();

	private final AtomicLong bytes = new AtomicLong();

	private final LongAdder detected = new LongAdder();

	private final LongAdder uploaded = new LongAdder();

	private final Map<String, LongAdder> skipped = new ConcurrentHashMap<>();

	private final Map<String, LongAdder> failed = new ConcurrentHashMap<>();

	private final Map<String, LongAdder> dropped = new ConcurrentHashMap<>();

	private final AtomicLong accepted = new AtomicLong();

	private final AtomicLong processed = new AtomicLong();

	private final Object progress = new Object();

	private final AtomicBoolean failing = new AtomicBoolean();

	private volatile String lastError;

	private volatile ThreadPoolExecutor executor;

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
		this.http = http;
		this.settings = settings;
		this.initialBackoff = initialBackoff;
		this.maxBackoff = maxBackoff;
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
			this.detected.increment();
			this.accepted.incrementAndGet();
			try {
				executor().execute(new Upload(item));
			}
			catch (RuntimeException ex) {
				finish(item, "shutdown", null);
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
			count(this.dropped, "shutdown");
			return false;
		}
		if (this.count.incrementAndGet() > this.settings.maxQueueSize()) {
			this.count.decrementAndGet();
			count(this.dropped, "queue_full");
			return false;
		}
		if (this.bytes.addAndGet(size) > this.settings.maxQueueBytes()) {
			this.bytes.addAndGet(-size);
			this.count.decrementAndGet();
			count(this.dropped, "queue_bytes_full");
			return false;
		}
		return true;
	}

	void skipped(String reason) {
		count(this.skipped, reason);
	}

	/**
	 * Waits at most the timeout for the media queued before this call to be uploaded or
	 * to fail.
	 */
	public ExportResult flush(Duration timeout) {
		long deadline = System.nanoTime() + Math.max(0, timeout.toNanos());
		long target = this.accepted.get();
		long uploadedBefore = this.uploaded.sum();
		long failedBefore = failedTotal();
		boolean done = awaitProcessed(target, deadline);
		return new ExportResult(this.uploaded.sum() - uploadedBefore, failedTotal() - failedBefore, this.count.get(),
				!done);
	}

	/**
	 * Stops accepting media, waits at most the timeout for queued uploads, then abandons
	 * the rest; their spans are released with a marker.
	 */
	public ExportResult shutdown(Duration timeout) {
		this.shuttingDown = true;
		long failedBefore = failedTotal();
		ExportResult flushed = flush(timeout);
		ThreadPoolExecutor current = this.executor;
		if (current != null) {
			for (Runnable never : current.shutdownNow()) {
				if (never instanceof Upload upload) {
					finish(upload.media, "shutdown", "not uploaded before shutdown");
				}
			}
			try {
				current.awaitTermination(200, TimeUnit.MILLISECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		long failedNow = failedTotal() - failedBefore;
		if (failedNow > 0) {
			logger.log(Level.WARNING,
					"Langfuse client shut down with " + failedNow
							+ " media not uploaded (their share of the shutdown timeout, "
							+ DurationFormat.format(timeout) + ", ended)");
		}
		return new ExportResult(flushed.delivered(), failedNow, this.count.get(), flushed.timedOut());
	}

	/** A snapshot of the counters. */
	public MediaStats stats() {
		return new MediaStats(true, this.detected.sum(), this.uploaded.sum(), snapshot(this.skipped),
				snapshot(this.failed), snapshot(this.dropped), this.count.get(), this.settings.maxQueueSize(),
				this.bytes.get(), this.settings.maxQueueBytes(), this.lastError);
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
			try {
				media.digest();
			}
			catch (IllegalArgumentException ex) {
				finish(media, "invalid_base64", "the " + media.contentType() + " content is not valid base64");
				return;
			}
			ObjectNode request = this.json.createObjectNode()
				.put("traceId", media.traceId())
				.put("observationId", media.observationId())
				.put("field", media.field())
				.put("contentType", media.contentType())
				.put("contentLength", media.content().length)
				.put("sha256Hash", media.sha256Base64());
			byte[] body = this.json.writeValueAsBytes(request);
			LangfuseHttp.Response created = call("POST " + PATH,
					() -> this.http.send("POST", PATH, "application/json", body, this.settings.uploadTimeout()));
			JsonNode answer = this.json.readTree(created.body());
			String mediaId = answer.path("mediaId").asString(null);
			String uploadUrl = answer.path("uploadUrl").isString() ? answer.path("uploadUrl").asString() : null;
			if (mediaId == null || !mediaId.equals(media.mediaId())) {
				finish(media, "id_mismatch",
						"the server answered media id " + mediaId + " for content with id " + media.mediaId());
				return;
			}
			if (uploadUrl == null) {
				count(this.skipped, SKIPPED_ALREADY_UPLOADED);
				finish(media, null, null);
				return;
			}
			put(media, mediaId, URI.create(uploadUrl));
		}
		catch (UploadFailure ex) {
			finish(media, ex.cause, ex.getMessage());
		}
		catch (RuntimeException ex) {
			finish(media, "internal", "upload failed: " + ex.getClass().getSimpleName());
		}
	}

	private void put(PendingMedia media, String mediaId, URI uploadUrl) throws UploadFailure {
		Map<String, String> headers = new LinkedHashMap<>();
		headers.put("Content-Type", media.contentType());
		if (!"storage.googleapis.com".equalsIgnoreCase(uploadUrl.getHost())) {
			headers.put("x-amz-checksum-sha256", media.sha256Base64());
			headers.put("x-ms-blob-type", "BlockBlob");
		}
		byte[] content = media.content();
		long start = System.nanoTime();
		int status;
		UploadFailure failure = null;
		try {
			status = call("PUT upload URL",
					() -> this.http.upload(uploadUrl, content, headers, this.settings.uploadTimeout()))
				.status();
		}
		catch (UploadFailure ex) {
			failure = ex;
			status = ex.status;
		}
		long elapsedMs = Duration.ofNanos(System.nanoTime() - start).toMillis();
		if (status > 0) {
			ObjectNode outcome = this.json.createObjectNode()
				.put("uploadedAt", Instant.now().toString())
				.put("uploadHttpStatus", status)
				.put("uploadHttpError", (failure != null) ? failure.detail : null)
				.put("uploadTimeMs", elapsedMs);
			byte[] body = this.json.writeValueAsBytes(outcome);
			call("PATCH " + PATH, () -> this.http.send("PATCH", PATH + "/" + mediaId, "application/json", body,
					this.settings.uploadTimeout()));
		}
		if (failure != null) {
			throw failure;
		}
		this.uploaded.increment();
		finish(media, null, null);
	}

	private LangfuseHttp.Response call(String step, Request request) throws UploadFailure {
		for (int attempt = 0;; attempt++) {
			Duration retryAfter = null;
			String cause;
			int status = 0;
			String detail;
			try {
				LangfuseHttp.Response response = request.send();
				status = response.status();
				if (status >= 200 && status < 300) {
					return response;
				}
				cause = (status == 429) ? "http_429" : "http_" + status / 100 + "xx";
				detail = "HTTP " + status + ": " + snippet(response.body());
				if (status != 429 && status < 500) {
					throw new UploadFailure(step, cause, status, detail);
				}
				retryAfter = response.retryAfter();
			}
			catch (HttpTimeoutException ex) {
				cause = "timeout";
				detail = "timed out after " + this.settings.uploadTimeout();
			}
			catch (IOException ex) {
				cause = "network";
				detail = ex.getClass().getSimpleName();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new UploadFailure(step, "shutdown", 0, "interrupted by shutdown");
			}
			if (attempt >= this.settings.maxRetries() || this.executor.isShutdown()) {
				throw new UploadFailure(step, cause, status, detail);
			}
			if (!sleep(backoff(attempt, retryAfter))) {
				throw new UploadFailure(step, "shutdown", status, "interrupted by shutdown");
			}
		}
	}

	private Duration backoff(int attempt, Duration retryAfter) {
		long max = this.maxBackoff.toNanos();
		if (retryAfter != null) {
			return Duration.ofNanos(Math.min(max, retryAfter.toNanos()));
		}
		long ceiling = (attempt >= 30) ? max : Math.min(max, this.initialBackoff.toNanos() << attempt);
		return Duration.ofNanos(ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1));
	}

	private static boolean sleep(Duration delay) {
		long deadline = System.nanoTime() + delay.toNanos();
		long remaining;
		while ((remaining = deadline - System.nanoTime()) > 0) {
			if (Thread.currentThread().isInterrupted()) {
				return false;
			}
			LockSupport.parkNanos(remaining);
		}
		return !Thread.currentThread().isInterrupted();
	}

	private void finish(PendingMedia media, String cause, String message) {
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
			media.fail(cause);
			count(this.failed, cause);
			this.lastError = Instant.now() + " " + cause + ": " + message;
			if (this.failing.compareAndSet(false, true)) {
				logger.log(Level.WARNING, "Langfuse media upload failed (" + cause + "): " + message
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

	private long failedTotal() {
		return this.failed.values().stream().mapToLong(LongAdder::sum).sum();
	}

	private static void count(Map<String, LongAdder> counters, String key) {
		counters.computeIfAbsent(key, (ignored) -> new LongAdder()).increment();
	}

	private static Map<String, Long> snapshot(Map<String, LongAdder> counters) {
		Map<String, Long> snapshot = new LinkedHashMap<>();
		new ArrayList<>(counters.keySet()).stream()
			.sorted()
			.forEach((key) -> snapshot.put(key, counters.get(key).sum()));
		return snapshot;
	}

	private static String snippet(byte[] body) {
		if (body == null || body.length == 0) {
			return "(empty body)";
		}
		String text = new String(body, 0, Math.min(body.length, MAX_ERROR_CHARS), StandardCharsets.UTF_8);
		return text.replaceAll("\\s+", " ");
	}

	private record SpanKey(String traceId, String spanId) {
	}

	@FunctionalInterface
	private interface Request {

		LangfuseHttp.Response send() throws IOException, InterruptedException;

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
				finish(this.media, "internal", "upload failed: " + ex.getClass().getSimpleName());
				if (ex instanceof VirtualMachineError error && !(ex instanceof OutOfMemoryError)) {
					throw error;
				}
			}
		}

	}

	/** A request of an upload that failed for good. */
	private static final class UploadFailure extends Exception {

		private final String cause;

		private final int status;

		private final String detail;

		UploadFailure(String step, String cause, int status, String detail) {
			super(step + " failed: " + detail, null, false, false);
			this.cause = cause;
			this.status = status;
			this.detail = detail;
		}

	}

}
