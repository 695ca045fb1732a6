package io.github.lfwire.langfuse.config;

import java.time.Duration;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class DurationFormatTest {

	@ParameterizedTest(name = "{0} -> {1}")
	@CsvSource({ "PT10S, 10s", "PT0.5S, 500ms", "PT1.5S, 1500ms", "PT90S, 90s", "PT2M, 2m", "PT1H, 1h", "PT48H, 2d",
			"PT0S, 0s", "PT-5S, -5s", "PT0.000001S, 1us", "PT0.000000007S, 7ns" })
	void shouldPrintDurationsAsTheyAreConfigured(Duration duration, String expected) {
		assertThat(DurationFormat.format(duration)).isEqualTo(expected);
	}

}
