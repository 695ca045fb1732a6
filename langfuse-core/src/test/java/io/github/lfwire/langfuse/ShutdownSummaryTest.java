package io.github.lfwire.langfuse;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import io.github.lfwire.langfuse.export.DropReason;
import io.github.lfwire.langfuse.testing.FakeLangfuseServer;
import io.github.lfwire.langfuse.testing.FakeResponse;
import io.github.lfwire.langfuse.testing.OwnLogRecords;
import io.github.lfwire.langfuse.testing.OwnThreads;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shutdown summary accounts for every span, score and media by kind since the start,
 * and the client logs it once, unless its caller took it to log it itself.
 */
class ShutdownSummaryTest {

	private static final Duration WAIT = Duration.ofSeconds(10);

	@RegisterExtension
	final OwnThreads threads = new OwnThreads();

	private final OwnLogRecords logged = new OwnLogRecords(this.threads);

	private final Logger clientLogger = Logger.getLogger(LangfuseClient.class.getName());

	private FakeLangfuseServer server;

	@BeforeEach
	void start() {
		this.clientLogger.addHandler(this.logged);
		this.server = FakeLangfuseServer.start();
	}

	@AfterEach
	void stop() {
		this.clientLogger.removeHandler(this.logged);
		this.server.close();
	}

	private static FakeResponse[] unavailable(int n) {
		FakeResponse[] responses = new FakeResponse[n];
		Arrays.fill(responses, FakeResponse.status(503));
		return responses;
	}

	private List<String> summaryLines() {
		return this.logged.records()
			.stream()
			.map(LogRecord::getMessage)
			.filter((message) -> message.startsWith("Langfuse shutdown: "))
			.toList();
	}

	@Test
	void shouldAccountForEverySpanAndScoreDroppedBeforeOrLostAtShutdownDuringAnOutage() {
		this.server.enqueueTraceResponses(unavailable(10_000));
		this.server.enqueueIngestionResponses(unavailable(10_000));
		LangfuseClient client = LangfuseClient.create(this.server.clientConfig()
			.maxQueueSize(10)
			.flushAt(10)
			.maxRetries(1000)
			.retryInitialBackoff(Duration.ofMillis(20))
			.retryMaxBackoff(Duration.ofMillis(20))
			.build());
		try (Observation turn = client.span("turn")) {
			turn.scoreTrace(Score.numeric("quality", 0));
			for (int i = 1; i < 25; i++) {
				try (Observation observation = client.span("op-" + i)) {
					observation.scoreTrace(Score.numeric("quality", i));
				}
			}
		}
		client.score(Score.text("bad", "x".repeat(501)));

		ShutdownSummary summary = client.shutdownWithSummary(Duration.ofMillis(300));

		assertThat(summary.lossless()).isFalse();
		assertThat(summary.result().timedOut()).isTrue();
		assertThat(summary.kinds()).extracting(ShutdownSummary.Kind::name).containsExactly("spans", "scores", "media");
		ShutdownSummary.Kind spans = summary.kinds().get(0);
		assertThat(spans.total()).as(summary.toString() + " " + client.stats().spans()).isEqualTo(25);
		assertThat(spans.delivered()).isZero();
		assertThat(spans.dropped()).containsOnlyKeys(DropReason.QUEUE_FULL.key());
		assertThat(spans.droppedTotal()).isEqualTo(15);
		assertThat(spans.lostAtShutdown()).isEqualTo(10);
		ShutdownSummary.Kind scores = summary.kinds().get(1);
		assertThat(scores.total()).isEqualTo(26);
		assertThat(scores.delivered()).isZero();
		assertThat(scores.dropped()).containsExactly(Map.entry("invalid", 1L));
		assertThat(scores.lostAtShutdown()).as("the score queue has room for all").isEqualTo(25);
		assertThat(summary.kinds().get(2).total()).as("no media captured").isZero();
		assertThat(spans.message())
			.startsWith("Langfuse shutdown: 25 spans since start: 0 delivered to Langfuse at " + this.server.baseUrl())
			.endsWith(", 15 dropped (queue_full 15), 10 lost at shutdown"
					+ " (still queued or being sent when the shutdown timeout of 300ms ended)");
		assertThat(scores.message()).contains("26 scores since start: 0 delivered",
				"1 dropped (invalid 1), 25 lost at shutdown");
		assertThat(summaryLines()).as("left to the caller to log").isEmpty();
		assertThat(client.shutdown(WAIT)).isEqualTo(FlushResult.NONE);
		assertThat(summaryLines()).as("shut down once, logged by nobody else").isEmpty();
	}

	@Test
	void shouldLogTheSummaryOnceWhenNobodyTookIt() {
		LangfuseClient client = LangfuseClient.create(this.server.clientConfig().build());
		for (int i = 0; i < 3; i++) {
			try (Observation observation = client.span("op-" + i)) {
				observation.scoreTrace(Score.numeric("quality", i));
			}
		}

		FlushResult result = client.shutdown(WAIT);
		client.shutdown(WAIT);

		assertThat(result.success()).isTrue();
		assertThat(summaryLines()).hasSize(3).allSatisfy((line) -> assertThat(line).contains("0 lost at shutdown"));
		assertThat(summaryLines().get(0)).contains("3 spans since start: 3 delivered", "0 dropped");
		assertThat(summaryLines().get(1)).contains("3 scores since start: 3 delivered", "0 dropped");
		assertThat(summaryLines().get(2)).contains("0 media since start");
		assertThat(this.logged.records()).filteredOn((record) -> record.getMessage().startsWith("Langfuse shutdown: "))
			.extracting(LogRecord::getLevel)
			.containsOnly(Level.INFO);
		assertThat(client.shutdownWithSummary(WAIT)).isEqualTo(ShutdownSummary.NONE);
	}

	@Test
	void shouldWarnForTheKindThatLostItemsOnly() {
		this.server.stop();
		LangfuseClient client = LangfuseClient.create(this.server.clientConfig().maxRetries(100).build());
		client.span("lost").close();

		client.shutdown(Duration.ofMillis(200));

		List<LogRecord> lines = this.logged.records()
			.stream()
			.filter((record) -> record.getMessage().startsWith("Langfuse shutdown: "))
			.toList();
		assertThat(lines).extracting(LogRecord::getLevel).containsExactly(Level.WARNING, Level.INFO, Level.INFO);
		assertThat(lines.get(0).getMessage()).contains("1 spans since start: 0 delivered", "1 lost at shutdown");
		assertThat(lines.get(1).getMessage()).contains("0 scores since start");
	}

}
