package io.github.lfwire.langfuse.spring.boot.autoconfigure.actuate;

import java.util.function.Function;
import java.util.function.ToDoubleFunction;

import io.github.lfwire.langfuse.LangfuseClient;
import io.github.lfwire.langfuse.LangfuseStats;
import io.github.lfwire.langfuse.export.DropReason;
import io.github.lfwire.langfuse.export.ExportStats;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/** Micrometer meters for the Langfuse queue and counters, read from the client's stats when scraped. */
public class LangfuseMetrics implements MeterBinder {

	private static final String[] FAILURE_CAUSES = { "network", "timeout", "http_401", "http_403", "http_429",
			"http_4xx", "http_5xx" };

	private static final String[] MEDIA_SKIP_REASONS = { "unsupported_type", "already_uploaded" };

	private static final String[] MEDIA_DROP_REASONS = { "queue_full", "queue_bytes_full", "shutdown" };

	private final LangfuseClient client;

	/** Creates the binder. */
	public LangfuseMetrics(LangfuseClient client) {
		this.client = client;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		gauge(registry, "langfuse.queue.spans", "Spans queued or in flight", (stats) -> stats.spans().queueSize());
		gauge(registry, "langfuse.queue.spans.capacity", "Most spans the queue holds",
				(stats) -> stats.spans().queueCapacity());
		gauge(registry, "langfuse.queue.bytes", "Estimated bytes of spans queued or in flight",
				(stats) -> stats.spans().queueBytes());
		gauge(registry, "langfuse.queue.bytes.capacity", "Most estimated bytes the queue holds",
				(stats) -> stats.spans().queueBytesCapacity());
		gauge(registry, "langfuse.queue.scores", "Scores queued or in flight", (stats) -> stats.scores().queueSize());
		gauge(registry, "langfuse.queue.scores.capacity", "Most scores the score queue holds",
				(stats) -> stats.scores().queueCapacity());
		gauge(registry, "langfuse.queue.scores.bytes", "Estimated bytes of scores queued or in flight",
				(stats) -> stats.scores().queueBytes());
		gauge(registry, "langfuse.queue.scores.bytes.capacity", "Most estimated bytes the score queue holds",
				(stats) -> stats.scores().queueBytesCapacity());
		counter(registry, "langfuse.observations.started", "Observations started", LangfuseStats::observationsStarted);
		counter(registry, "langfuse.observations.sampled.out", "Observations not recorded by sampling",
				LangfuseStats::observationsSampledOut);
		counter(registry, "langfuse.captures.truncated", "Captured values cut at the size limit",
				LangfuseStats::capturesTruncated);
		bindMedia(registry);
		bindExport(registry, "spans", LangfuseStats::spans);
		bindExport(registry, "scores", LangfuseStats::scores);
	}

	private void bindExport(MeterRegistry registry, String kind, Function<LangfuseStats, ExportStats> export) {
		counter(registry, "langfuse." + kind + ".exported", "Items the server acknowledged",
				(stats) -> export.apply(stats).exported());
		counter(registry, "langfuse." + kind + ".retries", "Export attempts that were retries",
				(stats) -> export.apply(stats).retries());
		for (DropReason reason : DropReason.values()) {
			FunctionCounter.builder("langfuse." + kind + ".dropped", this.client,
					(client) -> export.apply(client.stats()).dropped().getOrDefault(reason.key(), 0L))
				.description("Items dropped instead of delivered")
				.tag("reason", reason.key())
				.register(registry);
		}
		for (String cause : FAILURE_CAUSES) {
			FunctionCounter.builder("langfuse." + kind + ".export.failures", this.client,
					(client) -> export.apply(client.stats()).failedExports().getOrDefault(cause, 0L))
				.description("Failed export attempts")
				.tag("cause", cause)
				.register(registry);
		}
	}

	private void bindMedia(MeterRegistry registry) {
		FunctionCounter.builder("langfuse.media.uploaded", this.client, (client) -> client.mediaStats().uploaded())
			.description("Media whose bytes were uploaded")
			.register(registry);
		for (String reason : MEDIA_SKIP_REASONS) {
			FunctionCounter.builder("langfuse.media.skipped", this.client,
					(client) -> client.mediaStats().skipped().getOrDefault(reason, 0L))
				.description("Media not uploaded on purpose")
				.tag("reason", reason)
				.register(registry);
		}
		for (String reason : MEDIA_DROP_REASONS) {
			FunctionCounter.builder("langfuse.media.dropped", this.client,
					(client) -> client.mediaStats().dropped().getOrDefault(reason, 0L))
				.description("Media left inline because the upload queue was full")
				.tag("reason", reason)
				.register(registry);
		}
		FunctionCounter.builder("langfuse.media.failed", this.client, (client) -> client.mediaStats().failedTotal())
			.description("Media whose upload failed; the reference is replaced by a marker")
			.register(registry);
		Gauge.builder("langfuse.media.queue", this.client, (client) -> client.mediaStats().queueSize())
			.description("Media waiting for or in upload")
			.register(registry);
		Gauge.builder("langfuse.media.queue.bytes", this.client, (client) -> client.mediaStats().queueBytes())
			.description("Bytes of media waiting for or in upload")
			.register(registry);
	}

	private void gauge(MeterRegistry registry, String name, String description,
			ToDoubleFunction<LangfuseStats> value) {
		Gauge.builder(name, this.client, (client) -> value.applyAsDouble(client.stats()))
			.description(description)
			.register(registry);
	}

	private void counter(MeterRegistry registry, String name, String description,
			ToDoubleFunction<LangfuseStats> value) {
		FunctionCounter.builder(name, this.client, (client) -> value.applyAsDouble(client.stats()))
			.description(description)
			.register(registry);
	}

}
