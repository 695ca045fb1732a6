package io.github.lfwire.langfuse;

import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.github.lfwire.langfuse.capture.CaptureSettings;
import io.github.lfwire.langfuse.capture.PayloadCapture;
import io.github.lfwire.langfuse.config.LangfuseConfigException;
import io.github.lfwire.langfuse.export.ExportCompression;
import io.github.lfwire.langfuse.export.ExportSettings;
import io.github.lfwire.langfuse.media.MediaSettings;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LangfuseConfigTest {

	@Test
	void shouldUseDocumentedDefaults() {
		LangfuseConfig config = LangfuseConfig.builder().build();
		assertThat(config.host()).hasToString("https://cloud.langfuse.com");
		assertThat(config.export().flushAt()).isEqualTo(512);
		assertThat(config.export().flushInterval()).isEqualTo(Duration.ofSeconds(1));
		assertThat(config.tracing().sampleRate()).isEqualTo(1.0);
		assertThat(config.capture().maxBytes()).isEqualTo(32 * 1024);
		assertThat(config.capture().input()).isTrue();
		assertThat(config.capture().redactedKeys()).contains("password", "authorization");
	}

	@Test
	void shouldKeepDefaultRedactKeysWhenUserAddsKeys() {
		LangfuseConfig config = LangfuseConfig.builder().redactedKeys(List.of("ssn", "email")).build();
		assertThat(config.capture().redactedKeys()).containsAll(PayloadCapture.DEFAULT_REDACTED_KEYS)
			.contains("ssn", "email");
		PayloadCapture capture = PayloadCapture.builder().redactedKeys(config.capture().redactedKeys()).build();
		assertThat(capture.capture(Map.of("password", "hunter2")).json()).isEqualTo("{\"password\":\"<redacted>\"}");
		assertThat(capture.capture(Map.of("email", "ada@example.com")).json()).isEqualTo("{\"email\":\"<redacted>\"}");
		assertThat(config.toBuilder().build().capture().redactedKeys()).isEqualTo(config.capture().redactedKeys());
	}

	@Test
	void shouldRedactOnlyAddedKeysWhenDefaultKeysAreTurnedOff() {
		LangfuseConfig config = LangfuseConfig.builder().redactedKeys(List.of("ssn")).redactDefaultKeys(false).build();
		assertThat(config.capture().redactedKeys()).containsExactly("ssn");
		assertThat(config.toBuilder().build().capture().redactedKeys()).containsExactly("ssn");
		assertThat(LangfuseConfig.builder().redactDefaultKeys(false).build().capture().redactedKeys()).isEmpty();
	}

	@Test
	void shouldNameTheSettingAndTheFixWhenSampleRateIsNotAProbability() {
		assertThatThrownBy(() -> LangfuseConfig.builder().sampleRate(1.5).build())
			.isInstanceOfSatisfying(LangfuseConfigException.class, (ex) -> {
				assertThat(ex.setting()).isEqualTo("samplingProbability");
				assertThat(ex.getMessage()).contains("sampleRate", "1.5", "0.0", "1.0");
			});
	}

	@Test
	void shouldNameTheSettingAndTheFixWhenHighWaterMarkIsNotAFractionOfTheQueue() {
		assertThat(LangfuseConfig.builder().build().export().highWaterMark()).isEqualTo(0.8);
		assertThat(LangfuseConfig.builder().highWaterMark(1.0).build().export().highWaterMark()).isEqualTo(1.0);
		for (double mark : new double[] { 0.0, 0.05, 1.2, Double.NaN }) {
			assertThatThrownBy(() -> LangfuseConfig.builder().highWaterMark(mark).build())
				.isInstanceOfSatisfying(LangfuseConfigException.class, (ex) -> {
					assertThat(ex.setting()).isEqualTo("exportHighWaterMark");
					assertThat(ex.getMessage()).contains(String.valueOf(mark), "between 0.1 and 1", "e.g. 0.8");
				});
		}
	}

	@Test
	void shouldRejectHostThatIsNotAnHttpUrl() {
		for (String host : new String[] { "not a url", "ftp://example.com", "cloud.langfuse.com", "" }) {
			assertThatThrownBy(() -> LangfuseConfig.builder().host(host).build()).isInstanceOfSatisfying(
					LangfuseConfigException.class, (ex) -> assertThat(ex.setting()).isEqualTo("host"));
		}
	}

	@Test
	void shouldRejectZeroBatchSizeAndBatchLargerThanQueue() {
		assertThatThrownBy(() -> LangfuseConfig.builder().flushAt(0).build()).isInstanceOfSatisfying(
				LangfuseConfigException.class, (ex) -> assertThat(ex.setting()).isEqualTo("exportFlushAt"));
		assertThatThrownBy(() -> LangfuseConfig.builder().flushAt(100).maxQueueSize(10).build()).isInstanceOfSatisfying(
				LangfuseConfigException.class, (ex) -> assertThat(ex.setting()).isEqualTo("exportFlushAt"));
	}

	@Test
	void shouldRejectEnvironmentTheServerWouldRename() {
		for (String environment : new String[] { "Production", "langfuse-prod", "a".repeat(41), "prod env" }) {
			assertThatThrownBy(() -> LangfuseConfig.builder().environment(environment).build()).isInstanceOfSatisfying(
					LangfuseConfigException.class, (ex) -> assertThat(ex.setting()).isEqualTo("environment"));
		}
		assertThat(LangfuseConfig.builder().environment("prod-eu_1").build().tracing().environment())
			.isEqualTo("prod-eu_1");
	}

	@Test
	void shouldRejectQueueBytesThatCannotHoldOneSpan() {
		assertThatThrownBy(() -> LangfuseConfig.builder().captureMaxBytes(1024).maxQueueBytes(1000).build())
			.isInstanceOfSatisfying(LangfuseConfigException.class,
					(ex) -> assertThat(ex.setting()).isEqualTo("exportMaxQueueBytes"));
	}

	@Test
	void shouldRejectNonPositiveDurations() {
		assertThatThrownBy(() -> LangfuseConfig.builder().flushInterval(Duration.ZERO).build()).isInstanceOfSatisfying(
				LangfuseConfigException.class, (ex) -> assertThat(ex.setting()).isEqualTo("exportFlushInterval"));
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
		assertThat(config.tracing().environment()).isEqualTo("staging");
		assertThat(config.tracing().release()).isEqualTo("1.2.3");
		assertThat(config.tracing().sampleRate()).isEqualTo(0.25);
		assertThat(config.export().flushAt()).isEqualTo(64);
		assertThat(config.export().flushInterval()).isEqualTo(Duration.ofMillis(2500));
		assertThat(config.export().timeout()).isEqualTo(Duration.ofSeconds(7));
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

	@Test
	void shouldExportToTheHostsOtlpEndpointWithBasicAuthByDefault() {
		LangfuseConfig config = LangfuseConfig.builder().host("https://eu.example.com/").build();
		assertThat(config.exportEndpoint()).hasToString("https://eu.example.com/api/public/otel/v1/traces");
		assertThat(config.export().basicAuth()).isTrue();
		assertThat(config.export().headers()).isEmpty();
	}

	@Test
	void shouldRejectExportEndpointThatIsNotAnHttpUrl() {
		assertThatThrownBy(() -> LangfuseConfig.builder().exportEndpoint("collector:4318").build())
			.isInstanceOfSatisfying(LangfuseConfigException.class,
					(ex) -> assertThat(ex.setting()).isEqualTo("exportEndpoint"));
		assertThatThrownBy(() -> LangfuseConfig.builder().exportEndpoint("https://user:pw@collector/v1/traces").build())
			.isInstanceOfSatisfying(LangfuseConfigException.class,
					(ex) -> assertThat(ex.getMessage()).doesNotContain("pw"));
	}

	@Test
	void shouldRefuseBasicAuthOverPlainHttpToAnotherHostUnlessAllowed() {
		assertThatThrownBy(
				() -> LangfuseConfig.builder().exportEndpoint("http://otel-collector:4318/v1/traces").build())
			.isInstanceOfSatisfying(LangfuseConfigException.class, (ex) -> {
				assertThat(ex.setting()).isEqualTo("exportEndpoint");
				assertThat(ex.problem()).contains("http://otel-collector:4318", "clear text");
				assertThat(ex.fix()).contains("exportBasicAuth", "exportAllowInsecureBasicAuth");
			});
		assertThat(LangfuseConfig.builder()
			.exportEndpoint("http://otel-collector:4318/v1/traces")
			.exportAllowInsecureBasicAuth(true)
			.build()
			.export()
			.allowsInsecureBasicAuth()).isTrue();
		for (String endpoint : List.of("https://otel-collector:4318/v1/traces", "http://localhost:4318/v1/traces",
				"http://127.0.0.1:4318/v1/traces", "http://[::1]:4318/v1/traces")) {
			assertThat(LangfuseConfig.builder().exportEndpoint(endpoint).build().exportEndpoint())
				.hasToString(endpoint);
		}
		assertThat(LangfuseConfig.builder()
			.exportEndpoint("http://otel-collector:4318/v1/traces")
			.exportBasicAuth(false)
			.build()
			.export()
			.basicAuth()).isFalse();
	}

	@Test
	void shouldRejectExportTimingsTooShortToMeanWhatTheySay() {
		assertThatThrownBy(() -> LangfuseConfig.builder().exportTimeout(Duration.ofMillis(99)).build())
			.isInstanceOfSatisfying(LangfuseConfigException.class, (ex) -> {
				assertThat(ex.setting()).isEqualTo("exportTimeout");
				assertThat(ex.problem()).isEqualTo("99ms is below the minimum 100ms");
			});
		assertThatThrownBy(() -> LangfuseConfig.builder().flushInterval(Duration.ofMillis(5)).build())
			.isInstanceOfSatisfying(LangfuseConfigException.class,
					(ex) -> assertThat(ex.setting()).isEqualTo("exportFlushInterval"));
		assertThat(LangfuseConfig.builder()
			.exportTimeout(Duration.ofMillis(100))
			.flushInterval(Duration.ofMillis(10))
			.build()
			.export()
			.timeout()).isEqualTo(Duration.ofMillis(100));
	}

	@Test
	void shouldRejectAuthorizationHeaderUnlessBasicAuthIsOff() {
		Map<String, String> bearer = Map.of("Authorization", "Bearer collector-token");
		assertThatThrownBy(() -> LangfuseConfig.builder().exportHeaders(bearer).build())
			.isInstanceOfSatisfying(LangfuseConfigException.class, (ex) -> {
				assertThat(ex.setting()).isEqualTo("exportHeaders");
				assertThat(ex.fix()).contains("exportBasicAuth");
			});
		assertThat(LangfuseConfig.builder().exportHeaders(bearer).exportBasicAuth(false).build().export().headers())
			.containsEntry("Authorization", "Bearer collector-token");
	}

	@Test
	void shouldRejectHeadersTheExporterSetsAndValuesThatSpanLines() {
		assertThatThrownBy(() -> LangfuseConfig.builder().exportHeaders(Map.of("Content-Type", "text/plain")).build())
			.isInstanceOf(LangfuseConfigException.class);
		assertThatThrownBy(() -> LangfuseConfig.builder().exportHeaders(Map.of("Content-Encoding", "identity")).build())
			.isInstanceOfSatisfying(LangfuseConfigException.class,
					(ex) -> assertThat(ex.fix()).contains("exportCompression"));
		assertThat(LangfuseConfig.builder().exportCompression(ExportCompression.NONE).build().export().compression())
			.isEqualTo(ExportCompression.NONE);
		assertThatThrownBy(() -> LangfuseConfig.builder().exportHeaders(Map.of("x-token", "a\r\nx-evil: 1")).build())
			.isInstanceOf(LangfuseConfigException.class);
		assertThatThrownBy(() -> LangfuseConfig.builder().exportHeaders(Map.of("bad header", "v")).build())
			.isInstanceOf(LangfuseConfigException.class);
	}

	@Test
	void shouldShowHeaderNamesButNotTheirValues() {
		LangfuseConfig config = LangfuseConfig.builder()
			.exportHeaders(Map.of("x-collector-token", "tok-secret-123"))
			.build();
		assertThat(config.toString()).contains("x-collector-token").doesNotContain("tok-secret-123");
	}

	@Test
	void shouldShowEverySettingWithADefaultInToString() {
		String text = LangfuseConfig.builder().build().toString();
		assertThat(text).contains("retryInitialBackoff=500ms", "retryMaxBackoff=30s",
				"exportEndpoint=https://cloud.langfuse.com/api/public/otel/v1/traces", "exportBasicAuth=true");
		List<String> settings = Stream
			.of(TracingSettings.Builder.class, CaptureSettings.Builder.class, ExportSettings.Builder.class)
			.flatMap((builder) -> Arrays.stream(builder.getDeclaredMethods())
				.filter((method) -> Modifier.isPublic(method.getModifiers()) && method.getParameterCount() == 1
						&& method.getReturnType() == builder))
			.map(Method::getName)
			.collect(Collectors.toCollection(ArrayList::new));
		Arrays.stream(MediaSettings.class.getRecordComponents()).map(RecordComponent::getName).forEach(settings::add);
		assertThat(settings).as("the settings of every concern").hasSizeGreaterThan(30);
		assertThat(settings).allSatisfy((setting) -> assertThat(text).containsPattern("[{ ]" + setting + "="));
		assertThat(text).contains("uploadTimeout=1m").doesNotContain("PT");
	}

	@Test
	void shouldPresetEverySettingOfTheVariablesTable() {
		LangfuseConfig config = LangfuseConfig.fromEnvironment(Map.of("LANGFUSE_HOST", "http://legacy:3000",
				"LANGFUSE_BASE_URL", "http://new:3000", "LANGFUSE_MEDIA_UPLOAD_ENABLED", "no",
				"LANGFUSE_MEDIA_UPLOAD_THREAD_COUNT", "3", "LANGFUSE_TRACING_ENABLED", "0"))
			.build();
		assertThat(config.host()).as("LANGFUSE_BASE_URL wins").hasToString("http://new:3000");
		assertThat(config.media().enabled()).isFalse();
		assertThat(config.media().uploadThreads()).isEqualTo(3);
		assertThat(config.enabled()).isFalse();
		assertThat(EnvironmentVariable.LANGFUSE_FLUSH_INTERVAL.propertyValue("2.5")).isEqualTo("2500ms");
		assertThat(EnvironmentVariable.LANGFUSE_FLUSH_INTERVAL.propertyValue("soon")).isEqualTo("soon");
		assertThat(EnvironmentVariable.LANGFUSE_FLUSH_AT.propertyValue("64")).isEqualTo("64");
	}

}
