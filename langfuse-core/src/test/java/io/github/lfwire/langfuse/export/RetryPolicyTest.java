package io.github.lfwire.langfuse.export;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RetryPolicyTest {

	private static final Duration INITIAL = Duration.ofMillis(100);

	private static final Duration MAX = Duration.ofSeconds(1);

	private final RetryPolicy noJitter = new RetryPolicy(3, INITIAL, MAX, (bound) -> bound);

	@Test
	void shouldBeDoneWhenDelivered() {
		assertThat(this.noJitter.decide(SendOutcome.delivered(0), 0)).isEqualTo(RetryPolicy.Decision.DONE);
	}

	@Test
	void shouldDropWithoutRetryWhenCredentialsAreRefused() {
		RetryPolicy.Decision decision = this.noJitter.decide(SendOutcome.ofStatus(401, null, 0), 0);
		assertThat(decision.drop()).isEqualTo(DropReason.UNAUTHORIZED);
		assertThat(decision.retryAfter()).isNull();
	}

	@Test
	void shouldDropRejectedBatchesAndClientFailures() {
		assertThat(this.noJitter.decide(SendOutcome.ofStatus(400, null, 0), 0).drop()).isEqualTo(DropReason.REJECTED);
		assertThat(this.noJitter.decide(SendOutcome.ofStatus(301, null, 0), 0).drop()).isEqualTo(DropReason.REJECTED);
		assertThat(this.noJitter.decide(SendOutcome.failed(FailureCause.ENCODE), 0).drop())
			.isEqualTo(DropReason.REJECTED);
	}

	@Test
	void shouldWaitWhatTheServerAskedForInsteadOfBackingOff() {
		RetryPolicy.Decision decision = this.noJitter.decide(SendOutcome.ofStatus(429, Duration.ofSeconds(42), 0), 0);
		assertThat(decision.retryAfter()).isEqualTo(Duration.ofSeconds(42));
	}

	@Test
	void shouldDoubleBackoffUpToMaximum() {
		SendOutcome unavailable = SendOutcome.ofStatus(503, null, 0);
		RetryPolicy policy = new RetryPolicy(10, INITIAL, MAX, (bound) -> bound);
		assertThat(policy.decide(unavailable, 0).retryAfter()).isEqualTo(Duration.ofMillis(100));
		assertThat(policy.decide(unavailable, 1).retryAfter()).isEqualTo(Duration.ofMillis(200));
		assertThat(policy.decide(unavailable, 3).retryAfter()).isEqualTo(Duration.ofMillis(800));
		assertThat(policy.decide(unavailable, 4).retryAfter()).isEqualTo(MAX);
		assertThat(policy.decide(unavailable, 9).retryAfter()).isEqualTo(MAX);
	}

	@Test
	void shouldJitterBackoffDownToHalf() {
		RetryPolicy policy = new RetryPolicy(3, INITIAL, MAX, (bound) -> 0);
		assertThat(policy.decide(SendOutcome.unanswered(FailureCause.NETWORK), 1).retryAfter())
			.isEqualTo(Duration.ofMillis(100));
	}

	@Test
	void shouldDropAfterLastRetry() {
		SendOutcome timeout = SendOutcome.unanswered(FailureCause.TIMEOUT);
		assertThat(this.noJitter.decide(timeout, 2).retryAfter()).isNotNull();
		RetryPolicy.Decision last = this.noJitter.decide(timeout, 3);
		assertThat(last.drop()).isEqualTo(DropReason.RETRIES_EXHAUSTED);
		assertThat(last.retryAfter()).isNull();
	}

}
