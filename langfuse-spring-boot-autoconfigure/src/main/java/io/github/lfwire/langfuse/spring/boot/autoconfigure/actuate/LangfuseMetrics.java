package io.github.lfwire.langfuse.spring.boot.autoconfigure.actuate;

import java.time.Duration;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

import io.github.lfwire.langfuse.LangfuseClient;
import io.github.lfwire.langfuse.LangfuseStats;
import io.github.lfwire.langfuse.export.DropReason;
import io.github.lfwire.langfuse.export.ExportStats;
import io.github.lfwire.langfuse.export.FailureCause;
import io.github.lfwire.langfuse.media.MediaDropReason;
import io.github.lfwire.langfuse.media.MediaSkipReason;
import io.github.lfwire.langfuse.media.MediaStats;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Micrometer meters for the Langfuse queue and counters.
 * <p>
 * Meters are read lazily, one by one, when the registry is scraped; they all read one
 * snapshot of the client's stats that is kept for {@link #SNAPSHOT_TTL}, so one scrape
 * takes one snapshot instead of one per meter.
 */
public class LangfuseMetrics implements MeterBinder {

	/**
	 * How long the meters reuse a snapshot of the stats: longer than a scrape, shorter
	 * than a scrape interval.
	 */
	static final Duration SNAPSHOT_TTL = Duration.ofSeconds(1);

	private final Snapshots snapshots;

	/** Creates the binder. */
	public LangfuseMetrics(LangfuseClient client) {
		this(client::stats, client::mediaStats, System::nanoTime);
	}

	LangfuseMetrics(Supplier<LangfuseStats> stats, Supplier<MediaStats> media, LongSupplier nanoClock) {
		this.snapshots = new Snapshots(stats, media, nanoClock);
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
			FunctionCounter
				.builder("langfuse." + kind + ".dropped", this.snapshots,
						(snapshots) -> export.apply(snapshots.stats()).dropped().getOrDefault(reason, 0L))
				.description("Items dropped instead of delivered")
				.tag("reason", reason.key())
				.register(registry);
		}
		for (FailureCause cause : FailureCause.values()) {
			FunctionCounter
				.builder("langfuse." + kind + ".export.failures", this.snapshots,
						(snapshots) -> export.apply(snapshots.stats()).failedExports().getOrDefault(cause, 0L))
				.description("Failed export attempts")
				.tag("cause", cause.key())
				.register(registry);
		}
	}

	private void bindMedia(MeterRegistry registry) {
		FunctionCounter.builder("langfuse.media.uploaded", this.snapshots, (snapshots) -> snapshots.media().uploaded())
			.description("Media whose bytes were uploaded")
			.register(registry);
		for (MediaSkipReason reason : MediaSkipReason.values()) {
			FunctionCounter
				.builder("langfuse.media.skipped", this.snapshots,
						(snapshots) -> snapshots.media().skipped().getOrDefault(reason, 0L))
				.description("Media not uploaded on purpose")
				.tag("reason", reason.key())
				.register(registry);
		}
		for (MediaDropReason reason : MediaDropReason.values()) {
			FunctionCounter
				.builder("langfuse.media.dropped", this.snapshots,
						(snapshots) -> snapshots.media().dropped().getOrDefault(reason, 0L))
				.description("Media left inline because the upload queue was full")
				.tag("reason", reason.key())
				.register(registry);
		}
		FunctionCounter.builder("langfuse.media.failed", this.snapshots, (snapshots) -> snapshots.media().failedTotal())
			.description("Media whose upload failed; the reference is replaced by a marker")
			.register(registry);
		Gauge.builder("langfuse.media.queue", this.snapshots, (snapshots) -> snapshots.media().queueSize())
			.description("Media waiting for or in upload")
			.register(registry);
		Gauge.builder("langfuse.media.queue.bytes", this.snapshots, (snapshots) -> snapshots.media().queueBytes())
			.description("Bytes of media waiting for or in upload")
			.register(registry);
	}

	private void gauge(MeterRegistry registry, String name, String description, ToDoubleFunction<LangfuseStats> value) {
		Gauge.builder(name, this.snapshots, (snapshots) -> value.applyAsDouble(snapshots.stats()))
			.description(description)
			.register(registry);
	}

	private void counter(MeterRegistry registry, String name, String description,
			ToDoubleFunction<LangfuseStats> value) {
		FunctionCounter.builder(name, this.snapshots, (snapshots) -> value.applyAsDouble(snapshots.stats()))
			.description(description)
			.register(registry);
	}

	/**
	 * The client's stats and media stats, each taken at most once per
	 * {@link #SNAPSHOT_TTL}.
	 */
	static final class Snapshots {

		private final Supplier<LangfuseStats> statsSource;

		private final Supplier<MediaStats> mediaSource;

		private final LongSupplier nanoClock;

		private LangfuseStats stats;

		private long statsTakenAt;

		private MediaStats media;

		private long mediaTakenAt;

		Snapshots(Supplier<LangfuseStats> statsSource, Supplier<MediaStats> mediaSource, LongSupplier nanoClock) {
			this.statsSource = statsSource;
			this.mediaSource = mediaSource;
			this.nanoClock = nanoClock;
		}

		synchronized LangfuseStats stats() {
			long now = this.nanoClock.getAsLong();
			if (this.stats == null || now - this.statsTakenAt >= SNAPSHOT_TTL.toNanos()) {
				this.stats = this.statsSource.get();
				this.statsTakenAt = now;
			}
			return this.stats;
		}

		synchronized MediaStats media() {
			long now = this.nanoClock.getAsLong();
			if (this.media == null || now - this.mediaTakenAt >= SNAPSHOT_TTL.toNanos()) {
				this.media = this.mediaSource.get();
				this.mediaTakenAt = now;
			}
			return this.media;
		}

	}

}
