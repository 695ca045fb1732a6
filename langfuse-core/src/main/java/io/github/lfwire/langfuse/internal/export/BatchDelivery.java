package io.github.lfwire.langfuse.internal.export;

import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import io.github.lfwire.langfuse.export.DropReason;
import io.github.lfwire.langfuse.export.FailureCause;
import io.github.lfwire.langfuse.internal.HttpOutcome;
import io.github.lfwire.langfuse.internal.RetryPolicy;
import org.jspecify.annotations.Nullable;

/**
 * Delivers one batch: encodes it once, sends it, turns each answer or exception into a
 * {@link SendOutcome}, and retries, drops or counts it as the shared {@link RetryPolicy}
 * decides.
 *
 * @param <T> the item type
 */
final class BatchDelivery<T> implements Delivery<T> {

	/**
	 * How often the destination is probed while a failed batch waits longer than twice
	 * this for its retry without a {@code Retry-After}, so that export resumes soon after
	 * the server answers again instead of at the end of a long backoff.
	 */
	static final Duration PROBE_INTERVAL = Duration.ofSeconds(2);

	private final BatchSender<T> sender;

	private final RetryPolicy retryPolicy;

	private final ExportCounters counters;

	private final ExportLog log;

	private final Clock clock;

	/**
	 * @param clock the clock of the timestamps in the stats
	 */
	BatchDelivery(BatchSender<T> sender, RetryPolicy retryPolicy, ExportCounters counters, ExportLog log, Clock clock) {
		this.sender = sender;
		this.retryPolicy = retryPolicy;
		this.counters = counters;
		this.log = log;
		this.clock = clock;
	}

	/** Delivers the items or drops them, waiting between attempts with the given wait. */
	@Override
	public void deliver(List<T> items, ExportWorker.RetryWait retryWait) {
		int n = items.size();
		byte[] body;
		try {
			body = this.sender.encode(items);
		}
		catch (IOException | RuntimeException ex) {
			end(SendOutcome.failed(FailureCause.ENCODE), n, 0, ex);
			return;
		}
		for (int attempt = 0;; attempt++) {
			SendOutcome outcome;
			@Nullable Exception error = null;
			try {
				outcome = this.sender.send(body);
			}
			catch (HttpTimeoutException ex) {
				outcome = SendOutcome.unanswered(FailureCause.TIMEOUT);
			}
			catch (IOException ex) {
				outcome = SendOutcome.unanswered(FailureCause.NETWORK);
				error = ex;
			}
			catch (InterruptedException ex) {
				this.counters.lost(DropReason.SHUTDOWN, n);
				return;
			}
			catch (RuntimeException ex) {
				outcome = SendOutcome.failed(FailureCause.INTERNAL);
				error = ex;
			}
			Duration retryDelay = end(outcome, n, attempt, error);
			if (retryDelay == null) {
				return;
			}
			this.counters.retried();
			if (!await(retryWait, retryDelay, outcome.retryAfter() == null)) {
				this.counters.lost(DropReason.SHUTDOWN, n);
				return;
			}
		}
	}

	/**
	 * Waits for the retry delay, cut short once a probe, sent every
	 * {@link #PROBE_INTERVAL}, finds that the destination answers again.
	 * @param probe whether to probe; not when the server asked for its delay
	 * @return {@code false} when the wait was cut short by the shutdown
	 */
	private boolean await(ExportWorker.RetryWait retryWait, Duration delay, boolean probe) {
		if (!probe || delay.compareTo(PROBE_INTERVAL.multipliedBy(2)) <= 0) {
			return retryWait.await(delay);
		}
		Duration left = delay;
		while (true) {
			Duration slice = (left.compareTo(PROBE_INTERVAL) < 0) ? left : PROBE_INTERVAL;
			if (!retryWait.await(slice)) {
				return false;
			}
			left = left.minus(slice);
			if (left.isZero() || answersAgain()) {
				return true;
			}
		}
	}

	private boolean answersAgain() {
		try {
			return this.sender.probe();
		}
		catch (IOException | RuntimeException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	private @Nullable Duration end(SendOutcome outcome, int n, int attempt, @Nullable Exception error) {
		Duration retryDelay = this.retryPolicy.retryDelay(outcome.kind(), attempt, outcome.retryAfter());
		if (outcome.kind() == HttpOutcome.SUCCESS) {
			this.counters.delivered(n - outcome.rejected(), this.clock.instant());
			if (outcome.rejected() > 0) {
				this.counters.lost(DropReason.REJECTED, outcome.rejected());
			}
			this.log.delivered();
			return null;
		}
		String message = this.log.failure(outcome, n, (error != null) ? describe(error) : null,
				this.sender.sendsKeys());
		this.counters.failed(outcome.cause(), message, this.clock.instant());
		this.log.failed(outcome, message);
		DropReason drop = (retryDelay == null) ? outcome.dropReason() : null;
		if (drop != null) {
			this.counters.lost(drop, n);
			if (drop == DropReason.RETRIES_EXHAUSTED) {
				this.log.retriesExhausted(n, attempt + 1);
			}
		}
		return retryDelay;
	}

	/**
	 * The exception's name and message, so that a TLS failure tells a hostname mismatch
	 * from an untrusted certificate.
	 */
	static String describe(Exception error) {
		String message = error.getMessage();
		return error.getClass().getSimpleName() + ((message != null && !message.isBlank()) ? ": " + message : "");
	}

}
