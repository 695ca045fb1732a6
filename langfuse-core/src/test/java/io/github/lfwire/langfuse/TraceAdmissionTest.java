package io.github.lfwire.langfuse;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

import io.github.lfwire.langfuse.export.DropReason;
import io.github.lfwire.langfuse.export.ExportStats;
import io.github.lfwire.langfuse.testing.FakeLangfuseServer;
import io.github.lfwire.langfuse.testing.ReceivedSpan;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Traces are admitted or refused whole at their root by the span queue's high-water mark;
 * a refused trace's spans and scores are counted, an admitted one keeps the room above
 * the mark.
 */
class TraceAdmissionTest {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private FakeLangfuseServer server;

	private LangfuseClient client;

	private SdkTracerProvider appTracing;

	@BeforeEach
	void start() {
		this.server = FakeLangfuseServer.start();
		this.appTracing = SdkTracerProvider.builder().build();
	}

	@AfterEach
	void stop() {
		if (this.client != null) {
			this.client.shutdown(Duration.ofSeconds(2));
		}
		this.appTracing.close();
		this.server.close();
	}

	private LangfuseClient client(UnaryOperator<LangfuseConfig.Builder> customizer) {
		LangfuseConfig.Builder builder = this.server.clientConfig()
			.maxQueueSize(10)
			.flushAt(10)
			.highWaterMark(0.5)
			.flushInterval(Duration.ofMillis(20))
			.retryInitialBackoff(Duration.ofMillis(10))
			.retryMaxBackoff(Duration.ofMillis(40))
			.maxRetries(1000);
		this.client = LangfuseClient.create(customizer.apply(builder).build());
		return this.client;
	}

	private static void fill(LangfuseClient langfuse, int traces) {
		for (int i = 0; i < traces; i++) {
			langfuse.span("filler-" + i).close();
		}
	}

	private static void onOtherThread(Runnable task) {
		CompletableFuture.runAsync(task, (runnable) -> new Thread(runnable, "other-trace").start()).join();
	}

	@Test
	void shouldAdmitEveryTraceAndDropSpansOneByOneWhenWholeTracesAreOff() {
		LangfuseClient langfuse = client((config) -> config.wholeTraces(false));
		this.server.stop();
		fill(langfuse, 12);
		try (Observation late = langfuse.span("late")) {
			assertThat(late.isRecording()).as("admitted above the mark").isTrue();
		}
		LangfuseStats stats = langfuse.stats();
		assertThat(stats.spans().tracesRefused()).isZero();
		assertThat(stats.spans().dropped()).containsEntry(DropReason.TRACE_REFUSED, 0L)
			.containsEntry(DropReason.QUEUE_FULL, 3L);
		assertThat(stats.spans().queueSize()).isEqualTo(10);
	}

	@Test
	void shouldRefuseNewTraceWholeAboveTheMarkAndKeepTheRoomForTheTraceAlreadyAdmitted() {
		LangfuseClient langfuse = client(UnaryOperator.identity());
		this.server.stop();
		AtomicReference<String> refusedTraceId = new AtomicReference<>();
		try (Observation admitted = langfuse.span("admitted")) {
			onOtherThread(() -> fill(langfuse, 5));
			assertThat(langfuse.stats().spans().queueSize()).as("the queue is at its mark of 5").isEqualTo(5);
			onOtherThread(() -> {
				try (Observation refused = langfuse.span("refused-root")) {
					refusedTraceId.set(refused.traceId());
					assertThat(refused.isRecording()).isFalse();
					try (Observation child = langfuse.generation("refused-child")) {
						child.model("m").input("question").output("answer");
						child.score(Score.numeric("quality", 1));
						assertThat(child.isRecording()).isFalse();
					}
					langfuse.event("refused-event").close();
					refused.scoreTrace(Score.categorical("verdict", "good"));
				}
			});
			for (int i = 0; i < 3; i++) {
				langfuse.span("admitted-child-" + i).close();
			}
			admitted.score(Score.numeric("quality", 0.5));
		}
		LangfuseStats stats = langfuse.stats();
		assertThat(stats.spans().tracesRefused()).isOne();
		assertThat(stats.spans().dropped()).containsEntry(DropReason.TRACE_REFUSED, 3L)
			.containsEntry(DropReason.QUEUE_FULL, 0L)
			.containsEntry(DropReason.QUEUE_BYTES_FULL, 0L);
		assertThat(stats.spans().queueSize()).as("5 fillers, 3 children and the root of the admitted trace")
			.isEqualTo(9);
		assertThat(stats.scores().dropped()).containsEntry(DropReason.TRACE_REFUSED, 2L);
		assertThat(stats.describe()).filteredOn((group) -> group.name().equals("spans"))
			.singleElement()
			.satisfies((spans) -> {
				assertThat(spans.stat("tracesRefused").value()).isOne();
				assertThat(spans.meterName(spans.stat("tracesRefused"))).isEqualTo("langfuse.spans.traces.refused");
				assertThat(spans.stat("dropped").count("trace_refused")).isEqualTo(3);
			});

		this.server.restart();
		assertThat(langfuse.flush(WAIT).success()).isTrue();
		LangfuseStats after = langfuse.stats();
		assertThat(after.observationsStarted())
			.isEqualTo(after.spans().exported() + after.spans().droppedTotal() + after.observationsSampledOut());
		assertThat(this.server.spans()).extracting(ReceivedSpan::name)
			.contains("admitted", "admitted-child-0", "admitted-child-1", "admitted-child-2")
			.noneMatch((name) -> name.startsWith("refused"));
		assertThat(this.server.spans()).extracting(ReceivedSpan::traceId).doesNotContain(refusedTraceId.get());
		assertThat(this.server.awaitScores(1, WAIT)).singleElement()
			.satisfies((score) -> assertThat(score.name()).isEqualTo("quality"));
		this.server.assertContractRespected();
	}

