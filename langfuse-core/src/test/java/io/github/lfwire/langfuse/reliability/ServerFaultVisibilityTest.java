package io.github.lfwire.langfuse.reliability;

import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import io.github.lfwire.langfuse.export.DropReason;
import io.github.lfwire.langfuse.export.FailureCause;
import io.github.lfwire.langfuse.LangfuseClient;
import io.github.lfwire.langfuse.LangfuseConfig;
import io.github.lfwire.langfuse.Observation;
import io.github.lfwire.langfuse.Score;
import io.github.lfwire.langfuse.ServerHealth;
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
 * Faults are counted, visible in the stats, and logged once per episode; bad server data
 * never breaks anything.
 */
class ServerFaultVisibilityTest {

	@RegisterExtension
	final OwnThreads threads = new OwnThreads();

	private final OwnLogRecords handler = new OwnLogRecords(this.threads);

	private FakeLangfuseServer server;

	@BeforeEach
	void start() {
		Logger.getLogger("").addHandler(this.handler);
		this.server = FakeLangfuseServer.start();
	}

	@AfterEach
	void stop() {
		Logger.getLogger("").removeHandler(this.handler);
		this.server.close();
	}

	private LangfuseClient client() {
		return LangfuseClient.create(this.server.clientConfig()
			.flushAt(1)
			.retryInitialBackoff(Duration.ofMillis(5))
			.retryMaxBackoff(Duration.ofMillis(10))
			.build());
	}

	private List<LogRecord> logged(Level level) {
		return this.handler.records()
			.stream()
			.filter((record) -> record.getLevel().equals(level))
			.filter((record) -> record.getLoggerName() != null && record.getLoggerName().startsWith("io.github.lfwire"))
			.toList();
	}

	@Test
	void shouldLogAnOutageOnceAndItsRecoveryOnce() {
		LangfuseClient client = client();
		this.server.enqueueTraceResponses(FakeResponse.status(503), FakeResponse.status(500),
				FakeResponse.connectionReset(), FakeResponse.status(502), FakeResponse.retryAfter(429, "0"));
		for (int i = 0; i < 3; i++) {
			client.span("during-outage").close();
		}
		assertThat(client.flush(Duration.ofSeconds(10)).success()).isTrue();
		assertThat(client.stats().spans().failedExports()).containsEntry(FailureCause.HTTP_5XX, 3L)
			.containsEntry(FailureCause.NETWORK, 1L)
			.containsEntry(FailureCause.HTTP_429, 1L);
		assertThat(logged(Level.WARNING)).hasSize(1);
		assertThat(logged(Level.INFO)).extracting(LogRecord::getMessage)
			.anySatisfy((message) -> assertThat(message).contains("recovered after 5 failed attempt(s)"));
		client.shutdown(Duration.ofSeconds(2));
	}

	@Test
	void shouldNotRetrySuspendedIngestionAndSayWhy() {
		LangfuseClient client = client();
		this.server.enqueueTraceResponses(FakeResponse.status(403));
		client.span("suspended").close();
		assertThat(client.flush(Duration.ofSeconds(5)).failed()).isEqualTo(1);
		assertThat(this.server.traceRequests()).isEqualTo(1);
		assertThat(client.stats().spans().dropped()).containsEntry(DropReason.UNAUTHORIZED, 1L);
		assertThat(client.stats().spans().lastFailureCause()).isEqualTo(FailureCause.HTTP_403);
		assertThat(logged(Level.SEVERE)).singleElement()
			.extracting(LogRecord::getMessage)
			.asString()
			.contains(this.server.baseUrl(), "pk-lf-test", "403");
		client.shutdown(Duration.ofSeconds(2));
	}

	@Test
	void shouldTreatMalformedSuccessBodiesAsDeliveredWithoutFailing() {
		LangfuseClient client = client();
		this.server.enqueueTraceResponses(FakeResponse.malformedBody(200));
		this.server.enqueueIngestionResponses(FakeResponse.malformedBody(207));
		try (Observation observation = client.span("malformed")) {
			observation.scoreTrace(Score.numeric("s", 1));
		}
		assertThat(client.flush(Duration.ofSeconds(5)).success()).isTrue();
		assertThat(client.stats().spans().exported()).isEqualTo(1);
		assertThat(client.stats().scores().exported()).isEqualTo(1);
		assertThat(logged(Level.WARNING)).extracting(LogRecord::getMessage)
			.anySatisfy((message) -> assertThat(message).contains("not JSON", "unconfirmed"));
		client.shutdown(Duration.ofSeconds(2));
	}

	@Test
	void shouldReportHealthAnswersThatAreNotJsonOrNotOk() {
		LangfuseClient client = client();
		assertThat(client.serverHealth(Duration.ofSeconds(2))).extracting(ServerHealth::status, ServerHealth::version)
			.containsExactly(ServerHealth.Status.OK, "4.16.0");
		this.server.setHealthResponse(200, "<html>proxy error</html>");
		assertThat(client.serverHealth(Duration.ofSeconds(2)).status()).isEqualTo(ServerHealth.Status.INVALID);
		this.server.setHealthResponse(200, "{\"version\":\"4\"}");
		assertThat(client.serverHealth(Duration.ofSeconds(2)).status()).isEqualTo(ServerHealth.Status.INVALID);
		this.server.setHealthResponse(200, "{\"status\":\"DEGRADED\",\"version\":\"4.16.0\"}");
		assertThat(client.serverHealth(Duration.ofSeconds(2))).extracting(ServerHealth::status, ServerHealth::detail)
			.containsExactly(ServerHealth.Status.UNHEALTHY, "server reported status DEGRADED");
		this.server.setHealthResponse(503, "{\"status\":\"DOWN\"}");
		assertThat(client.serverHealth(Duration.ofSeconds(2))).extracting(ServerHealth::status, ServerHealth::detail)
			.containsExactly(ServerHealth.Status.UNHEALTHY, "HTTP 503");
		this.server.stop();
		assertThat(client.serverHealth(Duration.ofSeconds(2)).status()).isEqualTo(ServerHealth.Status.UNREACHABLE);
		client.shutdown(Duration.ofMillis(200));
	}

	@Test
	void shouldWarnAtStartupAboutPlainHttpToARemoteHost() {
		LangfuseClient client = LangfuseClient.create(LangfuseConfig.builder()
			.host("http://langfuse.internal.example:3000")
			.publicKey("pk-lf-x")
			.secretKey("sk-lf-x")
			.build());
		assertThat(logged(Level.WARNING)).extracting(LogRecord::getMessage)
			.anySatisfy((message) -> assertThat(message).contains("plain HTTP", "langfuse.internal.example"));
		client.shutdown(Duration.ofMillis(100));
		this.handler.clear();
		client().shutdown(Duration.ofMillis(100));
		assertThat(logged(Level.WARNING)).isEmpty();
	}

	@Test
	void shouldLogHowManySpansWereLostWhenShuttingDownWithTheServerDown() {
		LangfuseClient client = LangfuseClient.create(this.server.clientConfig().maxRetries(100).build());
		this.server.stop();
		for (int i = 0; i < 4; i++) {
			client.span("lost").close();
		}
		client.shutdown(Duration.ofMillis(300));
		assertThat(logged(Level.WARNING)).extracting(LogRecord::getMessage)
			.anySatisfy((message) -> assertThat(message).contains("4 spans since start: 0 delivered",
					"4 lost at shutdown", "still queued or being sent when the shutdown timeout of 300ms ended"));
	}

}
