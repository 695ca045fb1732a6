package io.github.lfwire.langfuse.media;

import java.time.Duration;

import io.github.lfwire.langfuse.config.DurationFormat;
import io.github.lfwire.langfuse.config.LangfuseConfigException;

/**
 * How media found in captured values is handled; validated when created.
 *
 * @param enabled whether media is replaced by a reference and uploaded (otherwise it
 * stays inline, bounded by the capture limit)
 * @param uploadThreads the threads that upload, started on the first media
 * @param maxQueueSize the most media waiting for or in upload; more is left inline and
 * counted as dropped
 * @param maxQueueBytes the most bytes of media waiting for or in upload; more is left
 * inline and counted as dropped
 * @param maxRetries how many times a failed request of an upload is retried (network
 * errors, timeouts, 408, 429 and 5xx only)
 * @param uploadTimeout the timeout of one request of an upload, the byte transfer
 * included
 */
public record MediaSettings(boolean enabled, int uploadThreads, int maxQueueSize, long maxQueueBytes, int maxRetries,
		Duration uploadTimeout) {

	/**
	 * The defaults: enabled, one thread, 1000 media or 64 MB queued, 3 retries, 60 s per
	 * request.
	 */
	public static final MediaSettings DEFAULTS = new MediaSettings(true, 1, 1000, 64L * 1024 * 1024, 3,
			Duration.ofSeconds(60));

	/**
	 * Validates the settings.
	 * @throws LangfuseConfigException naming the first invalid setting and its fix
	 */
	public MediaSettings {
		if (uploadThreads < 1 || uploadThreads > 64) {
			throw new LangfuseConfigException("mediaUploadThreads", uploadThreads + " is not between 1 and 64",
					"Use a small number of upload threads, e.g. 1.");
		}
		if (maxQueueSize < 1) {
			throw new LangfuseConfigException("mediaMaxQueueSize", maxQueueSize + " is below the minimum 1",
					"Use the most media to hold for upload, e.g. 1000.");
		}
		if (maxQueueBytes < 1) {
			throw new LangfuseConfigException("mediaMaxQueueBytes", maxQueueBytes + " is below the minimum 1",
					"Use the most bytes of media to hold for upload, e.g. 64MB.");
		}
		if (maxRetries < 0) {
			throw new LangfuseConfigException("mediaMaxRetries", maxRetries + " is below the minimum 0",
					"Use 0 to never retry, or a small count such as 3.");
		}
		if (uploadTimeout == null || uploadTimeout.isNegative() || uploadTimeout.isZero()) {
			throw new LangfuseConfigException("mediaUploadTimeout", uploadTimeout + " is not a positive duration",
					"Use a positive duration, e.g. 60s.");
		}
	}

	/** These settings with media handling switched on or off. */
	public MediaSettings withEnabled(boolean enabled) {
		return new MediaSettings(enabled, this.uploadThreads, this.maxQueueSize, this.maxQueueBytes, this.maxRetries,
				this.uploadTimeout);
	}

	/** These settings with another number of upload threads. */
	public MediaSettings withUploadThreads(int uploadThreads) {
		return new MediaSettings(this.enabled, uploadThreads, this.maxQueueSize, this.maxQueueBytes, this.maxRetries,
				this.uploadTimeout);
	}

	/** These settings with other queue bounds. */
	public MediaSettings withMaxQueue(int maxQueueSize, long maxQueueBytes) {
		return new MediaSettings(this.enabled, this.uploadThreads, maxQueueSize, maxQueueBytes, this.maxRetries,
				this.uploadTimeout);
	}

	/** These settings with another request timeout. */
	public MediaSettings withUploadTimeout(Duration uploadTimeout) {
		return new MediaSettings(this.enabled, this.uploadThreads, this.maxQueueSize, this.maxQueueBytes,
				this.maxRetries, uploadTimeout);
	}

	@Override
	public String toString() {
		return "{enabled=" + this.enabled + ", uploadThreads=" + this.uploadThreads + ", maxQueueSize="
				+ this.maxQueueSize + ", maxQueueBytes=" + this.maxQueueBytes + ", maxRetries=" + this.maxRetries
				+ ", uploadTimeout=" + DurationFormat.format(this.uploadTimeout) + "}";
	}

}