	@Test
	void shouldAdmitNewTracesAgainOnceTheQueueDrainsBelowTheMark() {
		LangfuseClient langfuse = client(UnaryOperator.identity());
		this.server.stop();
		fill(langfuse, 5);
		try (Observation refused = langfuse.span("refused")) {
			assertThat(refused.isRecording()).isFalse();
		}
		this.server.restart();
		assertThat(langfuse.flush(WAIT).success()).isTrue();
		try (Observation admitted = langfuse.span("admitted")) {
			assertThat(admitted.isRecording()).isTrue();
		}
		assertThat(langfuse.flush(WAIT).success()).isTrue();
		assertThat(this.server.spans()).extracting(ReceivedSpan::name).contains("admitted").doesNotContain("refused");
	}

	@Test
	void shouldGiveEveryRootOfAJoinedApplicationTraceTheDecisionOfItsFirstRoot() {
		LangfuseClient langfuse = client((builder) -> builder.applicationTrace(ApplicationTrace.JOIN));
		this.server.stop();
		Span admittedRequest = this.appTracing.get("app").spanBuilder("GET /admitted").startSpan();
		try (Scope ignored = admittedRequest.makeCurrent()) {
			langfuse.span("admitted-first").close();
		}
		fill(langfuse, 4);
		Span refusedRequest = this.appTracing.get("app").spanBuilder("GET /refused").startSpan();
		try (Scope ignored = refusedRequest.makeCurrent()) {
			try (Observation first = langfuse.span("refused-first")) {
				assertThat(first.isRecording()).isFalse();
			}
		}
		try (Scope ignored = admittedRequest.makeCurrent()) {
			langfuse.span("admitted-second").close();
		}
		this.server.restart();
		assertThat(langfuse.flush(WAIT).success()).isTrue();
		try (Scope ignored = refusedRequest.makeCurrent()) {
			try (Observation second = langfuse.span("refused-second")) {
				assertThat(second.isRecording()).as("the trace's first root was refused, the queue is empty now")
					.isFalse();
			}
		}
		assertThat(langfuse.flush(WAIT).success()).isTrue();
		admittedRequest.end();
		refusedRequest.end();
		ExportStats spans = langfuse.stats().spans();
		assertThat(spans.tracesRefused()).isOne();
		assertThat(spans.dropped()).containsEntry(DropReason.TRACE_REFUSED, 2L);
		Map<String, List<String>> byTrace = this.server.spans()
			.stream()
			.collect(Collectors.groupingBy(ReceivedSpan::traceId,
					Collectors.mapping(ReceivedSpan::name, Collectors.toList())));
		assertThat(byTrace.get(admittedRequest.getSpanContext().getTraceId()))
			.containsExactlyInAnyOrder("admitted-first", "admitted-second");
		assertThat(byTrace).doesNotContainKey(refusedRequest.getSpanContext().getTraceId());
	}

}
