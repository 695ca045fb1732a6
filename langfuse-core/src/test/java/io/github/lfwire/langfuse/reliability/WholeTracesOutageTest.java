package io.github.lfwire.langfuse.reliability;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.github.lfwire.langfuse.FlushResult;
import io.github.lfwire.langfuse.LangfuseClient;
import io.github.lfwire.langfuse.LangfuseStats;
import io.github.lfwire.langfuse.Observation;
import io.github.lfwire.langfuse.Score;
import io.github.lfwire.langfuse.export.DropReason;
import io.github.lfwire.langfuse.export.ExportStats;
import io.github.lfwire.langfuse.testing.FakeLangfuseServer;
import io.github.lfwire.langfuse.testing.ReceivedSpan;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An outage under concurrent traces with a small queue: traces arrive whole or not at
 * all, every refused trace and its scores are counted, the books balance, and export
 * resumes within 10 s of the server answering again although the retry backoff is 30 s.
 */
class WholeTracesOutageTest {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private static final Duration RECOVERY = Duration.ofSeconds(10);

	private static final int USERS = 4;

	private static final int CHILDREN = 3;

	private static final int SPANS_PER_TRACE = CHILDREN + 1;

	/** Room above the mark of 80: 20 spans, at least the 4 users' traces of 4 spans. */
	private static final int MAX_QUEUE_SIZE = 100;

	@Test
	void shouldKeepOrDropEveryTraceWholeThroughAnOutageAndResumeWithinTenSecondsOfRecovery() throws Exception {
		try (FakeLangfuseServer server = FakeLangfuseServer.start()) {
			LangfuseClient client = LangfuseClient.create(server.clientConfig()
				.flushAt(20)
				.flushInterval(Duration.ofMillis(50))
				.maxQueueSize(MAX_QUEUE_SIZE)
				.retryInitialBackoff(Duration.ofSeconds(30))
				.retryMaxBackoff(Duration.ofSeconds(30))
				.maxRetries(1_000)
				.build());
			AtomicBoolean running = new AtomicBoolean(true);
			AtomicLong tracesStarted = new AtomicLong();
			AtomicLong tracesRefused = new AtomicLong();
			List<Thread> users = new ArrayList<>();
			for (int u = 0; u < USERS; u++) {
				Thread user = new Thread(() -> {
					while (running.get()) {
						chat(client, tracesStarted, tracesRefused);
					}
				}, "user-" + u);
				users.add(user);
				user.start();
			}
			await().atMost(WAIT).until(() -> client.stats().spans().exported() > 0);
			server.stop();
			await().atMost(WAIT).until(() -> {
				ExportStats spans = client.stats().spans();
				return spans.consecutiveFailures() > 0 && spans.tracesRefused() >= 20;
			});
			await().pollDelay(Duration.ofSeconds(3))
				.atMost(WAIT)
				.alias("the outage lasts past the first probes, which fail")
				.until(() -> true);
			server.restart();
			long recoveredAt = System.nanoTime();
			long exportedAtRecovery = client.stats().spans().exported();
			await().atMost(RECOVERY).until(() -> client.stats().spans().exported() > exportedAtRecovery);
			long resumedAfterNanos = System.nanoTime() - recoveredAt;
			running.set(false);
			for (Thread user : users) {
				user.join();
			}

			FlushResult flushed = client.flush(WAIT);
			LangfuseStats stats = client.stats();
			ExportStats spans = stats.spans();
			System.out.printf(
					"Whole traces: started=%d refused=%d exported spans=%d dropped=%s scores dropped=%s"
							+ " export resumed %.1fs after recovery%n",
					tracesStarted.get(), tracesRefused.get(), spans.exported(), spans.dropped(),
					stats.scores().dropped(), resumedAfterNanos / 1e9);
			assertThat(flushed.success()).isTrue();
			Map<String, List<ReceivedSpan>> traces = server.traces();
			assertThat(traces.values()).as("traces received partial")
				.filteredOn((trace) -> trace.stream().map(ReceivedSpan::spanId).distinct().count() != SPANS_PER_TRACE
						|| trace.stream().noneMatch(ReceivedSpan::isRoot))
				.isEmpty();
			assertThat(traces).hasSize((int) (tracesStarted.get() - tracesRefused.get()));
			assertThat(tracesRefused.get()).isPositive();
			assertThat(spans.tracesRefused()).isEqualTo(tracesRefused.get());
			assertThat(spans.dropped()).containsEntry(DropReason.TRACE_REFUSED, tracesRefused.get() * SPANS_PER_TRACE)
				.containsEntry(DropReason.QUEUE_FULL, 0L)
				.containsEntry(DropReason.QUEUE_BYTES_FULL, 0L);
			assertThat(stats.scores().dropped()).containsEntry(DropReason.TRACE_REFUSED, tracesRefused.get());
			assertThat(stats.observationsStarted()).as("started = exported + dropped + pending")
				.isEqualTo(
						spans.exported() + spans.droppedTotal() + spans.queueSize() + stats.observationsSampledOut());
			assertThat(stats.scores().exported()).isEqualTo(tracesStarted.get() - tracesRefused.get());
			assertThat(server.scores().stream().map((score) -> score.traceId()).distinct())
				.allMatch(traces::containsKey);
			client.shutdown(Duration.ofSeconds(5));
		}
	}

	private static void chat(LangfuseClient client, AtomicLong started, AtomicLong refused) {
		try (Observation root = client.span("chat")) {
			started.incrementAndGet();
			if (!root.isRecording()) {
				refused.incrementAndGet();
			}
			root.input("question");
			for (int i = 0; i < CHILDREN; i++) {
				try (Observation child = client.generation("step-" + i)) {
					child.model("m").output("answer " + i);
				}
			}
			root.scoreTrace(Score.numeric("quality", 1));
		}
		try {
			Thread.sleep(1);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
