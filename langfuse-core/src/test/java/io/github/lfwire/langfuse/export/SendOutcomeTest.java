package io.github.lfwire.langfuse.export;

import java.time.Duration;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class SendOutcomeTest {

	@ParameterizedTest
	@CsvSource({ "200, DELIVERED, ", "207, DELIVERED, ", "301, REJECTED, HTTP_3XX", "400, REJECTED, HTTP_4XX",
			"401, UNAUTHORIZED, HTTP_401", "403, UNAUTHORIZED, HTTP_403", "413, REJECTED, HTTP_4XX",
			"429, RETRY, HTTP_429", "500, RETRY, HTTP_5XX", "503, RETRY, HTTP_5XX" })
	void shouldDeriveKindAndCauseFromStatus(int status, SendOutcome.Kind kind, FailureCause cause) {
		SendOutcome outcome = SendOutcome.ofStatus(status, Duration.ofSeconds(1), 0);
		assertThat(outcome.kind()).isEqualTo(kind);
		assertThat(outcome.cause()).isEqualTo(cause);
	}

}
