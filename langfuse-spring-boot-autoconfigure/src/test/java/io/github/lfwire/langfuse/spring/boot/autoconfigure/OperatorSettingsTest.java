package io.github.lfwire.langfuse.spring.boot.autoconfigure;

import java.beans.PropertyDescriptor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.github.lfwire.langfuse.LangfuseConfig;
import io.github.lfwire.langfuse.config.LangfuseConfigException;
import org.junit.jupiter.api.Test;

import org.springframework.beans.BeanUtils;
import org.springframework.beans.BeanWrapperImpl;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.origin.OriginLookup;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Settings that must mean what operators write: durations without a unit in seconds,
 * misspelt keys reported, no clear-text keys to a remote collector, no copy of a secret
 * in the environment.
 */
class OperatorSettingsTest {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(LangfuseAutoConfiguration.class));

	@Test
	void shouldReadEveryDurationWithoutAUnitAsSeconds() {
		List<String> durations = durationProperties(LangfuseProperties.class, "");
		assertThat(durations).contains("export.timeout", "export.flush-interval", "shutdown.timeout",
				"prompts.cache-ttl", "datasets.timeout", "experiment.flush-timeout");
		Map<String, String> values = new HashMap<>();
		durations.forEach((property) -> values.put("langfuse." + property, "7"));
		LangfuseProperties bound = new Binder(new MapConfigurationPropertySource(values))
			.bind("langfuse", Bindable.of(LangfuseProperties.class))
			.get();
		BeanWrapperImpl wrapper = new BeanWrapperImpl(bound);
		for (String property : durations) {
			assertThat(wrapper.getPropertyValue(camel(property))).as(property).isEqualTo(Duration.ofSeconds(7));
		}
	}

	@Test
	void shouldReadUnitlessExportAndShutdownTimeoutsAsSecondsWhileUnitsStillWork() {
		this.runner
			.withPropertyValues("langfuse.export.timeout=3", "langfuse.export.flush-interval=5",
					"langfuse.shutdown.timeout=10", "langfuse.export.retry-initial-backoff=250ms")
			.run((context) -> {
				LangfuseConfig config = context.getBean(LangfuseConfig.class);
				assertThat(config.export().timeout()).isEqualTo(Duration.ofSeconds(3));
				assertThat(config.export().flushInterval()).isEqualTo(Duration.ofSeconds(5));
				assertThat(config.export().retryInitialBackoff()).isEqualTo(Duration.ofMillis(250));
				assertThat(context.getBean(LangfuseProperties.class).getShutdown().getTimeout())
					.isEqualTo(Duration.ofSeconds(10));
			});
	}

	@Test
	void shouldReportEachUnknownLangfuseKeyWithTheClosestKnownOne() {
		this.runner
			.withPropertyValues("langfuse.exprot.flush-at=5", "langfuse.export.flushAt=7",
					"langfuse.export.basic-auth=false", "langfuse.export.headers.Authorization=Bearer t",
					"langfuse.capture.redact-keys[0]=ssn", "langfuse.integrations.spring-ai.enabled=false",
					"langfuse.shutdown.timout=5s", "langfuse.completely-unrelated-setting-name=1", "other.key=1")
			.run((context) -> assertThat(context.getBean(UnknownLangfuseProperties.class).warnings()).containsExactly(
					"Unknown Langfuse property 'langfuse.completely-unrelated-setting-name' is ignored.",
					"Unknown Langfuse property 'langfuse.exprot.flush-at' is ignored;"
							+ " did you mean 'langfuse.export.flush-at'?",
					"Unknown Langfuse property 'langfuse.shutdown.timout' is ignored;"
							+ " did you mean 'langfuse.shutdown.timeout'?"));
	}

	@Test
	void shouldKnowThePropertiesOfEachProjectAndSuggestTheOneAMisspeltKeyMeant() {
		this.runner
			.withPropertyValues("langfuse.projects.b.public-key=pk-lf-b", "langfuse.projects.b.secretKey=sk-lf-b",
					"langfuse.projects.b.base-uri=https://eu.example.com", "langfuse.projects[eu-2].public-key=pk-lf-e",
					"langfuse.projects[eu-2].secret-key=sk-lf-e",
					"langfuse.projects[eu-2].base-url=https://e.example.com")
			.run((context) -> assertThat(context.getBean(UnknownLangfuseProperties.class).warnings())
				.containsExactly("Unknown Langfuse property 'langfuse.projects.b.base-uri' is ignored;"
						+ " did you mean 'langfuse.projects.b.base-url'?"));
	}

	@Test
	void shouldNotReportTheOfficialVariablesAsUnknownKeys() {
		this.runner.withInitializer((context) -> {
			context.getEnvironment()
				.getPropertySources()
				.replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
						new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
								Map.of("LANGFUSE_PUBLIC_KEY", "pk-lf-1", "LANGFUSE_TIMEOUT", "3")));
			new LangfuseEnvironmentPostProcessor().postProcessEnvironment(context.getEnvironment(),
					new SpringApplication());
		}).run((context) -> {
			assertThat(context.getBean(UnknownLangfuseProperties.class).warnings()).isEmpty();
			assertThat(context.getBean(LangfuseConfig.class).export().timeout()).isEqualTo(Duration.ofSeconds(3));
		});
	}

	@Test
	void shouldRefuseToSendTheKeysInClearToARemoteCollector() {
		this.runner
			.withPropertyValues("langfuse.public-key=pk-lf-1", "langfuse.secret-key=sk-lf-1",
					"langfuse.export.endpoint=http://otel-collector:4318/v1/traces")
			.run((context) -> {
				assertThat(context).hasFailed();
				LangfuseConfigException failure = rootCause(context.getStartupFailure());
				assertThat(LangfuseConfigFailureAnalyzer.propertyName(failure.setting()))
					.isEqualTo("langfuse.export.endpoint");
				assertThat(SettingProperties.translate(failure.fix())).contains("langfuse.export.basic-auth",
						"langfuse.export.allow-insecure-basic-auth");
			});
	}

	@Test
	void shouldSendTheKeysInClearToARemoteCollectorOnlyWhenAllowed() {
		this.runner
			.withPropertyValues("langfuse.public-key=pk-lf-1", "langfuse.secret-key=sk-lf-1",
					"langfuse.export.endpoint=http://otel-collector:4318/v1/traces",
					"langfuse.export.allow-insecure-basic-auth=true")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(LangfuseConfig.class).export().allowsInsecureBasicAuth()).isTrue();
			});
	}

	@Test
	void shouldHoldNoCopyOfTheSecretKeyVariable() {
		Map<String, Object> variables = new HashMap<>(
				Map.of("LANGFUSE_SECRET_KEY", "sk-lf-first", "LANGFUSE_PUBLIC_KEY", "pk-lf-1"));
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, new SystemEnvironmentPropertySource(
					StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables));
		environment.getPropertySources().addFirst(new MapPropertySource("application", Map.of()));
		new LangfuseEnvironmentPostProcessor().postProcessEnvironment(environment, new SpringApplication());
		PropertySource<?> mapped = environment.getPropertySources()
			.get(LangfuseEnvironmentPostProcessor.PROPERTY_SOURCE_NAME);
		assertThat(((EnumerablePropertySource<?>) mapped).getPropertyNames()).contains("langfuse.secret-key");
		assertThat(mapped.getSource()).as("the source is the system environment itself, not a copy")
			.isSameAs(
					environment.getPropertySources().get(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME));
		variables.put("LANGFUSE_SECRET_KEY", "sk-lf-rotated");
		assertThat(environment.getProperty("langfuse.secret-key")).as("read from the variable on each access")
			.isEqualTo("sk-lf-rotated");
		assertThat(((OriginLookup<String>) mapped).getOrigin("langfuse.secret-key"))
			.hasToString("System Environment Property \"LANGFUSE_SECRET_KEY\"");
	}

	private static LangfuseConfigException rootCause(Throwable failure) {
		Throwable cause = failure;
		while (cause != null && !(cause instanceof LangfuseConfigException)) {
			cause = cause.getCause();
		}
		assertThat(cause).isNotNull();
		return (LangfuseConfigException) cause;
	}

	/** The kebab-case paths of every Duration bean property, nested groups included. */
	private static List<String> durationProperties(Class<?> type, String prefix) {
		List<String> durations = new ArrayList<>();
		for (PropertyDescriptor property : BeanUtils.getPropertyDescriptors(type)) {
			String name = prefix + SettingProperties.kebab(property.getName());
			if (property.getPropertyType() == Duration.class) {
				durations.add(name);
			}
			else if (property.getPropertyType().getDeclaringClass() == LangfuseProperties.class) {
				durations.addAll(durationProperties(property.getPropertyType(), name + "."));
			}
		}
		return durations;
	}

	private static String camel(String kebab) {
		StringBuilder camel = new StringBuilder();
		boolean upper = false;
		for (char c : kebab.toCharArray()) {
			if (c == '-') {
				upper = true;
			}
			else {
				camel.append(upper ? Character.toUpperCase(c) : c);
				upper = false;
			}
		}
		return camel.toString();
	}

}
