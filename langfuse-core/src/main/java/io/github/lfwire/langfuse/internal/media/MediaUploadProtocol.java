package io.github.lfwire.langfuse.internal.media;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import io.github.lfwire.langfuse.config.DurationFormat;
import io.github.lfwire.langfuse.internal.HttpOutcome;
import io.github.lfwire.langfuse.internal.LangfuseHttp;
import io.github.lfwire.langfuse.internal.RetryPolicy;
import io.github.lfwire.langfuse.media.MediaFailureCause;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The requests of one media upload: asks the server for an upload URL, sends the bytes
 * with their checksum to it, and reports the outcome; each request is retried as the
 * shared {@link RetryPolicy} decides.
 */
final class MediaUploadProtocol {

	static final String PATH = "/api/public/media";

	private static final int MAX_ERROR_CHARS = 500;

	private final LangfuseHttp http;

	private final Duration timeout;

	private final RetryPolicy retryPolicy;

	private final BooleanSupplier stopping;

	private final JsonMapper json = JsonMapper.builder().build();

	/**
	 * @param stopping whether the uploader is shutting down, so that no retry starts
	 */
	MediaUploadProtocol(LangfuseHttp http, Duration timeout, RetryPolicy retryPolicy, BooleanSupplier stopping) {
		this.http = http;
		this.timeout = timeout;
		this.retryPolicy = retryPolicy;
		this.stopping = stopping;
	}

	/**
	 * Uploads the media.
	 * @return {@code true} when the bytes were sent, {@code false} when the server
	 * already had them
	 * @throws UploadFailure when the upload failed for good
	 */
	boolean upload(PendingMedia media) throws UploadFailure {
		try {
			media.digest();
		}
		catch (IllegalArgumentException ex) {
			throw new UploadFailure(MediaFailureCause.INVALID_BASE64,
					"the " + media.contentType() + " content is not valid base64");
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
				() -> this.http.send("POST", PATH, "application/json", body, this.timeout));
		JsonNode answer = this.json.readTree(created.body());
		String mediaId = answer.path("mediaId").asString(null);
		String uploadUrl = answer.path("uploadUrl").isString() ? answer.path("uploadUrl").asString() : null;
		if (mediaId == null || !mediaId.equals(media.mediaId())) {
			throw new UploadFailure(MediaFailureCause.ID_MISMATCH,
					"the server answered media id " + mediaId + " for content with id " + media.mediaId());
		}
		if (uploadUrl == null) {
			return false;
		}
		put(media, mediaId, URI.create(uploadUrl));
		return true;
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
			status = call("PUT upload URL", () -> this.http.upload(uploadUrl, content, headers, this.timeout)).status();
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
			call("PATCH " + PATH,
					() -> this.http.send("PATCH", PATH + "/" + mediaId, "application/json", body, this.timeout));
		}
		if (failure != null) {
			throw failure;
		}
	}

	private LangfuseHttp.Response call(String step, Request request) throws UploadFailure {
		for (int attempt = 0;; attempt++) {
			Duration retryAfter = null;
			HttpOutcome outcome = HttpOutcome.RETRY;
			MediaFailureCause cause;
			int status = 0;
			String detail;
			try {
				LangfuseHttp.Response response = request.send();
				status = response.status();
				outcome = HttpOutcome.ofStatus(status);
				if (outcome == HttpOutcome.SUCCESS) {
					return response;
				}
				cause = MediaFailureCause.ofStatus(status);
				detail = "HTTP " + status + ": " + snippet(response.body());
				retryAfter = response.retryAfter();
			}
			catch (HttpTimeoutException ex) {
				cause = MediaFailureCause.TIMEOUT;
				detail = "timed out after " + DurationFormat.format(this.timeout);
			}
			catch (IOException ex) {
				cause = MediaFailureCause.NETWORK;
				detail = ex.getClass().getSimpleName();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new UploadFailure(step, MediaFailureCause.SHUTDOWN, 0, "interrupted by shutdown");
			}
			Duration delay = this.stopping.getAsBoolean() ? null
					: this.retryPolicy.retryDelay(outcome, attempt, retryAfter);
			if (delay == null) {
				throw new UploadFailure(step, cause, status, detail);
			}
			if (!sleep(delay)) {
				throw new UploadFailure(step, MediaFailureCause.SHUTDOWN, status, "interrupted by shutdown");
			}
		}
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

	private static String snippet(byte @Nullable [] body) {
		if (body == null || body.length == 0) {
			return "(empty body)";
		}
		String text = new String(body, 0, Math.min(body.length, MAX_ERROR_CHARS), StandardCharsets.UTF_8);
		return text.replaceAll("\\s+", " ");
	}

	@FunctionalInterface
	private interface Request {

		LangfuseHttp.Response send() throws IOException, InterruptedException;

	}

	/** A request of an upload that failed for good. */
	static final class UploadFailure extends Exception {

		private final MediaFailureCause cause;

		private final int status;

		private final String detail;

		UploadFailure(String step, MediaFailureCause cause, int status, String detail) {
			super(step + " failed: " + detail, null, false, false);
			this.cause = cause;
			this.status = status;
			this.detail = detail;
		}

		UploadFailure(MediaFailureCause cause, String message) {
			super(message, null, false, false);
			this.cause = cause;
			this.status = 0;
			this.detail = message;
		}

		MediaFailureCause failureCause() {
			return this.cause;
		}

	}

}
