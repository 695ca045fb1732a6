package io.github.lfwire.langfuse;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.github.lfwire.langfuse.capture.CaptureSettings;
import io.github.lfwire.langfuse.export.DropReason;
import io.github.lfwire.langfuse.export.ExportStats;
import io.github.lfwire.langfuse.semconv.LangfuseAttributes;
import io.github.lfwire.langfuse.testing.FakeLangfuseServer;
import io.github.lfwire.langfuse.testing.FakeResponse;
import io.github.lfwire.langfuse.testing.ReceivedSpan;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Values kept for the export thread count against the queue's byte bound while the server
 * is down: the queue stays within it, spans over it are dropped and counted, and the
 * books balance once the server answers again.
 */
class DeferredCaptureOutageTest {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private static final long MAX_QUEUE_BYTES = 8 * 1024;

	private static final int SPANS = 200;

	@Test
	void deferredValuesStayWithinTheQueuesByteBoundThroughAnOutageAndTheBooksBalance() {
		try (FakeLangfuseServer server = FakeLangfuseServer.start()) {
			FakeResponse[] unavailable = new FakeResponse[10_000];
			java.util.Arrays.fill(unavailable, FakeResponse.status(503));
			server.enqueueTraceResponses(unavailable);
			LangfuseClient client = LangfuseClient.create(server.clientConfig()
				.capture(CaptureSettings.builder().maxBytes(1024).build())
				.maxQueueBytes(MAX_QUEUE_BYTES)
				.wholeTraces(false)
				.retryInitialBackoff(Duration.ofMillis(10))
				.retryMaxBackoff(Duration.ofMillis(50))
				.maxRetries(1_000)
				.build());
			List<String> texts = new ArrayList<>();
			long mostBytes = 0;
			for (int i = 0; i < SPANS; i++) {
				if (i == SPANS / 2) {
					await().atMost(WAIT)
						.alias("the server has refused an export")
						.until(() -> client.stats().spans().consecutiveFailures() > 1);
				}
				String text = ("answer " + i + " ").repeat(60);
				texts.add(text);
				try (Observation observation = client.span("span-" + i)) {
					observation.input(text).output(List.of(text.substring(0, 100)));
				}
				mostBytes = Math.max(mostBytes, client.stats().spans().queueBytes());
			}
			ExportStats during = client.stats().spans();
			assertThat(during.exported()).isZero();
			assertThat(mostBytes).isPositive().isLessThanOrEqualTo(MAX_QUEUE_BYTES);
			assertThat(during.dropped().get(DropReason.QUEUE_BYTES_FULL)).isPositive();
			assertThat(client.capturing().deferred()).isEqualTo(2L * SPANS);

			server.reset();
			assertThat(client.flush(WAIT).success()).isTrue();
			LangfuseStats stats = client.stats();
			ExportStats spans = stats.spans();
			assertThat(stats.observationsStarted()).as("started = exported + dropped + pending")
				.isEqualTo(SPANS)
				.isEqualTo(
						spans.exported() + spans.droppedTotal() + spans.queueSize() + stats.observationsSampledOut());
			List<ReceivedSpan> received = server.spans();
			assertThat(received).hasSize((int) spans.exported()).isNotEmpty();
			for (ReceivedSpan span : received) {
				String text = texts.get(Integer.parseInt(span.name().substring("span-".length())));
				assertThat(span.attribute(LangfuseAttributes.OBSERVATION_INPUT)).isEqualTo("\"" + text + "\"");
				assertThat(span.attribute(LangfuseAttributes.OBSERVATION_OUTPUT))
					.isEqualTo("[\"" + text.substring(0, 100) + "\"]");
			}
			client.shutdown(WAIT);
		}
	}

}
