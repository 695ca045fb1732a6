package io.github.lfwire.langfuse.internal.export;

import java.time.Duration;

import io.github.lfwire.langfuse.export.ExportSettings;

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
 * @param highWaterMark the fraction of both bounds above which new traces are refused and
 * a queue-full episode is not over
 * @param exportTimeout the timeout of one request, for messages
 * @param maxRetries retries after the first attempt
 * @param initialBackoff the first retry delay
 * @param maxBackoff the longest retry delay
 * @param maxItemsSetting the setting that bounds the items, named in log messages
 * @param maxBytesSetting the setting that bounds the bytes, named in log messages
 */
public record PipelineSettings(String kind, String destination, int batchSize, Duration interval, int maxItems,
		long maxBytes, double highWaterMark, Duration exportTimeout, int maxRetries, Duration initialBackoff,
		Duration maxBackoff, String maxItemsSetting, String maxBytesSetting) {

	private static final int MAX_SCORE_BATCH = 100;

	/** The pipeline settings of the spans to one destination. */
	public static PipelineSettings spans(ExportSettings export, String kind, String destination) {
		return of(export, kind, destination, export.flushAt(), export.maxQueueSize(), export.maxQueueBytes(),
				"exportMaxQueueSize", "exportMaxQueueBytes");
	}

	/** The pipeline settings of the spans to a span exporter added beside Langfuse. */
	public static PipelineSettings exporter(ExportSettings export, String name) {
		return of(export, "spans for " + name, "span exporter " + name,
				Math.min(export.flushAt(), export.destinationMaxQueueSize()), export.destinationMaxQueueSize(),
				export.maxQueueBytes(), "exportDestinationMaxQueueSize", "exportMaxQueueBytes");
	}

	/** The pipeline settings of the scores, in batches of at most 100. */
	public static PipelineSettings scores(ExportSettings export, String destination) {
		return of(export, "scores", destination,
				Math.min(Math.min(export.flushAt(), MAX_SCORE_BATCH), export.maxScoreQueueSize()),
				export.maxScoreQueueSize(), export.maxScoreQueueBytes(), "exportMaxScoreQueueSize",
				"exportMaxScoreQueueBytes");
	}

	private static PipelineSettings of(ExportSettings export, String kind, String destination, int batchSize,
			int maxItems, long maxBytes, String maxItemsSetting, String maxBytesSetting) {
		return new PipelineSettings(kind, destination, batchSize, export.flushInterval(), maxItems, maxBytes,
				export.highWaterMark(), export.timeout(), export.maxRetries(), export.retryInitialBackoff(),
				export.retryMaxBackoff(), maxItemsSetting, maxBytesSetting);
	}

}
