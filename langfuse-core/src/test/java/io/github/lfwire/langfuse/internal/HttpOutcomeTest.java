package io.github.lfwire.langfuse.internal;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class HttpOutcomeTest {

	@ParameterizedTest
	@CsvSource({ "200, SUCCESS", "201, SUCCESS", "207, SUCCESS", "204, SUCCESS", "100, REJECTED", "301, REJECTED",
			"304, REJECTED", "400, REJECTED", "401, UNAUTHORIZED", "403, UNAUTHORIZED", "404, REJECTED", "408, RETRY",
			"409, REJECTED", "413, REJECTED", "422, REJECTED", "429, RETRY", "500, RETRY", "502, RETRY", "503, RETRY",
			"504, RETRY", "599, RETRY" })
	void shouldClassifyEveryStatusClassTheSameWayForEveryCaller(int status, HttpOutcome outcome) {
		assertThat(HttpOutcome.ofStatus(status)).isEqualTo(outcome);
	}

}
