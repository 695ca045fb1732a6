package io.github.lfwire.langfuse.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LangfuseHttpTest {

	private static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");

	@Test
	void shouldReadRetryAfterAsSeconds() {
		assertThat(LangfuseHttp.parseRetryAfter("7", NOW)).isEqualTo(Duration.ofSeconds(7));
	}

	@Test
	void shouldReadRetryAfterAsHttpDate() {
		String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(NOW.plusSeconds(90).atOffset(ZoneOffset.UTC));
		assertThat(LangfuseHttp.parseRetryAfter(date, NOW)).isEqualTo(Duration.ofSeconds(90));
	}

	@Test
	void shouldNotWaitForDateInThePast() {
		String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(NOW.minusSeconds(5).atOffset(ZoneOffset.UTC));
		assertThat(LangfuseHttp.parseRetryAfter(date, NOW)).isZero();
	}

	@Test
	void shouldCapRetryAfterAtFiveMinutesAndIgnoreGarbage() {
		assertThat(LangfuseHttp.parseRetryAfter("86400", NOW)).isEqualTo(Duration.ofMinutes(5));
		assertThat(LangfuseHttp.parseRetryAfter("soon", NOW)).isNull();
	}

}
