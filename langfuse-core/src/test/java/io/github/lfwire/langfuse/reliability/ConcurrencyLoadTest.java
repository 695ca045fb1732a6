package io.github.lfwire.langfuse.reliability;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import io.github.lfwire.langfuse.LangfuseClient;
import io.github.lfwire.langfuse.LangfuseConfig;
import io.github.lfwire.langfuse.LangfuseStats;
import io.github.lfwire.langfuse.Observation;
import io.github.lfwire.langfuse.testing.FakeLangfuseServer;
import io.github.lfwire.langfuse.testing.ReceivedSpan;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 8 threads, 100,000 observations each, nested 3 deep: every parent link intact and no
 * context leaked. The queue holds every observation, and its high-water mark is the whole
 * queue, so that no trace is refused.
 */
class ConcurrencyLoadTest {

	private static final int THREADS = 8;

	private static final int OBSERVATIONS_PER_THREAD = 100_002;

	private static final long MAX_QUEUE_BYTES = 512L * 1024 * 1024;

	@Test
	void shouldKeepEveryParentLinkAndLeakNoContextUnderConcurrentLoad() throws Exception {
		try (FakeLangfuseServer server = FakeLangfuseServer.start()) {
			LangfuseClient client = LangfuseClient.create(server.clientConfig()
				.maxQueueSize(THREADS * OBSERVATIONS_PER_THREAD)
				.maxQueueBytes(MAX_QUEUE_BYTES)
				.highWaterMark(1.0)
				.flushAt(2048)
				.build());
			ExecutorService pool = Executors.newFixedThreadPool(THREADS);
			AtomicLong peakQueueBytes = new AtomicLong();
			List<Future<Integer>> work = new ArrayList<>();
			for (int t = 0; t < THREADS; t++) {
				String worker = "worker-" + t;
				work.add(pool.submit(() -> {
					int wrongParents = 0;
					for (int i = 0; i < OBSERVATIONS_PER_THREAD / 3; i++) {
						try (Observation root = client.span("root")) {
							root.trace().userId(worker);
							try (Observation child = client.span("child")) {
								try (Observation leaf = client.span("leaf")) {
									if (Observation.current() != leaf || !leaf.traceId().equals(root.traceId())) {
										wrongParents++;
									}
								}
								if (Observation.current() != child) {
									wrongParents++;
								}
							}
						}
						if ((i & 1023) == 0) {
							peakQueueBytes.accumulateAndGet(client.stats().spans().queueBytes(), Math::max);
						}
					}
					return wrongParents;
				}));
			}
			for (Future<Integer> future : work) {
				assertThat(future.get()).isZero();
			}
			for (int i = 0; i < THREADS * 4; i++) {
				assertThat(pool.submit(Observation::current).get()).isSameAs(Observation.noop());
			}
			pool.shutdown();

			assertThat(client.flush(Duration.ofSeconds(120)).success()).isTrue();
			LangfuseStats stats = client.stats();
			System.out.printf("Load figures: exported=%d dropped=%d peakQueueBytes=%d/%d%n", stats.spans().exported(),
					stats.spans().droppedTotal(), peakQueueBytes.get(), MAX_QUEUE_BYTES);
			int expected = THREADS * OBSERVATIONS_PER_THREAD;
			assertThat(stats.spans().exported()).isEqualTo(expected);
			assertThat(stats.spans().droppedTotal()).isZero();
			assertThat(peakQueueBytes.get()).isLessThanOrEqualTo(MAX_QUEUE_BYTES);
			List<ReceivedSpan> spans = server.awaitSpans(expected, Duration.ofSeconds(60));
			assertThat(spans).hasSize(expected);
			assertThat(server.parentLinkViolations()).isEmpty();
			Map<String, List<ReceivedSpan>> traces = server.traces();
			assertThat(traces).hasSize(expected / 3);
			assertThat(traces.values()).allSatisfy((trace) -> {
				assertThat(trace).hasSize(3);
				assertThat(trace).extracting((span) -> span.attribute("user.id"))
					.containsOnly(trace.get(0).attribute("user.id"));
			});
			client.shutdown(Duration.ofSeconds(5));
		}
	}

}
