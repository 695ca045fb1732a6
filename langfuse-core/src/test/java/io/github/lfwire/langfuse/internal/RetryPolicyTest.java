package io.github.lfwire.langfuse.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

class RetryPolicyTest {

	private static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");

	private static final Duration INITIAL = Duration.ofMillis(100);

	private static final Duration MAX = Duration.ofSeconds(1);

	private final RetryPolicy policy = new RetryPolicy(3, INITIAL, MAX, new Random(42));

	@ParameterizedTest
	@EnumSource(value = HttpOutcome.class, names = "RETRY", mode = EnumSource.Mode.EXCLUDE)
	void shouldNeverRetryAFinalOutcome(HttpOutcome outcome) {
		assertThat(this.policy.retryDelay(outcome, 0, null)).isNull();
		assertThat(this.policy.retryDelay(outcome, 0, Duration.ofSeconds(1))).isNull();
	}

	@Test
	void shouldRetryAnUnansweredRequestUntilTheRetriesAreUsedUp() {
		assertThat(this.policy.retryDelay(HttpOutcome.RETRY, 0, null)).isNotNull();
		assertThat(this.policy.retryDelay(HttpOutcome.RETRY, 2, null)).isNotNull();
		assertThat(this.policy.retryDelay(HttpOutcome.RETRY, 3, null)).isNull();
		assertThat(new RetryPolicy(0, INITIAL, MAX).retryDelay(HttpOutcome.RETRY, 0, null)).isNull();
	}

	@Test
	void shouldWaitWhatTheServerAskedForInsteadOfBackingOff() {
		assertThat(this.policy.retryDelay(HttpOutcome.RETRY, 0, Duration.ofSeconds(42)))
			.isEqualTo(Duration.ofSeconds(42));
		assertThat(this.policy.retryDelay(HttpOutcome.RETRY, 2, Duration.ZERO)).isZero();
	}

	@Test
	void shouldCapRetryAfterAtFiveMinutes() {
		assertThat(this.policy.retryDelay(HttpOutcome.RETRY, 0, Duration.ofDays(1)))
			.isEqualTo(RetryPolicy.MAX_RETRY_AFTER)
			.isEqualTo(Duration.ofMinutes(5));
		assertThat(this.policy.retryDelay(HttpOutcome.RETRY, 0, Duration.ofSeconds(-3))).isZero();
	}

	@Test
	void shouldDrawEachBackoffBetweenHalfAndAllOfItsDoublingCeiling() {
		RetryPolicy policy = new RetryPolicy(20, INITIAL, MAX, new Random(7));
		Duration[] ceilings = { INITIAL, INITIAL.multipliedBy(2), INITIAL.multipliedBy(4), INITIAL.multipliedBy(8), MAX,
				MAX };
		for (int retries = 0; retries < ceilings.length; retries++) {
			Duration ceiling = ceilings[retries];
			List<Duration> delays = new ArrayList<>();
			for (int i = 0; i < 500; i++) {
				delays.add(policy.retryDelay(HttpOutcome.RETRY, retries, null));
			}
			assertThat(delays).allSatisfy((delay) -> assertThat(delay).isBetween(ceiling.dividedBy(2), ceiling));
			assertThat(delays.stream().distinct().count()).as("jittered").isGreaterThan(100);
		}
		assertThat(policy.retryDelay(HttpOutcome.RETRY, 19, null)).isBetween(MAX.dividedBy(2), MAX);
	}

	@Test
	void shouldDrawTheSameJitterFromTheSameSeed() {
		RetryPolicy first = new RetryPolicy(3, INITIAL, MAX, new Random(11));
		RetryPolicy second = new RetryPolicy(3, INITIAL, MAX, new Random(11));
		for (int retries = 0; retries < 3; retries++) {
			assertThat(first.retryDelay(HttpOutcome.RETRY, retries, null))
				.isEqualTo(second.retryDelay(HttpOutcome.RETRY, retries, null));
		}
	}

	@Test
	void shouldReadRetryAfterAsSeconds() {
		assertThat(RetryPolicy.parseRetryAfter("7", NOW)).isEqualTo(Duration.ofSeconds(7));
		assertThat(RetryPolicy.parseRetryAfter(" 0 ", NOW)).isZero();
	}

	@Test
	void shouldReadRetryAfterAsHttpDate() {
		String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(NOW.plusSeconds(90).atOffset(ZoneOffset.UTC));
		assertThat(RetryPolicy.parseRetryAfter(date, NOW)).isEqualTo(Duration.ofSeconds(90));
		assertThat(RetryPolicy.parseRetryAfter("Fri, 02 Jan 2026 03:05:05 GMT", NOW)).isEqualTo(Duration.ofMinutes(1));
	}

	@Test
	void shouldNotWaitForDateInThePast() {
		String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(NOW.minusSeconds(5).atOffset(ZoneOffset.UTC));
		assertThat(RetryPolicy.parseRetryAfter(date, NOW)).isZero();
	}

	@Test
	void shouldIgnoreARetryAfterThatIsNeitherSecondsNorADate() {
		assertThat(RetryPolicy.parseRetryAfter("soon", NOW)).isNull();
		assertThat(RetryPolicy.parseRetryAfter("", NOW)).isNull();
	}

	@Test
	void shouldCapAParsedRetryAfterWhenDeciding() {
		Duration day = RetryPolicy.parseRetryAfter("86400", NOW);
		assertThat(this.policy.retryDelay(HttpOutcome.RETRY, 0, day)).isEqualTo(Duration.ofMinutes(5));
	}

}
