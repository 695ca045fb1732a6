package io.github.lfwire.langfuse.spring.boot.autoconfigure.actuate;

import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.github.lfwire.langfuse.LangfuseClient;
import io.github.lfwire.langfuse.LangfuseConfig;
import io.github.lfwire.langfuse.LangfuseStats;
import io.github.lfwire.langfuse.export.DropReason;
import io.github.lfwire.langfuse.export.ExportStats;
import io.github.lfwire.langfuse.export.FailureCause;
import io.github.lfwire.langfuse.spring.boot.autoconfigure.actuate.LangfuseEndpoint.LangfuseDescriptor;
import io.github.lfwire.langfuse.stats.Stat;
import io.github.lfwire.langfuse.stats.StatGroup;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LangfuseMetricsTest {

	private final LangfuseClient client = LangfuseClient.create(LangfuseConfig.builder().build());

	private final AtomicLong nanoTime = new AtomicLong();

	private final AtomicInteger statsSnapshots = new AtomicInteger();

	private final AtomicInteger mediaSnapshots = new AtomicInteger();

	@AfterEach
	void close() {
		this.client.close();
	}

	private SimpleMeterRegistry bind(LangfuseStats stats) {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		new LangfuseMetrics(() -> {
			this.statsSnapshots.incrementAndGet();
			return stats;
		}, () -> {
			this.mediaSnapshots.incrementAndGet();
			return this.client.mediaStats();
		}, this.nanoTime::get).bindTo(registry);
		return registry;
	}

	private static void scrape(SimpleMeterRegistry registry) {
		for (Meter meter : registry.getMeters()) {
			meter.measure().forEach((measurement) -> measurement.getValue());
		}
	}

	@Test
	void shouldTakeOneSnapshotPerScrape() {
		SimpleMeterRegistry registry = bind(this.client.stats());
		assertThat(registry.getMeters()).hasSizeGreaterThan(30);
		scrape(registry);
		assertThat(this.statsSnapshots).hasValue(1);
		assertThat(this.mediaSnapshots).hasValue(1);
		this.nanoTime.addAndGet(LangfuseMetrics.SNAPSHOT_TTL.toNanos() - 1);
		scrape(registry);
		assertThat(this.statsSnapshots).hasValue(1);
		this.nanoTime.addAndGet(1);
		scrape(registry);
		assertThat(this.statsSnapshots).hasValue(2);
		assertThat(this.mediaSnapshots).hasValue(2);
	}

	@Test
	void shouldShowEveryFailureCauseAndDropReasonOfBothPipelines() {
		LangfuseStats stats = new LangfuseStats(true, null, 0, 0, 0, 0, numbered(), numbered());
		SimpleMeterRegistry registry = bind(stats);
		for (String kind : new String[] { "spans", "scores" }) {
			for (FailureCause cause : FailureCause.values()) {
				FunctionCounter counter = registry.find("langfuse." + kind + ".export.failures")
					.tag("cause", cause.key())
					.functionCounter();
				assertThat(counter).as(kind + " " + cause.key()).isNotNull();
				assertThat(counter.count()).as(kind + " " + cause.key()).isEqualTo(100 + cause.ordinal());
			}
			for (DropReason reason : DropReason.values()) {
				FunctionCounter counter = registry.find("langfuse." + kind + ".dropped")
					.tag("reason", reason.key())
					.functionCounter();
				assertThat(counter).as(kind + " " + reason.key()).isNotNull();
				assertThat(counter.count()).as(kind + " " + reason.key()).isEqualTo(reason.ordinal());
			}
		}
	}

	@Test
	@SuppressWarnings("unchecked")
	void shouldShowEveryFailureCauseAndDropReasonInEndpoint() {
		LangfuseDescriptor status = new LangfuseEndpoint(this.client, java.time.Duration.ofSeconds(1)).status();
		for (Map<String, Object> export : List.of(status.spans(), status.scores())) {
			String kind = (export == status.spans()) ? "spans" : "scores";
			Map<String, Long> failures = (Map<String, Long>) export.get("exportFailures");
			Map<String, Long> dropped = (Map<String, Long>) export.get("dropped");
			for (FailureCause cause : FailureCause.values()) {
				assertThat(failures).as(kind).containsEntry(cause.key(), 0L);
			}
			for (DropReason reason : DropReason.values()) {
				assertThat(dropped).as(kind).containsEntry(reason.key(), 0L);
			}
		}
	}

	@Test
	void shouldBindAMeterForEveryStatTheEndpointShows() {
		SimpleMeterRegistry registry = bind(this.client.stats());
		LangfuseDescriptor status = new LangfuseEndpoint(this.client, java.time.Duration.ofSeconds(1)).status();
		List<StatGroup> groups = new java.util.ArrayList<>(this.client.stats().describe());
		groups.add(this.client.mediaStats().describe());
		for (StatGroup group : groups) {
			for (Stat stat : group.stats()) {
				assertThat(registry.find(group.meterName(stat)).meters()).as(group.meterName(stat)).isNotEmpty();
			}
		}
		assertThat(status.spans()).containsKeys(this.client.stats()
			.describe()
			.stream()
			.filter((group) -> group.name().equals("spans"))
			.flatMap((group) -> group.stats().stream())
			.map(Stat::name)
			.toArray(String[]::new));
		assertThat(registry.find("langfuse.scores.queue.bytes.capacity").gauge()).isNotNull();
	}

	private static ExportStats numbered() {
		Map<DropReason, Long> dropped = new EnumMap<>(DropReason.class);
		for (DropReason reason : DropReason.values()) {
			dropped.put(reason, (long) reason.ordinal());
		}
		Map<FailureCause, Long> failures = new EnumMap<>(FailureCause.class);
		for (FailureCause cause : FailureCause.values()) {
			failures.put(cause, 100L + cause.ordinal());
		}
		return new ExportStats(0, 0, dropped, failures, 0, 0, 1, 0, 1, Instant.EPOCH, null, null, 0);
	}

}
