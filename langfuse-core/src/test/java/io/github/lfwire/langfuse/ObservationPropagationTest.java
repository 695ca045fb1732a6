package io.github.lfwire.langfuse;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import io.github.lfwire.langfuse.testing.FakeLangfuseServer;
import io.github.lfwire.langfuse.testing.ReceivedSpan;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Carrying the current observation into work on threads it does not reach by itself. */
class ObservationPropagationTest {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private static final int TASKS = 16;

	private FakeLangfuseServer server;

	private LangfuseClient client;

	@BeforeEach
	void start() {
		this.server = FakeLangfuseServer.start();
		this.client = LangfuseClient.create(this.server.clientConfig().flushInterval(Duration.ofMillis(50)).build());
	}

	@AfterEach
	void stop() {
		this.client.shutdown(Duration.ofSeconds(2));
		this.server.close();
	}

	@Test
	void shouldNestParallelStreamWorkUnderTheCurrentObservationWithRun() {
		try (Observation root = this.client.span("root")) {
			root.trace().userId("user-7").sessionId("session-3");
			Observation parent = Observation.current();
			IntStream.range(0, TASKS).parallel().forEach((i) -> parent.run(() -> work(i)));
		}
		assertAllNestedUnderTheRoot(TASKS);
	}

	@Test
	void shouldNestParallelStreamResultsUnderTheCurrentObservationWithSupply() {
		List<Integer> results;
		try (Observation root = this.client.span("root")) {
			root.trace().userId("user-7").sessionId("session-3");
			Observation parent = Observation.current();
			results = IntStream.range(0, TASKS).parallel().boxed().map((i) -> parent.supply(() -> work(i))).toList();
		}
		assertThat(results).hasSize(TASKS);
		assertAllNestedUnderTheRoot(TASKS);
	}

	@Test
	void shouldCarryTheObservationIntoWrappedTasksOnAnyThread() throws Exception {
		ExecutorService executor = Executors.newFixedThreadPool(2);
		try (Observation root = this.client.span("root")) {
			root.trace().userId("user-7").sessionId("session-3");
			Runnable runnable = Observation.current().wrap(() -> {
				work(1);
			});
			Thread thread = new Thread(runnable);
			thread.start();
			thread.join(WAIT.toMillis());
			assertThat(executor.submit(Observation.current().wrap(() -> work(2))).get()).isEqualTo(2);
			executor.submit(runnable).get();
		}
		finally {
			executor.shutdown();
			assertThat(executor.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
		}
		assertAllNestedUnderTheRoot(3);
	}

	@Test
	void shouldCarryTheObservationCurrentAtSubmissionThroughAWrappedExecutor() throws Exception {
		ExecutorService executor = Observation.taskWrapping(Executors.newFixedThreadPool(2));
		try {
			try (Observation root = this.client.span("root")) {
				root.trace().userId("user-7").sessionId("session-3");
				for (int i = 0; i < 4; i++) {
					int task = i;
					assertThat(executor.submit(() -> work(task)).get()).isEqualTo(task);
				}
				executor.invokeAll(List.of(() -> work(4), () -> work(5)));
			}
			assertThat(executor.submit(Observation::current).get()).isSameAs(Observation.noop());
		}
		finally {
			executor.shutdown();
			assertThat(executor.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
		}
		assertAllNestedUnderTheRoot(6);
	}

	@Test
	void shouldRestoreWhatWasCurrentAfterRun() {
		try (Observation root = this.client.span("root")) {
			Observation.noop().run(() -> assertThat(Observation.current()).isSameAs(Observation.noop()));
			assertThat(Observation.current()).isSameAs(root);
		}
		assertThat(Observation.current()).isSameAs(Observation.noop());
	}

	private int work(int task) {
		try (Observation child = this.client.span("child-" + task)) {
			child.output(task);
		}
		return task;
	}

	private void assertAllNestedUnderTheRoot(int children) {
		assertThat(this.client.flush(WAIT).success()).isTrue();
		List<ReceivedSpan> spans = this.server.awaitSpans(children + 1, WAIT);
		assertThat(spans).hasSize(children + 1);
		ReceivedSpan root = spans.stream().filter(ReceivedSpan::isRoot).findFirst().orElseThrow();
		assertThat(root.name()).isEqualTo("root");
		assertThat(spans).filteredOn((span) -> span != root).hasSize(children).allSatisfy((span) -> {
			assertThat(span.traceId()).isEqualTo(root.traceId());
			assertThat(span.parentSpanId()).isEqualTo(root.spanId());
			assertThat(span.attribute("user.id")).isEqualTo("user-7");
			assertThat(span.attribute("session.id")).isEqualTo("session-3");
		});
	}

}
