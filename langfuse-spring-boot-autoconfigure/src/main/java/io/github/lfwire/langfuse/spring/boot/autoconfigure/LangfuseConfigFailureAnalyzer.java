package io.github.lfwire.langfuse.spring.boot.autoconfigure;

import java.util.Map;

import io.github.lfwire.langfuse.LangfuseConfigException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Explains an invalid Langfuse setting at startup in terms of the {@code langfuse.*} property to change. */
public final class LangfuseConfigFailureAnalyzer extends AbstractFailureAnalyzer<LangfuseConfigException> {

	private static final Map<String, String> PROPERTIES = Map.ofEntries(Map.entry("host", "langfuse.host"),
			Map.entry("environment", "langfuse.environment"),
			Map.entry("sampleRate", "langfuse.sampling.probability"),
			Map.entry("flushAt", "langfuse.export.flush-at"),
			Map.entry("flushInterval", "langfuse.export.flush-interval"),
			Map.entry("maxQueueSize", "langfuse.export.max-queue-size"),
			Map.entry("maxQueueBytes", "langfuse.export.max-queue-bytes"),
			Map.entry("exportTimeout", "langfuse.export.timeout"),
			Map.entry("maxRetries", "langfuse.export.max-retries"),
			Map.entry("retryInitialBackoff", "langfuse.export.retry-initial-backoff"),
			Map.entry("retryMaxBackoff", "langfuse.export.retry-max-backoff"),
			Map.entry("captureMaxBytes", "langfuse.capture.max-bytes"),
			Map.entry("redactedKeys", "langfuse.capture.redact-keys"),
			Map.entry("shutdownTimeout", "langfuse.shutdown.timeout"),
			Map.entry("applicationTrace", "langfuse.tracing.application-trace"));

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, LangfuseConfigException cause) {
		String property = propertyName(cause.setting());
		return new FailureAnalysis("Invalid Langfuse configuration: property '" + property + "' is wrong: "
				+ cause.problem() + ".", cause.fix() + " Update '" + property + "' in your configuration.", cause);
	}

	/** The Spring Boot property for a core setting; environment variable names are kept as they are. */
	static String propertyName(String setting) {
		return PROPERTIES.getOrDefault(setting, setting);
	}

}
