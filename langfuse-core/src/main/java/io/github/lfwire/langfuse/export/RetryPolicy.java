package io.github.lfwire.langfuse.export;

import java.time.Duration;
import java.util.function.LongUnaryOperator;

import org.jspecify.annotations.Nullable;

/**
 * Decides what follows an export attempt: done, drop the batch, or retry after a delay
 * that honours the server's {@code Retry-After} and otherwise backs off exponentially
 * with jitter.
 */
final class RetryPolicy {

	private final int maxRetries;

	private final long initialNanos;

	private final long maxNanos;

	private final LongUnaryOperator random;

	/**
	 * @param random a random number from zero to the argument, inclusive, for the jitter
	 */
	RetryPolicy(int maxRetries, Duration initialBackoff, Duration maxBackoff, LongUnaryOperator random) {
		this.maxRetries = maxRetries;
		this.initialNanos = initialBackoff.toNanos();
		this.maxNanos = maxBackoff.toNanos();
		this.random = random;
	}

	/**
	 * What to do after an attempt.
	 * @param outcome what the attempt achieved
	 * @param attempt the number of retries before this attempt, {@code 0} for the first
	 */
	Decision decide(SendOutcome outcome, int attempt) {
		return switch (outcome.kind()) {
			case DELIVERED -> Decision.DONE;
			case UNAUTHORIZED -> Decision.drop(DropReason.UNAUTHORIZED);
			case REJECTED -> Decision.drop(DropReason.REJECTED);
			case RETRY -> (attempt >= this.maxRetries) ? Decision.drop(DropReason.RETRIES_EXHAUSTED)
					: Decision.retry(delay(attempt, outcome.retryAfter()));
		};
	}

	private Duration delay(int attempt, @Nullable Duration retryAfter) {
		if (retryAfter != null) {
			return retryAfter;
		}
		long ceiling = (attempt >= 30) ? this.maxNanos : Math.min(this.maxNanos, this.initialNanos << attempt);
		return Duration.ofNanos(ceiling / 2 + this.random.applyAsLong(ceiling / 2));
	}

	/**
	 * What follows an attempt.
	 *
	 * @param drop why the batch is dropped, or {@code null}
	 * @param retryAfter how long to wait before the next attempt, or {@code null}
	 */
	record Decision(@Nullable DropReason drop, @Nullable Duration retryAfter) {

		static final Decision DONE = new Decision(null, null);

		static Decision drop(DropReason reason) {
			return new Decision(reason, null);
		}

		static Decision retry(Duration delay) {
			return new Decision(null, delay);
		}

	}

}
