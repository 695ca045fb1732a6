package io.github.lfwire.langfuse.internal.export;

import java.io.IOException;
import java.lang.reflect.Modifier;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.lfwire.langfuse.export.DropReason;
import io.github.lfwire.langfuse.export.ExportStats;
import io.github.lfwire.langfuse.export.FailureCause;
import io.github.lfwire.langfuse.testing.OwnThreads;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ExportPipelineTest {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");

	private final List<Duration> waits = new CopyOnWriteArrayList<>();

	private final ScriptedSender sender = new ScriptedSender();

	private ExportPipeline<String> pipeline;

	@AfterEach
	void shutdown() {
		if (this.pipeline != null) {
			this.pipeline.shutdown(Duration.ofSeconds(1));
		}
	}

	private ExportPipeline<String> pipeline(int maxRetries) {
		return pipeline(maxRetries, Duration.ofMillis(100), Duration.ofSeconds(1));
	}

	private ExportPipeline<String> pipeline(int maxRetries, Duration initialBackoff, Duration maxBackoff) {
		PipelineSettings settings = new PipelineSettings("items", "the test", 10, Duration.ofHours(1), 100, 10_000, 1.0,
				Duration.ofSeconds(5), maxRetries, initialBackoff, maxBackoff, "maxItems", "maxBytes");
		this.pipeline = new ExportPipeline<>(settings, this.sender, String::length, (delay) -> this.waits.add(delay),
				Clock.fixed(NOW, ZoneOffset.UTC));
		return this.pipeline;
	}

	@Test
	void shouldWaitRetryAfterOfServerThenBackoffBetweenAttempts() {
		ExportPipeline<String> pipeline = pipeline(5);
		this.sender.answers(SendOutcome.ofStatus(429, Duration.ofSeconds(7), 0), SendOutcome.ofStatus(503, null, 0),
				SendOutcome.delivered(0));
		pipeline.offer("a");
		ExportResult result = pipeline.flush(WAIT);
		assertThat(result.delivered()).isEqualTo(1);
		assertThat(this.waits).hasSize(2);
		assertThat(this.waits.get(0)).isEqualTo(Duration.ofSeconds(7));
		assertThat(this.waits.get(1)).isBetween(Duration.ofMillis(100), Duration.ofMillis(200));
		ExportStats stats = pipeline.stats();
		assertThat(stats.retries()).isEqualTo(2);
		assertThat(stats.failedExports()).containsEntry(FailureCause.HTTP_429, 1L)
			.containsEntry(FailureCause.HTTP_5XX, 1L);
		assertThat(stats.lastSuccessfulExport()).isEqualTo(NOW);
		assertThat(stats.consecutiveFailures()).isZero();
	}

	@Test
	void shouldProbeEveryTwoSecondsOfALongBackoffAndRetryOnceTheDestinationAnswers() {
		ExportPipeline<String> pipeline = pipeline(5, Duration.ofSeconds(30), Duration.ofSeconds(30));
		this.sender.answers(SendOutcome.ofStatus(503, null, 0), SendOutcome.delivered(0));
		this.sender.probes(false, false, true);
		pipeline.offer("a");
		assertThat(pipeline.flush(WAIT).delivered()).isEqualTo(1);
		assertThat(this.waits).as("three probe intervals of a backoff of at least 15 s")
			.containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(2));
		assertThat(this.sender.probed).isEqualTo(3);
		assertThat(this.sender.sent).isEqualTo(2);
		assertThat(pipeline.stats().retries()).isOne();
	}

	@Test
	void shouldNotProbeWhileWaitingTheRetryAfterOfTheServer() {
		ExportPipeline<String> pipeline = pipeline(5, Duration.ofSeconds(30), Duration.ofSeconds(30));
		this.sender.answers(SendOutcome.ofStatus(503, Duration.ofSeconds(20), 0), SendOutcome.delivered(0));
		this.sender.probes(true);
		pipeline.offer("a");
		assertThat(pipeline.flush(WAIT).delivered()).isEqualTo(1);
		assertThat(this.waits).containsExactly(Duration.ofSeconds(20));
		assertThat(this.sender.probed).isZero();
	}

	@Test
	void shouldCountEachQueuedItemOnceAndEachDropByReason() {
		ExportPipeline<String> pipeline = pipeline(0);
		this.sender.answers(SendOutcome.ofStatus(500, null, 0));
		pipeline.offer("a");
		pipeline.offer("b");
		ExportResult result = pipeline.flush(WAIT);
		assertThat(result.failed()).isEqualTo(2);
		ExportStats stats = pipeline.stats();
		assertThat(stats.enqueued()).isEqualTo(2);
		assertThat(stats.exported()).isZero();
		assertThat(stats.dropped()).containsEntry(DropReason.RETRIES_EXHAUSTED, 2L);
		assertThat(stats.dropped().keySet()).containsExactly(DropReason.values());
		assertThat(stats.failedExports().keySet()).containsExactly(FailureCause.values());
		assertThat(stats.lastFailureCause()).isEqualTo(FailureCause.HTTP_5XX);
		assertThat(stats.lastError()).startsWith(NOW.toString()).contains("answered HTTP 500");
		assertThat(this.waits).isEmpty();
	}

	@Test
	void shouldSendWithoutWaitingForTheIntervalOnceHalfTheByteBoundIsQueued() {
		PipelineSettings settings = new PipelineSettings("items", "the test", 512, Duration.ofHours(1), 100, 1_000, 1.0,
				Duration.ofSeconds(5), 0, Duration.ofMillis(100), Duration.ofSeconds(1), "maxItems", "maxBytes");
		this.pipeline = new ExportPipeline<>(settings, this.sender, String::length, (delay) -> this.waits.add(delay),
				Clock.fixed(NOW, ZoneOffset.UTC));
		this.pipeline.offer("x".repeat(300));
		assertThat(this.pipeline.offer("y".repeat(300))).isTrue();

		org.awaitility.Awaitility.await().atMost(WAIT).until(() -> this.pipeline.stats().exported() == 2);
		for (int i = 0; i < 20; i++) {
			assertThat(this.pipeline.offer("z".repeat(300))).as("item %d: the queue keeps moving", i).isTrue();
			int sent = i + 3;
			org.awaitility.Awaitility.await().atMost(WAIT).until(() -> this.pipeline.stats().exported() >= sent - 1);
		}
		assertThat(this.pipeline.stats().dropped().values().stream().mapToLong(Long::longValue).sum()).isZero();
	}

	@Test
	void shouldCountAnItemRefusedWhenFullAsAnOfferRefusedThen() {
		PipelineSettings settings = new PipelineSettings("items", "the test", 10, Duration.ofHours(1), 2, 10_000, 1.0,
				Duration.ofSeconds(5), 0, Duration.ofMillis(100), Duration.ofSeconds(1), "maxItems", "maxBytes");
		List<String> sized = new CopyOnWriteArrayList<>();
		this.pipeline = new ExportPipeline<>(settings, this.sender, (item) -> {
			sized.add(item);
			return item.length();
		}, (delay) -> this.waits.add(delay), Clock.fixed(NOW, ZoneOffset.UTC));
		assertThat(this.pipeline.refuseIfFull()).isFalse();
		assertThat(this.pipeline.offer("a")).isTrue();
		assertThat(this.pipeline.offer("b")).isTrue();
		assertThat(this.pipeline.offer("c")).isFalse();
		assertThat(this.pipeline.refuseIfFull()).isTrue();
		assertThat(sized).containsExactly("a", "b", "c");
		ExportStats stats = this.pipeline.stats();
		assertThat(stats.enqueued()).isEqualTo(2);
		assertThat(stats.dropped()).containsEntry(DropReason.QUEUE_FULL, 2L);
		assertThat(stats.queueSize()).isEqualTo(2);
		this.sender.answers(SendOutcome.delivered(0));
		assertThat(this.pipeline.flush(WAIT).delivered()).isEqualTo(2);
		assertThat(this.pipeline.refuseIfFull()).isFalse();
		this.pipeline.shutdown(Duration.ofSeconds(1));
		assertThat(this.pipeline.refuseIfFull()).isTrue();
		assertThat(this.pipeline.stats().dropped()).containsEntry(DropReason.SHUTDOWN, 1L);
	}

	@Test
	void shouldTurnExceptionsIntoCauses() {
		ExportPipeline<String> pipeline = pipeline(2);
		this.sender.failures(new HttpTimeoutException("slow"), new IOException("reset"), null);
		pipeline.offer("a");
		assertThat(pipeline.flush(WAIT).delivered()).isEqualTo(1);
		assertThat(pipeline.stats().failedExports()).containsEntry(FailureCause.TIMEOUT, 1L)
			.containsEntry(FailureCause.NETWORK, 1L);
	}

	@Test
	void shouldDropBatchThatCannotBeEncodedAsEncodeFailure() {
		ExportPipeline<String> pipeline = pipeline(2);
		this.sender.encodeFails = true;
		pipeline.offer("a");
		assertThat(pipeline.flush(WAIT).failed()).isEqualTo(1);
		assertThat(pipeline.stats().failedExports()).containsEntry(FailureCause.ENCODE, 1L);
		assertThat(pipeline.stats().dropped()).containsEntry(DropReason.REJECTED, 1L);
	}

	@Test
	void shouldDropBatchOnUnexpectedSenderFailureAsInternal() {
		ExportPipeline<String> pipeline = pipeline(2);
		this.sender.failures(new IllegalStateException("bug"));
		pipeline.offer("a");
		assertThat(pipeline.flush(WAIT).failed()).isEqualTo(1);
		assertThat(pipeline.stats().failedExports()).containsEntry(FailureCause.INTERNAL, 1L);
		assertThat(this.waits).isEmpty();
	}

	@Test
	void shouldNotStartThreadBeforeFirstItem() throws Exception {
		OwnThreads threads = new OwnThreads();
		ExportPipeline<String> pipeline = threads.call(() -> pipeline(0));
		assertThat(threads.call(() -> pipeline.flush(WAIT)).timedOut()).isFalse();
		assertThat(threads.started()).isEmpty();
		assertThat(this.sender.sent).isZero();

		threads.run(() -> pipeline.offer("a"));
		assertThat(threads.started()).containsExactly("langfuse-export-items");
	}

	@Test
	void shouldKeepSendersProcessorAndPipelinePartsPackagePrivate() {
		for (Class<?> type : List.of(OtlpSpanSender.class, ConsoleTraceSender.class, LangfuseSpanProcessor.class,
				ExportBuffer.class, ExportWorker.class, BatchDelivery.class, ExportCounters.class, ExportLog.class,
				OverflowLog.class, EpisodeLog.class)) {
			assertThat(Modifier.isPublic(type.getModifiers())).as(type.getSimpleName()).isFalse();
		}
	}

	private static final class ScriptedSender implements BatchSender<String> {

		private final Deque<Object> script = new ArrayDeque<>();

		private volatile boolean encodeFails;

		private volatile int sent;

		private final Deque<Boolean> probeAnswers = new ArrayDeque<>();

		private volatile int probed;

		synchronized void probes(Boolean... answers) {
			this.probeAnswers.addAll(List.of(answers));
		}

		@Override
		public synchronized boolean probe() {
			this.probed++;
			return !this.probeAnswers.isEmpty() && this.probeAnswers.poll();
		}

		synchronized void answers(SendOutcome... outcomes) {
			this.script.addAll(List.of(outcomes));
		}

		synchronized void failures(Exception... failures) {
			for (Exception failure : failures) {
				this.script.add((failure != null) ? failure : SendOutcome.delivered(0));
			}
		}

		@Override
		public byte[] encode(List<String> batch) throws IOException {
			if (this.encodeFails) {
				throw new IOException("cannot encode");
			}
			return String.join(",", new ArrayList<>(batch)).getBytes();
		}

		@Override
		public synchronized SendOutcome send(byte[] body) throws IOException {
			this.sent++;
			Object next = this.script.isEmpty() ? SendOutcome.delivered(0) : this.script.poll();
			if (next instanceof IOException ex) {
				throw ex;
			}
			if (next instanceof RuntimeException ex) {
				throw ex;
			}
			return (SendOutcome) next;
		}

	}

}
