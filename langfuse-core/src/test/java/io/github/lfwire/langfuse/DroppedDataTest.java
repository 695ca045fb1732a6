package io.github.lfwire.langfuse;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Collectors;

import io.github.lfwire.langfuse.export.DropReason;
import io.github.lfwire.langfuse.internal.export.ExportPipeline;
import io.github.lfwire.langfuse.export.ExportStats;
import io.github.lfwire.langfuse.testing.FakeLangfuseServer;
import io.github.lfwire.langfuse.testing.FakeResponse;
import io.github.lfwire.langfuse.testing.OwnLogRecords;
import io.github.lfwire.langfuse.testing.OwnThreads;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Dropped spans and scores are logged once per episode with counts and the setting to
 * change.
 */
class DroppedDataTest {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private FakeLangfuseServer server;

	private LangfuseClient client;

	@RegisterExtension
	final OwnThreads threads = new OwnThreads();

	private final OwnLogRecords handler = new OwnLogRecords(this.threads);

	private final Logger exportLogger = Logger.getLogger(ExportPipeline.class.getName());

	@BeforeEach
	void start() {
		this.exportLogger.addHandler(this.handler);
		this.server = FakeLangfuseServer.start();
	}

	@AfterEach
	void stop() {
		if (this.client != null) {
			this.client.shutdown(Duration.ofMillis(500));
		}
		await().atMost(WAIT).until(() -> exportThreads().isEmpty());
		this.server.close();
		this.exportLogger.removeHandler(this.handler);
	}

	private Set<String> exportThreads() {
		return this.threads.started()
			.stream()
			.filter((name) -> name.startsWith("langfuse-export-"))
			.collect(Collectors.toSet());
	}

	private LangfuseClient client(UnaryOperator<LangfuseConfig.Builder> customizer) {
		LangfuseConfig.Builder builder = this.server.clientConfig()
			.flushInterval(Duration.ofMillis(20))
			.retryInitialBackoff(Duration.ofMillis(10))
			.retryMaxBackoff(Duration.ofMillis(40))
			.maxRetries(1000);
		this.client = LangfuseClient.create(customizer.apply(builder).build());
		return this.client;
	}

	private List<String> logged(String fragment) {
		return this.handler.atLeast(Level.INFO)
			.stream()
			.map(LogRecord::getMessage)
			.filter((message) -> message.contains(fragment))
			.toList();
	}

	@Test
	void shouldLogSpansDroppedOnAFullQueueOncePerEpisodeWithTheTotalAndTheSetting() {
		LangfuseClient langfuse = client((builder) -> builder.maxQueueSize(10).flushAt(10));
		this.server.stop();
		try (Observation root = langfuse.span("root")) {
			for (int i = 0; i < 100; i++) {
				langfuse.span("op-" + i).close();
			}
		}
		await().atMost(WAIT).until(() -> !logged("Langfuse dropped").isEmpty());
		assertThat(logged("Langfuse dropped").get(0)).contains("spans because the queue was full",
				"over the limit of 10 spans, raise exportMaxQueueSize");
		await().during(Duration.ofMillis(1500)).atMost(WAIT).until(() -> logged("queue accepts again").isEmpty());
		this.server.restart();
		assertThat(langfuse.flush(WAIT).success()).isTrue();
		await().atMost(WAIT).until(() -> !logged("queue accepts again").isEmpty());
		assertThat(logged("queue accepts again")).singleElement()
			.asString()
			.contains("Langfuse spans queue accepts again; in total it dropped 91 spans", "raise exportMaxQueueSize");
		assertThat(logged("Langfuse dropped")).hasSize(1);
		assertThat(langfuse.stats().spans().dropped()).containsEntry(DropReason.QUEUE_FULL, 91L);
	}

	@Test
	void shouldLogRefusedTracesOncePerEpisodeAndTheTotalOnlyOnceTheQueueIsBackUnderTheMark() {
		LangfuseClient langfuse = client((builder) -> builder.maxQueueSize(10).flushAt(10));
		this.server.stop();
		for (int i = 0; i < 20; i++) {
			try (Observation root = langfuse.span("op-" + i)) {
				langfuse.span("child").close();
			}
		}
		await().atMost(WAIT).until(() -> !logged("Langfuse refused").isEmpty());
		assertThat(logged("Langfuse refused")).singleElement()
			.asString()
			.contains("new traces whole at their root", "high-water mark of 80% (exportHighWaterMark)");
		await().during(Duration.ofMillis(1500))
			.atMost(WAIT)
			.alias("no refusal for a second, but the queue is still above its mark")
			.until(() -> logged("queue accepts again").isEmpty());
		this.server.restart();
		assertThat(langfuse.flush(WAIT).success()).isTrue();
		await().atMost(WAIT).until(() -> !logged("queue accepts again").isEmpty());
		assertThat(logged("queue accepts again")).singleElement()
			.asString()
			.contains("in total it refused 16 new traces whole at their root (32 spans)");
		assertThat(langfuse.stats().spans().tracesRefused()).isEqualTo(16);
	}

