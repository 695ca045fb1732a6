package io.github.lfwire.langfuse.spring.boot.autoconfigure;

import io.github.lfwire.langfuse.config.DurationFormat;
import io.github.lfwire.langfuse.LangfuseClient;
import io.github.lfwire.langfuse.LangfuseConfig;
import io.github.lfwire.langfuse.config.LangfuseConfigException;
import io.github.lfwire.langfuse.capture.CaptureMask;
import io.github.lfwire.langfuse.media.MediaSettings;
import tools.jackson.databind.ObjectMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
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

	@Bean
	@ConditionalOnMissingBean
	LangfuseConfig langfuseConfig(LangfuseProperties properties, Environment environment,
			ObjectProvider<ObjectMapper> objectMapper, ObjectProvider<CaptureMask> mask,
			ObjectProvider<LangfuseConfigCustomizer> customizers) {
		LangfuseProperties.Export export = properties.getExport();
		LangfuseProperties.Capture capture = properties.getCapture();
		LangfuseConfig.Builder builder = LangfuseConfig.builder()
			.enabled(properties.isEnabled())
			.host(properties.getHost())
			.publicKey(properties.getPublicKey())
			.secretKey(properties.getSecretKey())
			.environment(properties.getEnvironment())
			.release(properties.getRelease())
			.serviceName(environment.getProperty("spring.application.name"))
			.sampleRate(properties.getSampling().getProbability())
			.flushAt(export.getFlushAt())
			.flushInterval(export.getFlushInterval())
			.maxQueueSize(export.getMaxQueueSize())
			.maxQueueBytes(export.getMaxQueueBytes().toBytes())
			.maxScoreQueueSize(export.getMaxScoreQueueSize())
			.maxScoreQueueBytes(export.getMaxScoreQueueBytes().toBytes())
			.exportTimeout(export.getTimeout())
			.exportEndpoint(export.getEndpoint())
			.exportHeaders(export.getHeaders())
			.exportBasicAuth(export.isBasicAuth())
			.maxRetries(export.getMaxRetries())
			.retryInitialBackoff(export.getRetryInitialBackoff())
			.retryMaxBackoff(export.getRetryMaxBackoff())
			.captureInput(capture.isInput())
			.captureOutput(capture.isOutput())
			.captureMaxBytes((int) Math.min(Integer.MAX_VALUE, capture.getMaxBytes().toBytes()))
			.captureMaxStreamElements(capture.getMaxStreamElements())
			.redactedKeys(capture.getRedactKeys())
			.redactDefaultKeys(capture.isRedactDefaultKeys())
			.consoleExport(properties.getConsole().isEnabled())
			.applicationTrace(properties.getTracing().getApplicationTrace())
			.media(mediaSettings(properties.getMedia()))
			.objectMapper(objectMapper.getIfUnique())
			.mask(mask.getIfUnique());
		customizers.orderedStream().forEach((customizer) -> customizer.customize(builder));
		if (properties.getShutdown().getTimeout() == null || properties.getShutdown().getTimeout().isNegative()) {
			throw new LangfuseConfigException("shutdownTimeout",
					DurationFormat.format(properties.getShutdown().getTimeout()) + " is not a duration of zero or more",
					"Use a duration such as 10s.");
		}
		return builder.build();
	}

	private static MediaSettings mediaSettings(LangfuseProperties.Media media) {
		long maxQueueBytes = (media.getMaxQueueBytes() != null) ? media.getMaxQueueBytes().toBytes() : 0;
		return new MediaSettings(media.isEnabled(), media.getUploadThreads(), media.getMaxQueueSize(), maxQueueBytes,
				media.getMaxRetries(), media.getUploadTimeout());
	}

	@Bean
	@ConditionalOnMissingBean
	LangfuseClient langfuseClient(LangfuseConfig langfuseConfig) {
		return LangfuseClient.create(langfuseConfig);
	}

	@Bean
	LangfuseLifecycle langfuseLifecycle(ObjectProvider<LangfuseClient> client, LangfuseProperties properties) {
		return new LangfuseLifecycle(client, properties.getShutdown().getTimeout());
	}

}
