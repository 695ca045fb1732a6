package io.github.lfwire.langfuse.export;

import java.time.Duration;

/**
 * The bounds, timings and names of one export pipeline, derived from the
 * {@link ExportSettings}.
 *
 * @param kind what is exported, such as {@code spans}, for logs and the thread name
 * @param destination where it goes, for logs; never include secrets
 * @param batchSize items per request
 * @param interval the longest time an item waits before it is exported
 * @param maxItems the most items queued or in flight
 * @param maxBytes the most estimated bytes queued or in flight
 * @param exportTimeout the timeout of one request, for messages
 * @param maxRetries retries after the first attempt
 * @param initialBackoff the first retry delay
 * @param maxBackoff the longest retry delay
 * @param maxItemsSetting the setting that bounds the items, named in log messages
 * @param maxBytesSetting the setting that bounds the bytes, named in log messages
 */
public record PipelineSettings(String kind, String destination, int batchSize, Duration interval, int maxItems,
		long maxBytes, Duration exportTimeout, int maxRetries, Duration initialBackoff, Duration maxBackoff,
		String maxItemsSetting, String maxBytesSetting) {
}
