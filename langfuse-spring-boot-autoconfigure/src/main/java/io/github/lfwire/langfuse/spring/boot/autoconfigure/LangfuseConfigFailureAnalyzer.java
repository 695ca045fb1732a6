package io.github.lfwire.langfuse.spring.boot.autoconfigure;

import java.util.Map;

import io.github.lfwire.langfuse.LangfuseConfigException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.env.Environment;
import org.springframework.lang.Nullable;

/**
 * Explains an invalid Langfuse setting at startup in terms of the {@code langfuse.*} property to change and where its
 * value came from, such as the {@code LANGFUSE_BASE_URL} environment variable.
 */
public final class LangfuseConfigFailureAnalyzer extends AbstractFailureAnalyzer<LangfuseConfigException> {

	private static final Map<String, String> PROPERTIES = Map.ofEntries(Map.entry("host", "langfuse.host"),
			Map.entry("environment", "langfuse.environment"),
			Map.entry("sampleRate", "langfuse.sampling.probability"),
			Map.entry("flushAt", "langfuse.export.flush-at"),
			Map.entry("flushInterval", "langfuse.export.flush-interval"),
			Map.entry("maxQueueSize", "langfuse.export.max-queue-size"),
			Map.entry("maxQueueBytes", "langfuse.export.max-queue-bytes"),
			Map.entry("maxScoreQueueSize", "langfuse.export.max-score-queue-size"),
			Map.entry("maxScoreQueueBytes", "langfuse.export.max-score-queue-bytes"),
			Map.entry("exportTimeout", "langfuse.export.timeout"),
			Map.entry("maxRetries", "langfuse.export.max-retries"),
			Map.entry("retryInitialBackoff", "langfuse.export.retry-initial-backoff"),
			Map.entry("retryMaxBackoff", "langfuse.export.retry-max-backoff"),
			Map.entry("captureMaxBytes", "langfuse.capture.max-bytes"),
			Map.entry("captureMaxStreamElements", "langfuse.capture.max-stream-elements"),
			Map.entry("redactedKeys", "langfuse.capture.redact-keys"),
			Map.entry("shutdownTimeout", "langfuse.shutdown.timeout"),
			Map.entry("applicationTrace", "langfuse.tracing.application-trace"),
			Map.entry("mediaUploadThreads", "langfuse.media.upload-threads"),
			Map.entry("mediaMaxQueueSize", "langfuse.media.max-queue-size"),
			Map.entry("mediaMaxQueueBytes", "langfuse.media.max-queue-bytes"),
			Map.entry("mediaMaxRetries", "langfuse.media.max-retries"),
			Map.entry("mediaUploadTimeout", "langfuse.media.upload-timeout"));

	@Nullable
	private final Environment environment;

	/**
	 * Creates the analyzer.
	 * @param environment the application's environment, to tell where a wrong value came from; {@code null} when
	 * startup failed before there was one
	 */
	public LangfuseConfigFailureAnalyzer(@Nullable Environment environment) {
		this.environment = environment;
	}

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, LangfuseConfigException cause) {
		String property = propertyName(cause.setting());
		PropertyOrigin origin = PropertyOrigin.of(this.environment, property);
		return new FailureAnalysis(
				"Invalid Langfuse configuration: property '" + property + "'" + origin.describe() + " is wrong: "
						+ cause.problem() + ".",
				cause.fix() + " " + origin.update(property), cause);
	}

	/** The Spring Boot property for a core setting; environment variable names are kept as they are. */
	static String propertyName(String setting) {
		return PROPERTIES.getOrDefault(setting, setting);
	}

}