	@Test
	void shouldLogTheEpisodeTotalWhenShutdownEndsItWhileTheQueueIsStillFull() {
		LangfuseClient langfuse = client((builder) -> builder.maxQueueSize(10).flushAt(10));
		this.client = null;
		this.server.stop();
		try (Observation root = langfuse.span("root")) {
			for (int i = 0; i < 30; i++) {
				langfuse.span("op-" + i).close();
			}
		}
		langfuse.shutdown(Duration.ofMillis(300));
		await().atMost(WAIT).until(() -> !logged("spans queue closed by shutdown").isEmpty());
		assertThat(logged("spans queue closed by shutdown")).singleElement()
			.asString()
			.contains("dropped 21 spans because the queue was full", "raise exportMaxQueueSize");
	}

	@Test
	void shouldLogScoresDroppedOnTheirFullQueueNamingTheScoreSetting() {
		LangfuseClient langfuse = client((builder) -> builder.maxScoreQueueSize(3));
		this.server.stop();
		for (int i = 0; i < 10; i++) {
			langfuse.score(Score.numeric("quality", i).traceId("0af7651916cd43dd8448eb211c80319c"));
		}
		await().atMost(WAIT).until(() -> !logged("Langfuse dropped").isEmpty());
		await().during(Duration.ofMillis(1500))
			.atMost(WAIT)
			.alias("the queue is still full while the server is down")
			.until(() -> logged("queue accepts again").isEmpty());
		this.server.restart();
		await().atMost(WAIT).until(() -> !logged("queue accepts again").isEmpty());
		assertThat(logged("Langfuse dropped")).singleElement()
			.asString()
			.contains("scores because the queue was full", "raise exportMaxScoreQueueSize");
		assertThat(logged("queue accepts again")).singleElement().asString().contains("dropped 7 scores");
	}

	@Test
	void shouldLogSpansLostAfterRetriesOncePerOutageAndCountThemOnRecovery() {
		LangfuseClient langfuse = client((builder) -> builder.maxRetries(1).flushAt(1));
		FakeResponse[] unavailable = new FakeResponse[6];
		java.util.Arrays.fill(unavailable, FakeResponse.status(503));
		this.server.enqueueTraceResponses(unavailable);
		for (int i = 0; i < 3; i++) {
			langfuse.span("lost-" + i).close();
		}
		langfuse.flush(WAIT);
		langfuse.span("delivered").close();
		assertThat(langfuse.flush(WAIT).success()).isTrue();
		assertThat(logged("failed export attempts")).singleElement().asString().contains("raise exportMaxRetries");
		assertThat(logged("recovered after")).singleElement().asString().contains("3 spans were dropped");
	}

	@Test
	void shouldBoundScoresApartFromSpans() {
		LangfuseClient langfuse = client((builder) -> builder.maxQueueSize(10).flushAt(10).maxScoreQueueSize(20));
		this.server.stop();
		for (int i = 0; i < 100; i++) {
			langfuse.span("op-" + i).close();
		}
		for (int i = 0; i < 25; i++) {
			langfuse.score(Score.numeric("quality", i).traceId("0af7651916cd43dd8448eb211c80319c"));
		}
		ExportStats spans = langfuse.stats().spans();
		ExportStats scores = langfuse.stats().scores();
		assertThat(spans.queueCapacity()).isEqualTo(10);
		assertThat(spans.dropped()).as("8 traces fill the queue to its high-water mark of 80%")
			.containsEntry(DropReason.TRACE_REFUSED, 92L);
		assertThat(spans.tracesRefused()).isEqualTo(92);
		assertThat(scores.queueCapacity()).isEqualTo(20);
		assertThat(scores.queueBytesCapacity()).isEqualTo(4L * 1024 * 1024);
		assertThat(scores.enqueued()).isEqualTo(20);
		assertThat(scores.dropped()).containsEntry(DropReason.QUEUE_FULL, 5L);
	}

}
