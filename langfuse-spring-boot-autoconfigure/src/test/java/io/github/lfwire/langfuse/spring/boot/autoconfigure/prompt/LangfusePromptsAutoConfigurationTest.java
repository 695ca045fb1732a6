package io.github.lfwire.langfuse.spring.boot.autoconfigure.prompt;

import java.time.Duration;
import java.util.Map;

import io.github.lfwire.langfuse.LangfuseConfig;
import io.github.lfwire.langfuse.config.LangfuseConfigException;
import io.github.lfwire.langfuse.prompt.LangfusePrompts;
import io.github.lfwire.langfuse.spring.boot.autoconfigure.LangfuseAutoConfiguration;
import io.github.lfwire.langfuse.spring.boot.autoconfigure.LangfuseConfigFailureAnalyzer;
import io.github.lfwire.langfuse.spring.boot.autoconfigure.actuate.LangfuseEndpoint;
import io.github.lfwire.langfuse.spring.boot.autoconfigure.actuate.LangfuseEndpoint.LangfuseDescriptor;
import io.github.lfwire.langfuse.spring.boot.autoconfigure.actuate.LangfuseEndpointAutoConfiguration;
import io.github.lfwire.langfuse.testing.FakeLangfuseServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class LangfusePromptsAutoConfigurationTest {

	private final FakeLangfuseServer server = FakeLangfuseServer.start();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(LangfuseAutoConfiguration.class,
				LangfusePromptsAutoConfiguration.class, LangfuseEndpointAutoConfiguration.class))
		.withPropertyValues("management.endpoints.web.exposure.include=langfuse");

	@AfterEach
	void stop() {
		this.server.close();
	}

	private ApplicationContextRunner withServer() {
		return this.runner.withPropertyValues("langfuse.host=" + this.server.baseUrl(),
				"langfuse.public-key=" + FakeLangfuseServer.PUBLIC_KEY,
				"langfuse.secret-key=" + FakeLangfuseServer.SECRET_KEY);
	}

	@Test
	void shouldFetchPromptsFromTheClientsServerWithTheClientsKeys() {
		this.server.prompts().createText("greeting", "Hello {{name}}", "production");
		withServer().run((context) -> {
			LangfusePrompts prompts = context.getBean(LangfusePrompts.class);
			assertThat(prompts.isAvailable()).isTrue();
			assertThat(prompts.getText("greeting").compile(Map.of("name", "Ada"))).isEqualTo("Hello Ada");
		});
	}

	@Test
	void shouldApplyThePromptProperties() {
		withServer()
			.withPropertyValues("langfuse.prompts.cache-ttl=5m", "langfuse.prompts.fetch-timeout=2s",
					"langfuse.prompts.max-retries=4", "langfuse.prompts.retry-initial-backoff=250ms",
					"langfuse.prompts.retry-max-backoff=2s", "langfuse.prompts.max-entries=10")
			.run((context) -> {
				LangfusePrompts prompts = context.getBean(LangfusePrompts.class);
				assertThat(prompts.cacheTtl()).isEqualTo(Duration.ofMinutes(5));
				assertThat(prompts.fetchTimeout()).isEqualTo(Duration.ofSeconds(2));
				assertThat(prompts.maxRetries()).isEqualTo(4);
				assertThat(prompts.retryInitialBackoff()).isEqualTo(Duration.ofMillis(250));
				assertThat(prompts.retryMaxBackoff()).isEqualTo(Duration.ofSeconds(2));
				assertThat(prompts.stats().maxEntries()).isEqualTo(10);
			});
	}

	@Test
	void shouldUseTheDocumentedDefaults() {
		this.runner.run((context) -> {
			LangfusePrompts prompts = context.getBean(LangfusePrompts.class);
			assertThat(prompts.cacheTtl()).isEqualTo(Duration.ofSeconds(60));
			assertThat(prompts.fetchTimeout()).isEqualTo(Duration.ofSeconds(5));
			assertThat(prompts.maxRetries()).isEqualTo(2);
			assertThat(prompts.retryInitialBackoff()).isEqualTo(Duration.ofMillis(500));
			assertThat(prompts.retryMaxBackoff()).isEqualTo(Duration.ofSeconds(8));
			assertThat(prompts.stats().maxEntries()).isEqualTo(1000);
		});
	}

	@Test
	void shouldServeOnlyFallbacksWhenTracingIsDisabled() {
		this.server.prompts().createText("greeting", "Hello", "production");
		withServer().withPropertyValues("langfuse.enabled=false").run((context) -> {
			LangfusePrompts prompts = context.getBean(LangfusePrompts.class);
			assertThat(prompts.isAvailable()).isFalse();
			assertThat(prompts.text("greeting").fallback("Hi").get().isFallback()).isTrue();
			assertThat(this.server.promptRequests()).isZero();
		});
	}

	@Test
	void shouldBackOffWhenTheApplicationDefinesItsOwnPrompts() {
		this.runner.withUserConfiguration(CustomPrompts.class).run((context) -> {
			assertThat(context).hasSingleBean(LangfusePrompts.class);
			assertThat(context.getBean(LangfusePrompts.class).maxRetries()).isZero();
		});
	}

	@Test
	void shouldBindPromptMetersWhenMicrometerIsPresent() {
		this.server.prompts().createText("greeting", "Hello", "production");
		withServer().run((context) -> {
			MeterRegistry registry = new SimpleMeterRegistry();
			context.getBean(LangfusePromptMetrics.class).bindTo(registry);
			LangfusePrompts prompts = context.getBean(LangfusePrompts.class);
			prompts.getText("greeting");
			prompts.getText("greeting");
			prompts.text("missing").fallback("Hi").get();
			assertThat(registry.get("langfuse.prompts.hits").functionCounter().count()).isEqualTo(1);
			assertThat(registry.get("langfuse.prompts.misses").functionCounter().count()).isEqualTo(2);
			assertThat(registry.get("langfuse.prompts.fallbacks").functionCounter().count()).isEqualTo(1);
			assertThat(registry.get("langfuse.prompts.errors").functionCounter().count()).isEqualTo(1);
			assertThat(registry.get("langfuse.prompts.refreshes").functionCounter().count()).isZero();
			assertThat(registry.get("langfuse.prompts.evictions").functionCounter().count()).isZero();
			assertThat(registry.get("langfuse.prompts.cache.size").gauge().value()).isEqualTo(2);
			assertThat(registry.get("langfuse.prompts.cache.capacity").gauge().value()).isEqualTo(1000);
		});
	}

	@Test
	void shouldNotBindMetersWithoutMicrometer() {
		this.runner.withClassLoader(new FilteredClassLoader(MeterRegistry.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(LangfusePrompts.class)
				.doesNotHaveBean(LangfusePromptMetrics.class));
	}

	@Test
	@SuppressWarnings("unchecked")
	void shouldReportThePromptCacheInTheActuatorEndpoint() {
		this.server.prompts().createText("greeting", "Hello", "production");
		withServer().run((context) -> {
			context.getBean(LangfusePrompts.class).getText("greeting");
			LangfuseDescriptor status = context.getBean(LangfuseEndpoint.class).status();
			assertThat(status.prompts()).containsEntry("available", true)
				.containsEntry("cacheTtl", "1m")
				.containsEntry("fetchTimeout", "5s")
				.containsEntry("cacheSize", 1L)
				.containsEntry("cacheCapacity", 1000L)
				.containsEntry("misses", 1L)
				.containsEntry("hits", 0L)
				.containsEntry("fallbacks", 0L)
				.containsEntry("errors", 0L)
				.containsEntry("refreshes", 0L)
				.containsEntry("evictions", 0L);
			assertThat(status.toString()).doesNotContain(FakeLangfuseServer.SECRET_KEY);
		});
	}

	@ParameterizedTest(name = "{0}={1}")
	@CsvSource(delimiter = '|',
			value = { "langfuse.prompts.cache-ttl|-1s", "langfuse.prompts.fetch-timeout|0s",
					"langfuse.prompts.max-retries|-1", "langfuse.prompts.retry-initial-backoff|0s",
					"langfuse.prompts.retry-max-backoff|0s", "langfuse.prompts.max-entries|0" })
	void shouldFailStartupNamingThePromptProperty(String property, String value) {
		this.runner.withPropertyValues(property + "=" + value).run((context) -> {
			assertThat(context).hasFailed();
			Throwable failure = context.getStartupFailure();
			while (failure != null && !(failure instanceof LangfuseConfigException)) {
				failure = failure.getCause();
			}
			assertThat(failure).as("LangfuseConfigException in the startup failure").isNotNull();
			FailureAnalysis analysis = new LangfuseConfigFailureAnalyzer(null).analyze(context.getStartupFailure());
			assertThat(analysis.getDescription()).contains("'" + property + "'");
			assertThat(analysis.getAction()).contains(property);
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class CustomPrompts {

		@Bean
		LangfusePrompts customPrompts(LangfuseConfig config) {
			return LangfusePrompts.builder(config).maxRetries(0).build();
		}

	}

}
