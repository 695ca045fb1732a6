package io.github.lfwire.langfuse.internal.export;

import java.time.Duration;

import io.github.lfwire.langfuse.export.DropReason;
import io.github.lfwire.langfuse.export.FailureCause;
import io.github.lfwire.langfuse.internal.HttpOutcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class SendOutcomeTest {

	@ParameterizedTest
	@CsvSource({ "200, SUCCESS, ", "207, SUCCESS, ", "301, REJECTED, HTTP_3XX", "400, REJECTED, HTTP_4XX",
			"401, UNAUTHORIZED, HTTP_401", "403, UNAUTHORIZED, HTTP_403", "408, RETRY, HTTP_4XX",
			"413, REJECTED, HTTP_4XX", "429, RETRY, HTTP_429", "500, RETRY, HTTP_5XX", "503, RETRY, HTTP_5XX" })
	void shouldDeriveKindAndCauseFromStatus(int status, HttpOutcome kind, FailureCause cause) {
		SendOutcome outcome = SendOutcome.ofStatus(status, Duration.ofSeconds(1), 0);
		assertThat(outcome.kind()).isEqualTo(kind);
		assertThat(outcome.cause()).isEqualTo(cause);
	}

	@Test
	void shouldDropWithTheReasonOfAnOutcomeThatIsNotRetried() {
		assertThat(SendOutcome.delivered(0).dropReason()).isNull();
		assertThat(SendOutcome.ofStatus(401, null, 0).dropReason()).isEqualTo(DropReason.UNAUTHORIZED);
		assertThat(SendOutcome.ofStatus(403, null, 0).dropReason()).isEqualTo(DropReason.UNAUTHORIZED);
		assertThat(SendOutcome.ofStatus(400, null, 0).dropReason()).isEqualTo(DropReason.REJECTED);
		assertThat(SendOutcome.ofStatus(301, null, 0).dropReason()).isEqualTo(DropReason.REJECTED);
		assertThat(SendOutcome.failed(FailureCause.ENCODE).dropReason()).isEqualTo(DropReason.REJECTED);
		assertThat(SendOutcome.unanswered(FailureCause.TIMEOUT).dropReason()).isEqualTo(DropReason.RETRIES_EXHAUSTED);
		assertThat(SendOutcome.ofStatus(503, null, 0).dropReason()).isEqualTo(DropReason.RETRIES_EXHAUSTED);
	}

}
