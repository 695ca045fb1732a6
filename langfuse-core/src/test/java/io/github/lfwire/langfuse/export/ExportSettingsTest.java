package io.github.lfwire.langfuse.export;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ExportSettingsTest {

	@Test
	void shouldGzipByDefaultAndTakeNullAsTheDefault() {
		assertThat(ExportSettings.DEFAULTS.compression()).isEqualTo(ExportCompression.GZIP);
		assertThat(ExportSettings.builder().compression(null).build().compression()).isEqualTo(ExportCompression.GZIP);
	}

	@Test
	void shouldKeepEverySettingWhenCopiedToABuilder() {
		ExportSettings export = ExportSettings.builder()
			.flushAt(64)
			.flushInterval(Duration.ofMillis(250))
			.maxQueueSize(1000)
			.maxQueueBytes(8L * 1024 * 1024)
			.maxScoreQueueSize(100)
			.maxScoreQueueBytes(1024 * 1024)
			.destinationMaxQueueSize(50)
			.highWaterMark(0.5)
			.wholeTraces(false)
			.timeout(Duration.ofSeconds(3))
			.endpoint("https://collector.example.com:4318/v1/traces")
			.headers(Map.of("x-collector-token", "t-1"))
			.basicAuth(false)
			.allowInsecureBasicAuth(true)
			.compression(ExportCompression.NONE)
			.maxRetries(2)
			.retryInitialBackoff(Duration.ofMillis(100))
			.retryMaxBackoff(Duration.ofSeconds(2))
			.build();
		ExportSettings copy = export.toBuilder().build();
		assertThat(copy).hasToString(export.toString());
		assertThat(copy.toString()).contains("compression=NONE", "flushAt=64", "retryMaxBackoff=2s");
		assertThat(copy.headers()).isEqualTo(Map.of("x-collector-token", "t-1"));
		ExportSettings changed = export.toBuilder().compression(ExportCompression.GZIP).build();
		assertThat(changed.compression()).isEqualTo(ExportCompression.GZIP);
		assertThat(export.compression()).isEqualTo(ExportCompression.NONE);
	}

}
