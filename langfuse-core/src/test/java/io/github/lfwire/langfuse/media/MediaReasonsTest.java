package io.github.lfwire.langfuse.media;

import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class MediaReasonsTest {

	@ParameterizedTest
	@CsvSource({ "301, HTTP_3XX", "400, HTTP_4XX", "401, HTTP_4XX", "403, HTTP_4XX", "408, HTTP_4XX", "413, HTTP_4XX",
			"429, HTTP_429", "500, HTTP_5XX", "503, HTTP_5XX" })
	void shouldNameTheCauseOfAStatusByItsClass(int status, MediaFailureCause cause) {
		assertThat(MediaFailureCause.ofStatus(status)).isEqualTo(cause);
	}

	@Test
	void shouldKeepTheKeysThatStatsMarkersAndMeterTagsShowed() {
		assertThat(Arrays.stream(MediaSkipReason.values()).map(MediaSkipReason::key))
			.containsExactly("unsupported_type", "already_uploaded");
		assertThat(Arrays.stream(MediaDropReason.values()).map(MediaDropReason::key)).containsExactly("queue_full",
				"queue_bytes_full", "shutdown");
		assertThat(Arrays.stream(MediaFailureCause.values()).map(MediaFailureCause::key)).containsExactly("http_3xx",
				"http_4xx", "http_429", "http_5xx", "timeout", "network", "invalid_base64", "id_mismatch", "shutdown",
				"internal");
	}

}
