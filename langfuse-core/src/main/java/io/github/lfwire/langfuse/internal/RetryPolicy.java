package io.github.lfwire.langfuse.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Random;
import java.util.random.RandomGenerator;

import org.jspecify.annotations.Nullable;

/**
 * When a failed request to Langfuse is tried again, the one rule of export, media uploads
 * and prompt fetches: only a {@link HttpOutcome#RETRY} outcome is retried, at most
 * {@code maxRetries} times; the wait is the server's {@code Retry-After} when it sent one
 * (at most {@link #MAX_RETRY_AFTER}), otherwise an exponential backoff from the initial
 * to the maximum backoff, each wait drawn at random between half and all of it.
 */
public final class RetryPolicy {

	/** The longest {@code Retry-After} honoured; a longer one is cut to it. */
	public static final Duration MAX_RETRY_AFTER = Duration.ofMinutes(5);

	private final int maxRetries;

	private final long initialNanos;

	private final long maxNanos;

	private final RandomGenerator random;

	/**
	 * Creates a policy with a random jitter.
	 * @param maxRetries how many times a request is retried after its first attempt
	 * @param initialBackoff the first backoff, doubled after each retry
	 * @param maxBackoff the longest backoff
	 */
	public RetryPolicy(int maxRetries, Duration initialBackoff, Duration maxBackoff) {
		this(maxRetries, initialBackoff, maxBackoff, new Random());
	}

	/**
	 * Creates a policy whose jitter is drawn from the given generator, which must be
	 * thread-safe when the policy is shared by threads.
	 */
	public RetryPolicy(int maxRetries, Duration initialBackoff, Duration maxBackoff, RandomGenerator random) {
		this.maxRetries = maxRetries;
		this.initialNanos = initialBackoff.toNanos();
		this.maxNanos = maxBackoff.toNanos();
		this.random = random;
	}

	/** How many times a request is retried after its first attempt. */
	public int maxRetries() {
		return this.maxRetries;
	}

	/**
	 * The wait before the next attempt, or {@code null} when the request must not be
	 * tried again because the outcome is final or the retries are used up.
	 * @param outcome what the attempt achieved
	 * @param retries the retries before this attempt, {@code 0} after the first
	 * @param retryAfter the delay the server asked for, or {@code null}
	 */
	public @Nullable Duration retryDelay(HttpOutcome outcome, int retries, @Nullable Duration retryAfter) {
		if (outcome != HttpOutcome.RETRY || retries >= this.maxRetries) {
			return null;
		}
		return delay(retries, retryAfter);
	}

	/**
	 * The wait before a retry: the server's {@code Retry-After}, at most
	 * {@link #MAX_RETRY_AFTER}, or else the backoff of that retry with jitter.
	 */
	Duration delay(int retries, @Nullable Duration retryAfter) {
		if (retryAfter != null) {
			if (retryAfter.isNegative()) {
				return Duration.ZERO;
			}
			return (retryAfter.compareTo(MAX_RETRY_AFTER) > 0) ? MAX_RETRY_AFTER : retryAfter;
		}
		long ceiling = (retries >= 30) ? this.maxNanos : Math.min(this.maxNanos, this.initialNanos << retries);
		return Duration.ofNanos(ceiling / 2 + this.random.nextLong(ceiling / 2 + 1));
	}

	/**
	 * The delay a {@code Retry-After} header asks for, in delta-seconds or as an HTTP
	 * date; zero for a date in the past, {@code null} when it is neither.
	 * @param now the time the answer arrived
	 */
	public static @Nullable Duration parseRetryAfter(String value, Instant now) {
		Duration delay;
		try {
			delay = Duration.ofSeconds(Long.parseLong(value.trim()));
		}
		catch (NumberFormatException ex) {
			try {
				Instant at = ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
				delay = Duration.between(now, at);
			}
			catch (RuntimeException unparseable) {
				return null;
			}
		}
		return delay.isNegative() ? Duration.ZERO : delay;
	}

	@Override
	public String toString() {
		return "RetryPolicy{maxRetries=" + this.maxRetries + ", initialBackoff=" + Duration.ofNanos(this.initialNanos)
				+ ", maxBackoff=" + Duration.ofNanos(this.maxNanos) + "}";
	}

}
