package io.github.lfwire.langfuse.spring.boot.autoconfigure;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.lfwire.langfuse.ApplicationTrace;
import io.github.lfwire.langfuse.LangfuseClient;
import io.github.lfwire.langfuse.LangfuseConfig;
import io.github.lfwire.langfuse.Observation;
import io.github.lfwire.langfuse.capture.PayloadCapture;
import io.github.lfwire.langfuse.config.LangfuseConfigException;
import io.github.lfwire.langfuse.media.MediaSettings;
import io.github.lfwire.langfuse.testing.FakeLangfuseServer;
import io.github.lfwire.langfuse.testing.TestSpanExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

class LangfuseAutoConfigurationTest {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(LangfuseAutoConfiguration.class));

	@Test
	void shouldCreateClientFromProperties() {
		this.runner
			.withPropertyValues("langfuse.host=https://eu.example.com", "langfuse.public-key=pk-lf-1",
					"langfuse.secret-key=sk-lf-1", "langfuse.environment=staging", "langfuse.release=2.0",
					"langfuse.sampling.probability=0.5", "langfuse.export.flush-at=64",
					"langfuse.export.flush-interval=2s", "langfuse.export.max-queue-size=1000",
					"langfuse.export.max-queue-bytes=10MB", "langfuse.export.high-water-mark=0.6",
					"langfuse.export.timeout=3s", "langfuse.capture.input=false", "langfuse.capture.max-bytes=8KB",
					"langfuse.capture.redact-keys=ssn", "langfuse.tracing.application-trace=join")
			.run((context) -> {
				LangfuseClient client = context.getBean(LangfuseClient.class);
				LangfuseConfig config = client.config();
				assertThat(client.isEnabled()).isTrue();
				assertThat(config.host()).hasToString("https://eu.example.com");
				assertThat(config.tracing().environment()).isEqualTo("staging");
				assertThat(config.tracing().release()).isEqualTo("2.0");
				assertThat(config.tracing().sampleRate()).isEqualTo(0.5);
				assertThat(config.export().flushAt()).isEqualTo(64);
				assertThat(config.export().flushInterval()).isEqualTo(Duration.ofSeconds(2));
				assertThat(config.export().maxQueueSize()).isEqualTo(1000);
				assertThat(config.export().maxQueueBytes()).isEqualTo(10L * 1024 * 1024);
				assertThat(config.export().highWaterMark()).isEqualTo(0.6);
				assertThat(config.export().timeout()).isEqualTo(Duration.ofSeconds(3));
				assertThat(config.capture().input()).isFalse();
				assertThat(config.capture().maxBytes()).isEqualTo(8 * 1024);
				assertThat(config.capture().redactedKeys()).contains("ssn");
				assertThat(config.tracing().applicationTrace()).isEqualTo(ApplicationTrace.JOIN);
			});
	}

	@Test
	void shouldMapMediaPropertiesIntoTheClientConfig() {
		this.runner
			.withPropertyValues("langfuse.media.enabled=false", "langfuse.media.upload-threads=3",
					"langfuse.media.max-queue-size=50", "langfuse.media.max-queue-bytes=8MB",
					"langfuse.media.max-retries=1", "langfuse.media.upload-timeout=15s")
			.run((context) -> assertThat(context.getBean(LangfuseConfig.class).media())
				.isEqualTo(new MediaSettings(false, 3, 50, 8L * 1024 * 1024, 1, Duration.ofSeconds(15))));
	}

	@Test
	void shouldUseTheCoreMediaDefaults() {
		this.runner.run((context) -> assertThat(context.getBean(LangfuseConfig.class).media())
			.isEqualTo(MediaSettings.DEFAULTS));
	}

	@Test
	void shouldKeepDefaultRedactKeysWhenUserAddsKeys() {
		this.runner.withPropertyValues("langfuse.capture.redact-keys=ssn, email").run((context) -> {
			LangfuseConfig config = context.getBean(LangfuseConfig.class);
			assertThat(config.capture().redactedKeys()).containsAll(PayloadCapture.DEFAULT_REDACTED_KEYS)
				.contains("ssn", "email");
			PayloadCapture capture = PayloadCapture.builder().redactedKeys(config.capture().redactedKeys()).build();
			assertThat(capture.capture(Map.of("password", "hunter2")).json())
				.isEqualTo("{\"password\":\"<redacted>\"}");
		});
	}

	@Test
	void shouldRedactOnlyConfiguredKeysWhenDefaultKeysAreTurnedOff() {
		this.runner.withPropertyValues("langfuse.capture.redact-keys=ssn", "langfuse.capture.redact-default-keys=false")
			.run((context) -> assertThat(context.getBean(LangfuseConfig.class).capture().redactedKeys())
				.containsExactly("ssn"));
	}

	@Test
	void shouldUseCoreDefaults() {
		this.runner.run((context) -> assertThat(context.getBean(LangfuseConfig.class)).usingRecursiveComparison()
			.isEqualTo(LangfuseConfig.builder().build()));
	}

	@Test
	void shouldMapExportEndpointHeadersAndBasicAuth() {
		this.runner
			.withPropertyValues("langfuse.export.endpoint=http://otel-collector:4318/v1/traces",
					"langfuse.export.headers.x-collector-token=fleet-42", "langfuse.export.basic-auth=false")
			.run((context) -> {
				LangfuseConfig config = context.getBean(LangfuseConfig.class);
				assertThat(config.exportEndpoint()).hasToString("http://otel-collector:4318/v1/traces");
				assertThat(config.export().headers()).containsExactly(Map.entry("x-collector-token", "fleet-42"));
				assertThat(config.export().basicAuth()).isFalse();
			});
	}

	@Test
	void shouldNameTheServiceAfterTheApplication() {
		this.runner.withPropertyValues("spring.application.name=checkout")
			.run((context) -> assertThat(context.getBean(LangfuseConfig.class).tracing().serviceName())
				.isEqualTo("checkout"));
		this.runner
			.run((context) -> assertThat(context.getBean(LangfuseConfig.class).tracing().serviceName()).isNull());
	}

	@Test
	void shouldBackOffWhenUserDefinesClient() {
		LangfuseClient own = LangfuseClient.create(LangfuseConfig.builder().build());
		this.runner.withBean(LangfuseClient.class, () -> own)
			.run((context) -> assertThat(context).getBean(LangfuseClient.class).isSameAs(own));
	}

	@Test
	void shouldApplyCustomizersAfterProperties() {
		this.runner.withPropertyValues("langfuse.release=from-properties")
			.withBean(LangfuseConfigCustomizer.class, () -> (builder) -> builder.release("from-customizer"))
			.run((context) -> assertThat(context.getBean(LangfuseClient.class).config().tracing().release())
				.isEqualTo("from-customizer"));
	}

	@Test
	void shouldBeNoOpAndExplainWhenKeysAreMissing() {
		this.runner.run((context) -> {
			LangfuseClient client = context.getBean(LangfuseClient.class);
			assertThat(client.isEnabled()).isFalse();
			assertThat(client.disabledReason()).contains("publicKey", "secretKey");
			assertThat(SettingProperties.translate(client.disabledReason())).contains("langfuse.public-key",
					"langfuse.secret-key");
			try (Observation observation = client.span("nothing")) {
				assertThat(observation.isRecording()).isFalse();
			}
		});
	}

	@Test
	void shouldBeNoOpWhenDisabled() {
		this.runner.withPropertyValues("langfuse.enabled=false", "langfuse.public-key=pk", "langfuse.secret-key=sk")
			.run((context) -> assertThat(context.getBean(LangfuseClient.class).disabledReason())
				.contains("enabled=false"));
	}

	@Test
	void shouldPrintToConsoleWhenAskedAndNoKeysAreSet() {
		this.runner.withPropertyValues("langfuse.console.enabled=true").run((context) -> {
			LangfuseClient client = context.getBean(LangfuseClient.class);
			assertThat(client.isEnabled()).isTrue();
			assertThat(client.destination()).isEqualTo("the console");
		});
	}

	@Test
	void shouldFailStartupNamingPropertyWhenProbabilityIsOutOfRange() {
		assertFailureNames("langfuse.sampling.probability=1.5", "langfuse.sampling.probability");
	}

	@Test
	void shouldFailStartupNamingPropertyWhenHostIsNotAUrl() {
		assertFailureNames("langfuse.host=not a url", "langfuse.host");
	}

	@Test
	void shouldFailStartupNamingPropertyWhenBatchSizeIsZero() {
		assertFailureNames("langfuse.export.flush-at=0", "langfuse.export.flush-at");
	}

	@Test
	void shouldFailStartupNamingPropertyWhenEnvironmentWouldBeRenamed() {
		assertFailureNames("langfuse.environment=Production", "langfuse.environment");
	}

	private void assertFailureNames(String property, String name) {
		this.runner.withPropertyValues(property).run((context) -> {
			assertThat(context).hasFailed();
			Throwable failure = context.getStartupFailure();
			while (failure != null && !(failure instanceof LangfuseConfigException)) {
				failure = failure.getCause();
			}
			assertThat(failure).isInstanceOf(LangfuseConfigException.class);
			FailureAnalysis analysis = new LangfuseConfigFailureAnalyzer(null).analyze(context.getStartupFailure());
			assertThat(analysis.getDescription()).contains(name);
			assertThat(analysis.getAction()).contains(name).isNotBlank();
		});
	}

	@Test
	void shouldUseApplicationObjectMapperForCapture() {
		JsonMapper mapper = JsonMapper.builder().addMixIn(Money.class, MoneyMixin.class).build();
		this.runner.withBean(JsonMapper.class, () -> mapper).run((context) -> {
			LangfuseClient client = context.getBean(LangfuseClient.class);
			assertThat(client.capture().capture(new Money(5, "EUR")).json()).isEqualTo("{\"currency\":\"EUR\"}");
		});
	}

	@Test
	void shouldReadOfficialEnvironmentVariables() {
		StandardEnvironment environment = environmentWith(
				Map.of("LANGFUSE_PUBLIC_KEY", "pk-lf-env", "LANGFUSE_SECRET_KEY", "sk-lf-env", "LANGFUSE_BASE_URL",
						"https://env.example.com", "LANGFUSE_SAMPLE_RATE", "0.25", "LANGFUSE_FLUSH_INTERVAL", "2.5",
						"LANGFUSE_TRACING_ENVIRONMENT", "qa"));
		assertThat(environment.getProperty("langfuse.public-key")).isEqualTo("pk-lf-env");
		assertThat(environment.getProperty("langfuse.secret-key")).isEqualTo("sk-lf-env");
		assertThat(environment.getProperty("langfuse.host")).isEqualTo("https://env.example.com");
		assertThat(environment.getProperty("langfuse.sampling.probability")).isEqualTo("0.25");
		assertThat(environment.getProperty("langfuse.export.flush-interval")).isEqualTo("2500ms");
		assertThat(environment.getProperty("langfuse.environment")).isEqualTo("qa");
	}

	@Test
	void shouldReadOfficialMediaEnvironmentVariables() {
		StandardEnvironment environment = environmentWith(
				Map.of("LANGFUSE_MEDIA_UPLOAD_ENABLED", "false", "LANGFUSE_MEDIA_UPLOAD_THREAD_COUNT", "2"));
		assertThat(environment.getProperty("langfuse.media.enabled")).isEqualTo("false");
		assertThat(environment.getProperty("langfuse.media.upload-threads")).isEqualTo("2");
	}

	@Test
	void shouldBuildTheSameConfigFromEveryVariableAsPlainJava() {
		Map<String, Object> variables = new java.util.LinkedHashMap<>();
		variables.put("LANGFUSE_HOST", "http://legacy:3000");
		variables.put("LANGFUSE_BASE_URL", "https://eu.example.com");
		variables.put("LANGFUSE_PUBLIC_KEY", "pk-lf-env");
		variables.put("LANGFUSE_SECRET_KEY", "sk-lf-env");
		variables.put("LANGFUSE_TRACING_ENVIRONMENT", "staging");
		variables.put("LANGFUSE_RELEASE", "1.2.3");
		variables.put("LANGFUSE_TRACING_ENABLED", "1");
		variables.put("LANGFUSE_SAMPLE_RATE", "0.25");
		variables.put("LANGFUSE_FLUSH_AT", "64");
		variables.put("LANGFUSE_FLUSH_INTERVAL", "2.5");
		variables.put("LANGFUSE_TIMEOUT", "7");
		variables.put("LANGFUSE_MEDIA_UPLOAD_ENABLED", "no");
		variables.put("LANGFUSE_MEDIA_UPLOAD_THREAD_COUNT", "3");
		assertThat(variables.keySet()).as("every variable of the table")
			.containsExactlyInAnyOrder(java.util.Arrays.stream(io.github.lfwire.langfuse.EnvironmentVariable.values())
				.map(Enum::name)
				.toArray(String[]::new));
		Map<String, String> plain = new java.util.HashMap<>();
		variables.forEach((name, value) -> plain.put(name, value.toString()));
		LangfuseConfig expected = LangfuseConfig.fromEnvironment(plain).build();
		this.runner.withInitializer((context) -> {
			context.getEnvironment()
				.getPropertySources()
				.replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
						new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
								variables));
			new LangfuseEnvironmentPostProcessor().postProcessEnvironment(context.getEnvironment(),
					new SpringApplication());
		})
			.run((context) -> assertThat(context.getBean(LangfuseConfig.class)).usingRecursiveComparison()
				.isEqualTo(expected));
	}

	@Test
	void shouldPreferExplicitPropertyOverEnvironmentVariable() {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.addFirst(new MapPropertySource("application", Map.of("langfuse.public-key", "pk-lf-explicit")));
		environment.getPropertySources()
			.replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
					new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
							Map.of("LANGFUSE_PUBLIC_KEY", "pk-lf-env")));
		new LangfuseEnvironmentPostProcessor().postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty("langfuse.public-key")).isEqualTo("pk-lf-explicit");
	}

	@Test
	void shouldShutDownClientAndDeliverSpansWhenContextCloses() {
		try (FakeLangfuseServer server = FakeLangfuseServer.start()) {
			this.runner
				.withPropertyValues("langfuse.host=" + server.baseUrl(),
						"langfuse.public-key=" + FakeLangfuseServer.PUBLIC_KEY,
						"langfuse.secret-key=" + FakeLangfuseServer.SECRET_KEY, "langfuse.export.flush-interval=1h")
				.run((context) -> {
					LangfuseClient client = context.getBean(LangfuseClient.class);
					for (int i = 0; i < 5; i++) {
						client.span("before-close").close();
					}
					assertThat(server.spans()).isEmpty();
				});
			assertThat(server.spans()).hasSize(5);
		}
	}

	@Test
	void shouldSendSpansToASpanExporterAddedByACustomizerBesideLangfuse() {
		List<SpanData> received = new CopyOnWriteArrayList<>();
		SpanExporter collector = new TestSpanExporter() {

			@Override
			public CompletableResultCode export(Collection<SpanData> spans) {
				received.addAll(spans);
				return CompletableResultCode.ofSuccess();
			}

		};
		try (FakeLangfuseServer server = FakeLangfuseServer.start()) {
			this.runner
				.withPropertyValues("langfuse.host=" + server.baseUrl(),
						"langfuse.public-key=" + FakeLangfuseServer.PUBLIC_KEY,
						"langfuse.secret-key=" + FakeLangfuseServer.SECRET_KEY)
				.withBean(LangfuseConfigCustomizer.class, () -> (builder) -> builder.addSpanExporter(collector))
				.run((context) -> {
					LangfuseClient client = context.getBean(LangfuseClient.class);
					client.span("to-both").close();
					assertThat(client.flush(Duration.ofSeconds(10)).success()).isTrue();
					assertThat(client.stats().destinations()).hasSize(1);
				});
			assertThat(server.spans()).hasSize(1);
			assertThat(received).singleElement().extracting(SpanData::getName).isEqualTo("to-both");
		}
	}

	private static StandardEnvironment environmentWith(Map<String, Object> variables) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, new SystemEnvironmentPropertySource(
					StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables));
		new LangfuseEnvironmentPostProcessor().postProcessEnvironment(environment, new SpringApplication());
		return environment;
	}

	record Money(int amount, String currency) {
	}

	abstract static class MoneyMixin {

		@com.fasterxml.jackson.annotation.JsonIgnore
		abstract int amount();

	}

}
