package io.github.lfwire.langfuse.internal.export;

import java.lang.System.Logger.Level;
import java.lang.System.Logger;

import io.github.lfwire.langfuse.config.DurationFormat;
import io.github.lfwire.langfuse.export.FailureCause;
import io.github.lfwire.langfuse.internal.HttpOutcome;
import org.jspecify.annotations.Nullable;

/**
 * The Langfuse-specific text of what an export pipeline logs and records as its last
 * error; failures and drops are logged once per episode (see {@link EpisodeLog}), never
 * once per attempt.
 */
final class ExportLog {

	private final Logger logger;

	private final PipelineSettings settings;

	private final EpisodeLog episodes;

	ExportLog(Logger logger, PipelineSettings settings) {
		this.logger = logger;
		this.settings = settings;
		this.episodes = new EpisodeLog(logger);
	}

	/**
	 * The message describing a failed attempt at exporting {@code n} items.
	 * @param error the exception that ended the attempt, named with its message, or
	 * {@code null}
	 * @param keysSent whether the request carried the project's keys
	 */
	String failure(SendOutcome outcome, int n, @Nullable String error, boolean keysSent) {
		String kind = this.settings.kind();
		String destination = this.settings.destination();
		return switch (outcome.cause()) {
			case HTTP_401, HTTP_403 -> refused(outcome.status(), keysSent);
			case TIMEOUT -> "export of " + n + " " + kind + " to " + destination + " timed out after "
					+ DurationFormat.format(this.settings.exportTimeout()) + "; retrying";
			case NETWORK -> "could not reach " + destination + " (" + error + "); retrying";
			case ENCODE -> "could not encode " + n + " " + kind + ": " + error;
			case INTERNAL -> "export of " + n + " " + kind + " failed: " + error;
			default -> (outcome.kind() == HttpOutcome.RETRY)
					? destination + " answered HTTP " + outcome.status() + " to an export of " + n + " " + kind
							+ "; retrying"
					: destination + " rejected " + n + " " + kind + " with HTTP " + outcome.status()
							+ "; they are dropped";
		};
	}

	/**
	 * The message of a 401 or 403, which points at the keys only when they were sent.
	 */
	private String refused(int status, boolean keysSent) {
		String destination = this.settings.destination();
		return keysSent
				? destination + " refused the credentials (HTTP " + status
						+ "); check the public and secret key, or whether ingestion is suspended"
				: destination + " refused the request (HTTP " + status
						+ "); no Langfuse keys were sent (exportBasicAuth is off): check the credentials in"
						+ " exportHeaders";
	}

	/**
	 * The message describing a span exporter that failed, threw or timed out on {@code n}
	 * items, which are dropped.
	 * @param error the simple name of the exception it threw, or {@code null}
	 */
	String destinationFailure(FailureCause cause, int n, @Nullable String error) {
		String destination = this.settings.destination();
		return switch (cause) {
			case TIMEOUT -> destination + " did not export " + n + " " + this.settings.kind() + " within "
					+ DurationFormat.format(this.settings.exportTimeout()) + "; they are dropped";
			case EXPORTER_ERROR -> destination + " threw " + error + ((n > 0)
					? " exporting " + n + " " + this.settings.kind() + "; they are dropped" : " while shutting down");
			default -> destination + " failed to export " + n + " " + this.settings.kind() + "; they are dropped";
		};
	}

	/** Logs, once per episode, a span exporter that failed. */
	void destinationFailed(String message) {
		this.episodes.failure(Level.WARNING, message);
	}

	/**
	 * Logs a failed attempt, if it is the first of an episode; a server's refusal that
	 * retrying cannot fix is an error.
	 */
	void failed(SendOutcome outcome, String message) {
		boolean refused = outcome.kind() != HttpOutcome.RETRY && outcome.status() != 0;
		this.episodes.failure(refused ? Level.ERROR : Level.WARNING, message);
	}

	/** Logs, once per episode, a batch dropped after its last retry. */
	void retriesExhausted(int n, int attempts) {
		this.episodes.dropped(n,
				"Langfuse dropped " + n + " " + this.settings.kind() + " after " + attempts
						+ " failed export attempts to " + this.settings.destination()
						+ "; raise exportMaxRetries or exportRetryMaxBackoff to ride out longer outages");
	}

	/** Logs the end of a failure episode. */
	void delivered() {
		this.episodes.success("Export of " + this.settings.kind() + " to " + this.settings.destination(),
				this.settings.kind());
	}

}
