package io.github.lfwire.langfuse.reliability;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.github.lfwire.langfuse.FlushResult;
import io.github.lfwire.langfuse.LangfuseClient;
import io.github.lfwire.langfuse.LangfuseStats;
import io.github.lfwire.langfuse.Observation;
import io.github.lfwire.langfuse.export.DropReason;
import io.github.lfwire.langfuse.export.ExportStats;
import io.github.lfwire.langfuse.export.FailureCause;
import io.github.lfwire.langfuse.testing.FakeLangfuseServer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A server outage under steady load: calls never wait, memory stays bounded, the books
 * balance. The default run ends the outage as soon as the queue overflowed and exports
 * failed; the 30-second run is tagged {@code long}.
 */
class OutageTest {

	private static final Duration LONG_OUTAGE = Duration.ofSeconds(30);

	private static final Duration WAIT = Duration.ofSeconds(30);

	private static final long MAX_QUEUE_BYTES = 2L * 1024 * 1024;

	@Test
	void shouldBalanceBooksThroughOutageThatOverflowsQueueWithoutBlockingCallers() throws Exception {
		runOutage((client) -> await().atMost(WAIT).until(() -> {
			ExportStats spans = client.stats().spans();
			return spans.failedExports().get(FailureCause.NETWORK) >= 3 && spans.droppedTotal() > 0;
		}));
	}

	@Test
	@Tag("long")
	void shouldSurviveThirtySecondOutageWithoutBlockingCallersOrLosingCountOfAnything() throws Exception {
		runOutage((client) -> Thread.sleep(LONG_OUTAGE.toMillis()));
	}

	private void runOutage(Outage outage) throws Exception {
		try (FakeLangfuseServer server = FakeLangfuseServer.start()) {
			LangfuseClient client = LangfuseClient.create(server.clientConfig()
				.flushAt(100)
				.flushInterval(Duration.ofMillis(100))
				.maxQueueSize(2_000)
				.maxQueueBytes(MAX_QUEUE_BYTES)
				.captureMaxBytes(4096)
				.exportTimeout(Duration.ofSeconds(10))
				.retryInitialBackoff(Duration.ofMillis(200))
				.retryMaxBackoff(Duration.ofSeconds(2))
				.maxRetries(1_000)
				.build());
			AtomicBoolean running = new AtomicBoolean(true);
			AtomicLong slowestCallNanos = new AtomicLong();
			AtomicLong peakQueueBytes = new AtomicLong();
			String payload = "x".repeat(1500);
			Thread producer = new Thread(() -> {
				while (running.get()) {
					long start = System.nanoTime();
					try (Observation observation = client.span("steady")) {
						observation.input(payload).output(payload);
					}
					slowestCallNanos.accumulateAndGet(System.nanoTime() - start, Math::max);
					peakQueueBytes.accumulateAndGet(client.stats().spans().queueBytes(), Math::max);
					pace();
				}
			});
			producer.start();
			await().atMost(WAIT).until(() -> client.stats().spans().exported() > 0);
			server.stop();
			outage.last(client);
			long droppedDuringOutage = client.stats().spans().droppedTotal();
			server.restart();
			long exportedBeforeRecovery = client.stats().spans().exported();
			await().atMost(WAIT).until(() -> client.stats().spans().exported() > exportedBeforeRecovery);
			running.set(false);
			producer.join();

			FlushResult result = client.flush(WAIT);
			LangfuseStats stats = client.stats();
			System.out.printf(
					"Outage figures: started=%d exported=%d dropped=%s slowestCall=%.2fms peakQueueBytes=%d/%d%n",
					stats.observationsStarted(), stats.spans().exported(), stats.spans().dropped(),
					slowestCallNanos.get() / 1e6, peakQueueBytes.get(), MAX_QUEUE_BYTES);
			assertThat(result.success()).isTrue();
			assertThat(droppedDuringOutage).as("calls went on past the full queue while exports failed").isPositive();
			assertThat(peakQueueBytes.get()).isLessThanOrEqualTo(MAX_QUEUE_BYTES);
			assertThat(stats.spans().droppedTotal()).isPositive();
			assertThat(stats.spans().dropped().get(DropReason.TRACE_REFUSED))
				.as("every trace is one span, refused whole at its root above the high-water mark")
				.isEqualTo(stats.spans().droppedTotal())
				.isEqualTo(stats.spans().tracesRefused());
			assertThat(stats.spans().failedExports().get(FailureCause.NETWORK)).isPositive();
			assertThat(stats.observationsStarted())
				.isEqualTo(stats.spans().exported() + stats.spans().droppedTotal() + stats.observationsSampledOut());
			assertThat(server.spans().stream().map((span) -> span.traceId() + "/" + span.spanId()).distinct().count())
				.as("distinct spans the server stored (delivery is at least once: a batch whose answer the stop cut"
						+ " off is sent again)")
				.isEqualTo(stats.spans().exported());
			assertThat(server.violations())
				.as("contract violations other than batches sent again (delivery is at least once: on a loaded"
						+ " machine an answer can also outlast the export timeout, and the batch is retried)")
				.filteredOn((violation) -> !violation.contains("was received more than once"))
				.isEmpty();
			assertThat(server.parentLinkViolations()).isEmpty();
			assertThat(server.traceAttributeViolations()).isEmpty();
			client.shutdown(Duration.ofSeconds(5));
		}
	}

	private static void pace() {
		try {
			Thread.sleep(1);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@FunctionalInterface
	private interface Outage {

		void last(LangfuseClient client) throws Exception;

	}

}
