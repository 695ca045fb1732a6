package io.github.lfwire.langfuse;

import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.CountDownLatch;

import io.github.lfwire.langfuse.export.DropReason;
import io.github.lfwire.langfuse.export.ExportSettings;
import io.github.lfwire.langfuse.export.ExportStats;
import io.github.lfwire.langfuse.export.FailureCause;
import io.github.lfwire.langfuse.testing.FakeLangfuseServer;
import io.github.lfwire.langfuse.testing.TestSpanExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class SpanDestinationsTest {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private static final int SPANS = 100;

	private final CountDownLatch release = new CountDownLatch(1);

	private final StalledExporter stalled = new StalledExporter(this.release);

	private final InMemorySpanExporter healthy = InMemorySpanExporter.create();

	private FakeLangfuseServer server;

	private LangfuseClient client;

	@BeforeEach
	void start() {
		this.server = FakeLangfuseServer.start();
		this.client = LangfuseClient.create(this.server.clientConfig()
			.flushAt(8)
			.flushInterval(Duration.ofMillis(20))
			.addSpanExporter(new ThrowingExporter())
			.addSpanExporter(this.stalled)
			.addSpanExporter(this.healthy)
			.build());
	}

	@AfterEach
	void stop() {
		this.release.countDown();
		this.client.shutdown(Duration.ofMillis(500));
		this.server.close();
	}

	@Test
	void shouldDeliverEverySpanToLangfuseWhileOneDestinationThrowsAndAnotherStalls() {
		observe(SPANS);
		assertThat(this.server.awaitSpans(SPANS, WAIT)).hasSize(SPANS);
		await().atMost(WAIT).untilAsserted(() -> assertThat(this.healthy.getFinishedSpanItems()).hasSize(SPANS));
		LangfuseStats stats = this.client.stats();
		assertThat(stats.spans().exported()).isEqualTo(SPANS);
		assertThat(stats.spans().droppedTotal()).isZero();
		assertThat(stats.destinations()).containsOnlyKeys("ThrowingExporter", "StalledExporter",
				"InMemorySpanExporter");
		await().atMost(WAIT).untilAsserted(() -> {
			ExportStats throwing = this.client.stats().destinations().get("ThrowingExporter");
			assertThat(throwing.dropped()).containsEntry(DropReason.DESTINATION_FAILED, (long) SPANS);
			assertThat(throwing.failedExports().get(FailureCause.EXPORTER_ERROR)).isPositive();
			assertThat(throwing.exported()).isZero();
		});
		assertThat(stats.destinations().get("InMemorySpanExporter").droppedTotal()).isZero();
		ExportStats stalledStats = stats.destinations().get("StalledExporter");
		assertThat(stalledStats.exported()).isZero();
		assertThat(stalledStats.queueSize()).isEqualTo(SPANS);
	}

	@Test
	void shouldCountWhatAStalledDestinationHoldsAsDroppedAtShutdown() {
		observe(SPANS);
		assertThat(this.server.awaitSpans(SPANS, WAIT)).hasSize(SPANS);
		await().atMost(WAIT).until(() -> this.stalled.calls > 0);
		FlushResult result = this.client.shutdown(Duration.ofMillis(300));
		assertThat(result.timedOut()).isTrue();
		await().atMost(WAIT).untilAsserted(() -> {
			ExportStats stalledStats = this.client.stats().destinations().get("StalledExporter");
			assertThat(stalledStats.droppedTotal()).isEqualTo(SPANS);
			assertThat(stalledStats.dropped().get(DropReason.SHUTDOWN)).isPositive();
		});
		assertThat(this.client.stats().spans().exported()).isEqualTo(SPANS);
		assertThat(this.client.stats().spans().droppedTotal()).isZero();
	}

	@Test
	void shouldFlushLangfuseAndReportAStalledDestinationAsTimedOut() {
		observe(SPANS);
		FlushResult result = this.client.flush(Duration.ofMillis(300));
		assertThat(result.timedOut()).isTrue();
		assertThat(this.server.awaitSpans(SPANS, WAIT)).hasSize(SPANS);
		assertThat(this.client.stats().spans().exported()).isEqualTo(SPANS);
	}

	@Test
	void shouldBoundAStalledDestinationByItsOwnQueueSize() {
		LangfuseClient bounded = LangfuseClient.create(this.server.clientConfig()
			.flushAt(8)
			.flushInterval(Duration.ofMillis(20))
			.export(ExportSettings.builder()
				.flushAt(8)
				.flushInterval(Duration.ofMillis(20))
				.destinationMaxQueueSize(10)
				.build())
			.addSpanExporter(new StalledExporter(this.release))
			.build());
		try {
			for (int i = 0; i < SPANS; i++) {
				bounded.span("op-" + i).close();
			}
			assertThat(this.server.awaitSpans(SPANS, WAIT)).hasSize(SPANS);
			ExportStats stalledStats = bounded.stats().destinations().get("StalledExporter");
			assertThat(stalledStats.queueCapacity()).isEqualTo(10);
			assertThat(stalledStats.dropped().get(DropReason.QUEUE_FULL)).isEqualTo(SPANS - 10L);
			assertThat(bounded.stats().spans().droppedTotal()).isZero();
		}
		finally {
			this.release.countDown();
			bounded.shutdown(Duration.ofMillis(500));
		}
	}

	@Test
	void shouldBoundAnAddedDestinationByItsOwnQueueSizeInConsoleMode() {
		LangfuseClient console = LangfuseClient.create(LangfuseConfig.builder()
			.consoleExport(true)
			.export(ExportSettings.builder().destinationMaxQueueSize(10).build())
			.addSpanExporter(new StalledExporter(this.release))
			.build());
		try {
			console.span("op").close();
			assertThat(console.stats().destinations().get("StalledExporter").queueCapacity()).isEqualTo(10);
		}
		finally {
			this.release.countDown();
			console.shutdown(Duration.ofMillis(500));
		}
	}

	private void observe(int count) {
		for (int i = 0; i < count; i++) {
			try (Observation observation = this.client.span("op-" + i)) {
				observation.input("input " + i);
			}
		}
	}

	private static final class ThrowingExporter extends TestSpanExporter {

		@Override
		public CompletableResultCode export(Collection<SpanData> spans) {
			throw new IllegalStateException("broken destination");
		}

		@Override
		public CompletableResultCode shutdown() {
			throw new IllegalStateException("broken destination");
		}

	}

	private static final class StalledExporter extends TestSpanExporter {

		private final CountDownLatch release;

		private volatile int calls;

		StalledExporter(CountDownLatch release) {
			this.release = release;
		}

		@Override
		public CompletableResultCode export(Collection<SpanData> spans) {
			this.calls++;
			try {
				this.release.await();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			return CompletableResultCode.ofFailure();
		}

	}

}
