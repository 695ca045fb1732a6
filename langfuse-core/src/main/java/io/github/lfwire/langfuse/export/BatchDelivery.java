package io.github.lfwire.langfuse.export;

import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Delivers one batch: encodes it once, sends it, turns each answer or exception into a
 * {@link SendOutcome}, and retries, drops or counts it as the {@link RetryPolicy}
 * decides.
 *
 * @param <T> the item type
 */
final class BatchDelivery<T> implements Delivery<T> {

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
			RetryPolicy.Decision decision = end(outcome, n, attempt, error);
			if (decision.retryAfter() == null) {
				return;
			}
			this.counters.retried();
			if (!retryWait.await(decision.retryAfter())) {
				this.counters.lost(DropReason.SHUTDOWN, n);
				return;
			}
		}
	}

	private RetryPolicy.Decision end(SendOutcome outcome, int n, int attempt, @Nullable Exception error) {
		RetryPolicy.Decision decision = this.retryPolicy.decide(outcome, attempt);
		if (outcome.kind() == SendOutcome.Kind.DELIVERED) {
			this.counters.delivered(n - outcome.rejected(), this.clock.instant());
			if (outcome.rejected() > 0) {
				this.counters.lost(DropReason.REJECTED, outcome.rejected());
			}
			this.log.delivered();
			return decision;
		}
		String message = this.log.failure(outcome, n, (error != null) ? error.getClass().getSimpleName() : null);
		this.counters.failed(outcome.cause(), message, this.clock.instant());
		this.log.failed(outcome, message);
		if (decision.drop() != null) {
			this.counters.lost(decision.drop(), n);
			if (decision.drop() == DropReason.RETRIES_EXHAUSTED) {
				this.log.retriesExhausted(n, attempt + 1);
			}
		}
		return decision;
	}

}
