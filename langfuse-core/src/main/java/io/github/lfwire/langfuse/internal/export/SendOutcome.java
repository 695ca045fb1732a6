package io.github.lfwire.langfuse.internal.export;

import java.time.Duration;

import io.github.lfwire.langfuse.export.DropReason;
import io.github.lfwire.langfuse.export.FailureCause;
import io.github.lfwire.langfuse.internal.HttpOutcome;
import org.jspecify.annotations.Nullable;

/**
 * What one send achieved, derived by the sender from the server's answer with the shared
 * {@link HttpOutcome} table.
 *
 * @param kind what the exporter should do about it
 * @param cause why it failed, or {@code null} when it was delivered
 * @param status the HTTP status, or {@code 0} when there was no answer
 * @param retryAfter the delay the server asked for, or {@code null}
 * @param rejected items of a delivered batch that the server refused one by one
 */
public record SendOutcome(HttpOutcome kind, @Nullable FailureCause cause, int status, @Nullable Duration retryAfter,
		int rejected) {

	/** A delivered batch of which the given number of items were refused one by one. */
	public static SendOutcome delivered(int rejected) {
		return new SendOutcome(HttpOutcome.SUCCESS, null, 200, null, rejected);
	}

	/**
	 * The outcome of an HTTP answer: 2xx delivered, 401/403 unauthorized, 408, 429 and
	 * 5xx retried, others rejected.
	 */
	public static SendOutcome ofStatus(int status, @Nullable Duration retryAfter, int rejected) {
		HttpOutcome kind = HttpOutcome.ofStatus(status);
		if (kind == HttpOutcome.SUCCESS) {
			return new SendOutcome(kind, null, status, null, rejected);
		}
		return new SendOutcome(kind, FailureCause.ofStatus(status), status, retryAfter, 0);
	}

	/**
	 * A send that got no answer and is worth retrying, such as a network failure or a
	 * timeout.
	 */
	public static SendOutcome unanswered(FailureCause cause) {
		return new SendOutcome(HttpOutcome.RETRY, cause, 0, null, 0);
	}

	/** A send that failed in the client and would fail again. */
	public static SendOutcome failed(FailureCause cause) {
		return new SendOutcome(HttpOutcome.REJECTED, cause, 0, null, 0);
	}

	/**
	 * Why the batch is dropped when no retry follows this outcome, or {@code null} when
	 * it was delivered.
	 */
	@Nullable DropReason dropReason() {
		return switch (this.kind) {
			case SUCCESS -> null;
			case UNAUTHORIZED -> DropReason.UNAUTHORIZED;
			case REJECTED -> DropReason.REJECTED;
			case RETRY -> DropReason.RETRIES_EXHAUSTED;
		};
	}

}
