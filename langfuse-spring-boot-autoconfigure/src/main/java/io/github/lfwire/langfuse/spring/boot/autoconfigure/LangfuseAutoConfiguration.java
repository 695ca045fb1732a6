package io.github.lfwire.langfuse.spring.boot.autoconfigure;

import java.time.Duration;

import io.github.lfwire.langfuse.LangfuseClient;
import io.github.lfwire.langfuse.LangfuseConfig;
import io.github.lfwire.langfuse.LangfuseProjects;
import io.github.lfwire.langfuse.SpanFilter;
import io.github.lfwire.langfuse.capture.CaptureMask;
import io.github.lfwire.langfuse.config.DurationFormat;
import io.github.lfwire.langfuse.config.LangfuseConfigException;
import io.opentelemetry.sdk.trace.SpanProcessor;
import tools.jackson.databind.ObjectMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Auto-configuration of the Langfuse client. With {@code langfuse.enabled=false} or
 * without keys the client is a no-op, so {@code @Observe} beans and code that injects the
 * client keep working.
 */
@AutoConfiguration(afterName = "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration")
@EnableConfigurationProperties(LangfuseProperties.class)
public final class LangfuseAutoConfiguration {

	/** The shortest shutdown timeout: a shorter one would lose what is queued. */
	static final Duration MIN_SHUTDOWN_TIMEOUT = Duration.ofMillis(100);

	@Bean
	@ConditionalOnMissingBean
	LangfuseConfig langfuseConfig(LangfuseProperties properties, Environment environment,
			ObjectProvider<ObjectMapper> objectMapper, ObjectProvider<CaptureMask> mask,
			ObjectProvider<LangfuseConfigCustomizer> customizers, ObjectProvider<SpanFilter> spanFilter) {
		LangfuseConfig.Builder builder = LangfuseConfig.builder()
			.enabled(properties.isEnabled())
			.host(properties.getHost())
			.publicKey(properties.getPublicKey())
			.secretKey(properties.getSecretKey())
			.environment(properties.getEnvironment())
			.release(properties.getRelease())
			.serviceName(environment.getProperty("spring.application.name"))
			.sampleRate(properties.getSampling().getProbability())
			.applicationTrace(properties.getTracing().getApplicationTrace())
			.applicationSpans(properties.getTracing().getApplicationSpans())
			.applicationSpanCapacity(properties.getTracing().getApplicationSpanCapacity())
			.spanFilter(spanFilter.getIfUnique())
			.consoleExport(properties.getConsole().isEnabled())
			.export(properties.getExport().toSettings())
			.capture(properties.getCapture().toSettings(objectMapper.getIfUnique(), mask.getIfUnique()))
			.media(properties.getMedia().toSettings());
		customizers.orderedStream().forEach((customizer) -> customizer.customize(builder));
		Duration shutdownTimeout = properties.getShutdown().getTimeout();
		if (shutdownTimeout == null || shutdownTimeout.compareTo(MIN_SHUTDOWN_TIMEOUT) < 0) {
			throw new LangfuseConfigException("shutdownTimeout",
					DurationFormat.format(shutdownTimeout) + " is below the minimum "
							+ DurationFormat.format(MIN_SHUTDOWN_TIMEOUT),
					"Use a duration of at least " + DurationFormat.format(MIN_SHUTDOWN_TIMEOUT) + ", such as 10s.");
		}
		return builder.build();
	}

	@Bean
	@ConditionalOnMissingBean
	LangfuseClient langfuseClient(LangfuseConfig langfuseConfig) {
		return LangfuseClient.create(langfuseConfig);
	}

	/**
	 * The default client and one client per {@code langfuse.projects} entry, which shares
	 * every other setting of the default project; closed with the context.
	 */
	@Bean
	@ConditionalOnMissingBean
	LangfuseProjects langfuseProjects(LangfuseClient langfuseClient, LangfuseProperties properties) {
		return ProjectClients.create(langfuseClient, properties.getProjects());
	}

	/**
	 * Prepares the clients in the background once the application is ready, so that
	 * neither the startup nor the first observation pays their lazy setup.
	 */
	@Bean
	ApplicationListener<ApplicationReadyEvent> langfusePreparation(ObjectProvider<LangfuseProjects> projects) {
		return (event) -> projects.ifAvailable(LangfuseProjects::prepareInBackground);
	}

	@Bean
	static UnknownLangfuseProperties langfuseUnknownProperties(Environment environment) {
		return new UnknownLangfuseProperties(environment);
	}

	/**
	 * The client's processor for the application's OpenTelemetry SDK in join mode, which
	 * Boot's OpenTelemetry auto-configuration adds to its tracer provider with every
	 * {@link SpanProcessor} bean.
	 */
	@Bean
	@ConditionalOnProperty(name = "langfuse.tracing.application-trace", havingValue = "join")
	@ConditionalOnMissingBean(name = "langfuseApplicationSpanProcessor")
	SpanProcessor langfuseApplicationSpanProcessor(LangfuseClient langfuseClient) {
		return langfuseClient.applicationSpanProcessor();
	}

	@Bean
	LangfuseLifecycle langfuseLifecycle(ObjectProvider<LangfuseProjects> projects, LangfuseProperties properties) {
		return new LangfuseLifecycle(projects, properties.getShutdown().getTimeout());
	}

}
