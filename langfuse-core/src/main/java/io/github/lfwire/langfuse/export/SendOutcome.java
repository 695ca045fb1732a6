package io.github.lfwire.langfuse.export;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * What one send achieved, derived by the sender from the server's answer.
 *
 * @param kind what the exporter should do about it
 * @param cause why it failed, or {@code null} when it was delivered
 * @param status the HTTP status, or {@code 0} when there was no answer
 * @param retryAfter the delay the server asked for, or {@code null}
 * @param rejected items of a delivered batch that the server refused one by one
 */
public record SendOutcome(Kind kind, @Nullable FailureCause cause, int status, @Nullable Duration retryAfter,
		int rejected) {

	/** A delivered batch of which the given number of items were refused one by one. */
	public static SendOutcome delivered(int rejected) {
		return new SendOutcome(Kind.DELIVERED, null, 200, null, rejected);
	}

	/**
	 * The outcome of an HTTP answer: 2xx delivered, 401/403 unauthorized, 429 and 5xx
	 * retried, others rejected.
	 */
	public static SendOutcome ofStatus(int status, @Nullable Duration retryAfter, int rejected) {
		if (status >= 200 && status < 300) {
			return new SendOutcome(Kind.DELIVERED, null, status, null, rejected);
		}
		Kind kind = (status == 401 || status == 403) ? Kind.UNAUTHORIZED
				: (status == 429 || status >= 500) ? Kind.RETRY : Kind.REJECTED;
		return new SendOutcome(kind, FailureCause.ofStatus(status), status, retryAfter, 0);
	}

	/**
	 * A send that got no answer and is worth retrying, such as a network failure or a
	 * timeout.
	 */
	public static SendOutcome unanswered(FailureCause cause) {
		return new SendOutcome(Kind.RETRY, cause, 0, null, 0);
	}

	/** A send that failed in the client and would fail again. */
	public static SendOutcome failed(FailureCause cause) {
		return new SendOutcome(Kind.REJECTED, cause, 0, null, 0);
	}

	/** What the exporter does about an outcome. */
	public enum Kind {

		/** The server took the batch. */
		DELIVERED,
		/** The attempt failed in a way a later attempt may not. */
		RETRY,
		/** The server refused the credentials; retrying cannot help. */
		UNAUTHORIZED,
		/** The batch can never be delivered. */
		REJECTED

	}

}
