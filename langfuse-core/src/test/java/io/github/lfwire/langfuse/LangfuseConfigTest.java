package io.github.lfwire.langfuse;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.github.lfwire.langfuse.capture.PayloadCapture;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LangfuseConfigTest {

	@Test
	void shouldUseDocumentedDefaults() {
		LangfuseConfig config = LangfuseConfig.builder().build();
		assertThat(config.host()).hasToString("https://cloud.langfuse.com");
		assertThat(config.flushAt()).isEqualTo(512);
		assertThat(config.flushInterval()).isEqualTo(Duration.ofSeconds(1));
		assertThat(config.sampleRate()).isEqualTo(1.0);
		assertThat(config.captureMaxBytes()).isEqualTo(32 * 1024);
		assertThat(config.captureInput()).isTrue();
		assertThat(config.redactedKeys()).contains("password", "authorization");
	}

	@Test
	void shouldKeepDefaultRedactKeysWhenUserAddsKeys() {
		LangfuseConfig config = LangfuseConfig.builder().redactedKeys(List.of("ssn", "email")).build();
		assertThat(config.redactedKeys()).containsAll(PayloadCapture.DEFAULT_REDACTED_KEYS).contains("ssn", "email");
		PayloadCapture capture = PayloadCapture.builder().redactedKeys(config.redactedKeys()).build();
		assertThat(capture.capture(Map.of("password", "hunter2")).json()).isEqualTo("{\"password\":\"<redacted>\"}");
		assertThat(capture.capture(Map.of("email", "ada@example.com")).json())
			.isEqualTo("{\"email\":\"<redacted>\"}");
		assertThat(config.toBuilder().build().redactedKeys()).isEqualTo(config.redactedKeys());
	}

	@Test
	void shouldRedactOnlyAddedKeysWhenDefaultKeysAreTurnedOff() {
		LangfuseConfig config = LangfuseConfig.builder()
			.redactedKeys(List.of("ssn"))
			.redactDefaultKeys(false)
			.build();
		assertThat(config.redactedKeys()).containsExactly("ssn");
		assertThat(config.toBuilder().build().redactedKeys()).containsExactly("ssn");
		assertThat(LangfuseConfig.builder().redactDefaultKeys(false).build().redactedKeys()).isEmpty();
	}

	@Test
	void shouldNameTheSettingAndTheFixWhenSampleRateIsNotAProbability() {
		assertThatThrownBy(() -> LangfuseConfig.builder().sampleRate(1.5).build())
			.isInstanceOfSatisfying(LangfuseConfigException.class, (ex) -> {
				assertThat(ex.setting()).isEqualTo("sampleRate");
				assertThat(ex.getMessage()).contains("sampleRate", "1.5", "0.0", "1.0");
			});
	}

	@Test
	void shouldRejectHostThatIsNotAnHttpUrl() {
		for (String host : new String[] { "not a url", "ftp://example.com", "cloud.langfuse.com", "" }) {
			assertThatThrownBy(() -> LangfuseConfig.builder().host(host).build())
				.isInstanceOfSatisfying(LangfuseConfigException.class, (ex) -> assertThat(ex.setting()).isEqualTo("host"));
		}
	}

	@Test
	void shouldRejectZeroBatchSizeAndBatchLargerThanQueue() {
		assertThatThrownBy(() -> LangfuseConfig.builder().flushAt(0).build())
			.isInstanceOfSatisfying(LangfuseConfigException.class, (ex) -> assertThat(ex.setting()).isEqualTo("flushAt"));
		assertThatThrownBy(() -> LangfuseConfig.builder().flushAt(100).maxQueueSize(10).build())
			.isInstanceOfSatisfying(LangfuseConfigException.class, (ex) -> assertThat(ex.setting()).isEqualTo("flushAt"));
	}

	@Test
	void shouldRejectEnvironmentTheServerWouldRename() {
		for (String environment : new String[] { "Production", "langfuse-prod", "a".repeat(41), "prod env" }) {
			assertThatThrownBy(() -> LangfuseConfig.builder().environment(environment).build())
				.isInstanceOfSatisfying(LangfuseConfigException.class,
						(ex) -> assertThat(ex.setting()).isEqualTo("environment"));
		}
		assertThat(LangfuseConfig.builder().environment("prod-eu_1").build().environment()).isEqualTo("prod-eu_1");
	}

	@Test
	void shouldRejectQueueBytesThatCannotHoldOneSpan() {
		assertThatThrownBy(() -> LangfuseConfig.builder().captureMaxBytes(1024).maxQueueBytes(1000).build())
			.isInstanceOfSatisfying(LangfuseConfigException.class,
					(ex) -> assertThat(ex.setting()).isEqualTo("maxQueueBytes"));
	}

	@Test
	void shouldRejectNonPositiveDurations() {
		assertThatThrownBy(() -> LangfuseConfig.builder().flushInterval(Duration.ZERO).build())
			.isInstanceOfSatisfying(LangfuseConfigException.class,
					(ex) -> assertThat(ex.setting()).isEqualTo("flushInterval"));
		assertThatThrownBy(() -> LangfuseConfig.builder().exportTimeout(Duration.ofSeconds(-1)).build())
			.isInstanceOfSatisfying(LangfuseConfigException.class,
					(ex) -> assertThat(ex.setting()).isEqualTo("exportTimeout"));
	}

	@Test
	void shouldReadOfficialEnvironmentVariables() {
		LangfuseConfig config = LangfuseConfig
			.fromEnvironment(Map.of("LANGFUSE_PUBLIC_KEY", "pk-lf-abc", "LANGFUSE_SECRET_KEY", "sk-lf-xyz",
					"LANGFUSE_BASE_URL", "https://eu.example.com/", "LANGFUSE_TRACING_ENVIRONMENT", "staging",
					"LANGFUSE_RELEASE", "1.2.3", "LANGFUSE_SAMPLE_RATE", "0.25", "LANGFUSE_FLUSH_AT", "64",
					"LANGFUSE_FLUSH_INTERVAL", "2.5", "LANGFUSE_TIMEOUT", "7", "LANGFUSE_TRACING_ENABLED", "true"))
			.build();
		assertThat(config.host()).hasToString("https://eu.example.com");
		assertThat(config.publicKey()).isEqualTo("pk-lf-abc");
		assertThat(config.secretKey()).isEqualTo("sk-lf-xyz");
		assertThat(config.environment()).isEqualTo("staging");
		assertThat(config.release()).isEqualTo("1.2.3");
		assertThat(config.sampleRate()).isEqualTo(0.25);
		assertThat(config.flushAt()).isEqualTo(64);
		assertThat(config.flushInterval()).isEqualTo(Duration.ofMillis(2500));
		assertThat(config.exportTimeout()).isEqualTo(Duration.ofSeconds(7));
		assertThat(config.disabledReason()).isNull();
	}

	@Test
	void shouldAcceptLegacyHostVariable() {
		LangfuseConfig config = LangfuseConfig.fromEnvironment(Map.of("LANGFUSE_HOST", "http://localhost:3000"))
			.build();
		assertThat(config.host()).hasToString("http://localhost:3000");
	}

	@Test
	void shouldNameTheVariableThatCannotBeParsed() {
		assertThatThrownBy(() -> LangfuseConfig.fromEnvironment(Map.of("LANGFUSE_SAMPLE_RATE", "half")))
			.isInstanceOfSatisfying(LangfuseConfigException.class,
					(ex) -> assertThat(ex.setting()).isEqualTo("LANGFUSE_SAMPLE_RATE"));
	}

	@Test
	void shouldExplainWhyTheClientWouldBeDisabled() {
		assertThat(LangfuseConfig.builder().build().disabledReason()).contains("LANGFUSE_PUBLIC_KEY");
		assertThat(LangfuseConfig.builder().publicKey("pk").secretKey("sk").enabled(false).build().disabledReason())
			.contains("enabled=false");
	}

	@Test
	void shouldNeverShowTheSecretKey() {
		LangfuseConfig config = LangfuseConfig.builder()
			.publicKey("pk-lf-1234567890abcdef")
			.secretKey("sk-lf-supersecret-value")
			.build();
		assertThat(config.toString()).doesNotContain("supersecret").doesNotContain("567890abcdef");
		assertThat(config.maskedPublicKey()).isEqualTo("pk-lf-1234****");
	}

}
