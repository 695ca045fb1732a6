package io.github.lfwire.langfuse.export;

import java.time.Duration;

import io.github.lfwire.langfuse.config.LangfuseConfigException;
import io.github.lfwire.langfuse.internal.SettingChecks;

/** The checks of {@link ExportSettings}, each naming its setting and the fix. */
final class ExportSettingsChecks {

	/** The shortest timeout of one export request. */
	static final Duration MIN_TIMEOUT = Duration.ofMillis(100);

	/** The shortest flush interval. */
	static final Duration MIN_FLUSH_INTERVAL = Duration.ofMillis(10);

	/** The lowest high-water mark accepted. */
	static final double MIN_HIGH_WATER_MARK = 0.1;

	private ExportSettingsChecks() {
	}

	/**
	 * Checks every setting of the builder but the endpoint and the headers.
	 * @throws LangfuseConfigException naming the first invalid setting and its fix
	 */
	static void check(ExportSettings.Builder builder) {
		SettingChecks.requireAtLeast("exportFlushAt", builder.flushAt, 1,
				"Use the number of spans per export request, e.g. 512.");
		SettingChecks.requireAtLeast("exportMaxQueueSize", builder.maxQueueSize, 1,
				"Use the most spans to buffer, e.g. 8192.");
		SettingChecks.requireAtLeast("exportDestinationMaxQueueSize", builder.destinationMaxQueueSize, 1,
				"Use the most spans to buffer for each added span exporter, e.g. 2048.");
		SettingChecks.requireAtLeast("exportMaxScoreQueueSize", builder.maxScoreQueueSize, 1,
				"Use the most scores to buffer, e.g. 2048.");
		SettingChecks.requireAtLeast("exportMaxScoreQueueBytes", builder.maxScoreQueueBytes, 1024,
				"Use the most bytes of scores to buffer, at least 1KB, e.g. 4MB.");
		if (builder.flushAt > builder.maxQueueSize) {
			throw new LangfuseConfigException("exportFlushAt",
					builder.flushAt + " exceeds exportMaxQueueSize " + builder.maxQueueSize,
					"Use a batch size no larger than the queue.");
		}
		if (!(builder.highWaterMark >= MIN_HIGH_WATER_MARK && builder.highWaterMark <= 1.0)) {
			throw new LangfuseConfigException("exportHighWaterMark",
					builder.highWaterMark + " is not between " + MIN_HIGH_WATER_MARK + " and 1",
					"Use the fraction of the span queue above which new traces are refused, e.g. 0.8"
							+ " (1 refuses them only when the queue is full).");
		}
		SettingChecks.requireAtLeast("exportFlushInterval", builder.flushInterval, MIN_FLUSH_INTERVAL, "e.g. 1s");
		SettingChecks.requireAtLeast("exportTimeout", builder.timeout, MIN_TIMEOUT, "e.g. 10s");
		SettingChecks.requirePositive("exportRetryInitialBackoff", builder.retryInitialBackoff, "e.g. 500ms");
		SettingChecks.requirePositive("exportRetryMaxBackoff", builder.retryMaxBackoff, "e.g. 30s");
		if (builder.retryMaxBackoff.compareTo(builder.retryInitialBackoff) < 0) {
			throw new LangfuseConfigException("exportRetryMaxBackoff", "it is shorter than exportRetryInitialBackoff",
					"Use a maximum backoff at least as long as the initial one.");
		}
		SettingChecks.requireAtLeast("exportMaxRetries", builder.maxRetries, 0,
				"Use 0 to never retry, or a small count such as 5.");
	}

}
