package io.github.lfwire.langfuse.spring.boot.autoconfigure;

import java.util.Map;

import io.github.lfwire.langfuse.EnvironmentVariable;
import io.github.lfwire.langfuse.LangfuseConfig;
import org.jspecify.annotations.Nullable;

/**
 * The Spring Boot property of each setting named by
 * {@link io.github.lfwire.langfuse.LangfuseConfigException}: the core
 * {@link LangfuseConfig} settings, the media and prompt settings and the starter's own;
 * the one table that the failure analysis and the mapping of {@link EnvironmentVariable
 * environment variables} read.
 */
final class SettingProperties {

	private static final Map<String, String> PROPERTIES = Map.ofEntries(Map.entry("host", "langfuse.host"),
			Map.entry("publicKey", "langfuse.public-key"), Map.entry("secretKey", "langfuse.secret-key"),
			Map.entry("enabled", "langfuse.enabled"), Map.entry("environment", "langfuse.environment"),
			Map.entry("release", "langfuse.release"), Map.entry("serviceName", "spring.application.name"),
			Map.entry("sampleRate", "langfuse.sampling.probability"), Map.entry("flushAt", "langfuse.export.flush-at"),
			Map.entry("flushInterval", "langfuse.export.flush-interval"),
			Map.entry("maxQueueSize", "langfuse.export.max-queue-size"),
			Map.entry("maxQueueBytes", "langfuse.export.max-queue-bytes"),
			Map.entry("maxScoreQueueSize", "langfuse.export.max-score-queue-size"),
			Map.entry("maxScoreQueueBytes", "langfuse.export.max-score-queue-bytes"),
			Map.entry("exportTimeout", "langfuse.export.timeout"),
			Map.entry("exportEndpoint", "langfuse.export.endpoint"),
			Map.entry("exportHeaders", "langfuse.export.headers"),
			Map.entry("exportBasicAuth", "langfuse.export.basic-auth"),
			Map.entry("maxRetries", "langfuse.export.max-retries"),
			Map.entry("retryInitialBackoff", "langfuse.export.retry-initial-backoff"),
			Map.entry("retryMaxBackoff", "langfuse.export.retry-max-backoff"),
			Map.entry("captureInput", "langfuse.capture.input"), Map.entry("captureOutput", "langfuse.capture.output"),
			Map.entry("captureMaxBytes", "langfuse.capture.max-bytes"),
			Map.entry("captureMaxStreamElements", "langfuse.capture.max-stream-elements"),
			Map.entry("redactedKeys", "langfuse.capture.redact-keys"),
			Map.entry("redactDefaultKeys", "langfuse.capture.redact-default-keys"),
			Map.entry("consoleExport", "langfuse.console.enabled"),
			Map.entry("applicationTrace", "langfuse.tracing.application-trace"),
			Map.entry("mediaEnabled", "langfuse.media.enabled"),
			Map.entry("mediaUploadThreads", "langfuse.media.upload-threads"),
			Map.entry("mediaMaxQueueSize", "langfuse.media.max-queue-size"),
			Map.entry("mediaMaxQueueBytes", "langfuse.media.max-queue-bytes"),
			Map.entry("mediaMaxRetries", "langfuse.media.max-retries"),
			Map.entry("mediaUploadTimeout", "langfuse.media.upload-timeout"),
			Map.entry("shutdownTimeout", "langfuse.shutdown.timeout"),
			Map.entry("promptCacheTtl", "langfuse.prompts.cache-ttl"),
			Map.entry("promptFetchTimeout", "langfuse.prompts.fetch-timeout"),
			Map.entry("promptMaxRetries", "langfuse.prompts.max-retries"),
			Map.entry("promptRetryInitialBackoff", "langfuse.prompts.retry-initial-backoff"),
			Map.entry("promptRetryMaxBackoff", "langfuse.prompts.retry-max-backoff"),
			Map.entry("promptMaxEntries", "langfuse.prompts.max-entries"),
			Map.entry("datasetTimeout", "langfuse.datasets.timeout"),
			Map.entry("datasetMaxRetries", "langfuse.datasets.max-retries"),
			Map.entry("datasetRetryInitialBackoff", "langfuse.datasets.retry-initial-backoff"),
			Map.entry("datasetRetryMaxBackoff", "langfuse.datasets.retry-max-backoff"),
			Map.entry("datasetPageSize", "langfuse.datasets.page-size"),
			Map.entry("experimentMaxConcurrency", "langfuse.experiment.max-concurrency"),
			Map.entry("experimentFlushTimeout", "langfuse.experiment.flush-timeout"));

	private SettingProperties() {
	}

	/** The property of a setting, or {@code null} when the setting has none. */
	static @Nullable String propertyOf(String setting) {
		return PROPERTIES.get(setting);
	}

	/** Every setting and its property. */
	static Map<String, String> all() {
		return PROPERTIES;
	}

}
