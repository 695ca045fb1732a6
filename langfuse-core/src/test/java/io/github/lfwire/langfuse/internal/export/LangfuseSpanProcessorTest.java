package io.github.lfwire.langfuse.internal.export;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.lfwire.langfuse.export.DropReason;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LangfuseSpanProcessorTest {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private final List<String> sized = new CopyOnWriteArrayList<>();

	private SpanDestinations destinations;

	@AfterEach
	void shutdown() {
		if (this.destinations != null) {
			this.destinations.langfuse().shutdown(Duration.ofSeconds(1));
			this.destinations.shutdownAdded(Duration.ofSeconds(1));
		}
	}

	@Test
	void shouldCountASpanForAFullQueueWithoutSizingItWhenLangfuseIsTheOnlyDestination() {
		endSpans(List.of(), "a", "b", "c", "d");
		assertThat(this.sized).containsExactly("a", "b");
		assertThat(this.destinations.langfuse().stats().enqueued()).isEqualTo(2);
		assertThat(this.destinations.langfuse().stats().dropped()).containsEntry(DropReason.QUEUE_FULL, 2L);
		assertThat(this.destinations.langfuse().flush(WAIT).delivered()).isEqualTo(2);
	}

	@Test
	void shouldStillHandEverySpanToAnAddedDestinationWithRoomWhileLangfuseIsFull() {
		InMemorySpanExporter added = InMemorySpanExporter.create();
		endSpans(List.of(added), "a", "b", "c", "d");
		assertThat(this.sized).containsExactly("a", "b", "c", "d");
		assertThat(this.destinations.langfuse().stats().dropped()).containsEntry(DropReason.QUEUE_FULL, 2L);
		assertThat(this.destinations.flushAdded(WAIT).delivered()).isEqualTo(4);
		assertThat(added.getFinishedSpanItems()).extracting(SpanData::getName).containsExactly("a", "b", "c", "d");
	}

	private void endSpans(List<SpanExporter> added, String... names) {
		PipelineSettings settings = new PipelineSettings("spans", "the test", 10, Duration.ofHours(1), 2, 1_000_000,
				1.0, Duration.ofSeconds(5), 0, Duration.ofMillis(100), Duration.ofSeconds(1), "maxItems", "maxBytes");
		PipelineSettings roomy = new PipelineSettings("added", "the test", 10, Duration.ofHours(1), 100, 1_000_000, 1.0,
				Duration.ofSeconds(5), 0, Duration.ofMillis(100), Duration.ofSeconds(1), "maxItems", "maxBytes");
		ExportPipeline<SpanData> langfuse = new ExportPipeline<>(settings, new DeliveringSender(), (span) -> {
			this.sized.add(span.getName());
			return LangfuseSpanProcessor.estimateBytes(span);
		}, (delay) -> true, Clock.systemUTC());
		this.destinations = SpanDestinations.create(langfuse, added, (name) -> roomy);
		try (SdkTracerProvider provider = SdkTracerProvider.builder()
			.addSpanProcessor(this.destinations.spanProcessor(WAIT))
			.build()) {
			for (String name : names) {
				provider.get("test").spanBuilder(name).startSpan().end();
			}
		}
	}

	private static final class DeliveringSender implements BatchSender<SpanData> {

		@Override
		public byte[] encode(List<SpanData> batch) {
			return new byte[batch.size()];
		}

		@Override
		public SendOutcome send(byte[] body) {
			return SendOutcome.delivered(0);
		}

	}

}
