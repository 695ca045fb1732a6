package io.github.lfwire.langfuse;

import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import io.github.lfwire.langfuse.testing.FakeLangfuseServer;
import io.github.lfwire.langfuse.testing.OwnLogRecords;
import io.github.lfwire.langfuse.testing.OwnThreads;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

class OutsideObservationWarningTest {

	private final Logger logger = Logger.getLogger(TraceAttributes.class.getName());

	@RegisterExtension
	final OwnThreads threads = new OwnThreads();

	private final OwnLogRecords handler = new OwnLogRecords(this.threads);

	private FakeLangfuseServer server;

	private LangfuseClient client;

	@BeforeEach
	void start() {
		this.logger.addHandler(this.handler);
		this.server = FakeLangfuseServer.start();
		this.client = LangfuseClient.create(this.server.clientConfig().build());
		try (Observation observation = this.client.span("before")) {
			observation.trace().userId("inside");
		}
	}

	@AfterEach
	void stop() {
		this.client.shutdown(Duration.ofSeconds(5));
		this.server.close();
		this.logger.removeHandler(this.handler);
	}

	private List<LogRecord> warnings() {
		return this.handler.atLeast(Level.WARNING);
	}

	@Test
	void shouldWarnOncePerCallSiteWhenIdsAreSetOutsideAnyObservation() {
		for (int i = 0; i < 3; i++) {
			setUserOutsideAnyObservation();
		}
		Observation.current().trace().sessionId("session-1");
		assertThat(warnings()).hasSize(2);
		assertThat(warnings().get(0).getMessage()).contains("userId", "setUserOutsideAnyObservation",
				"OutsideObservationWarningTest.java", "no Langfuse observation is current");
		assertThat(warnings().get(1).getMessage()).contains("sessionId",
				"shouldWarnOncePerCallSiteWhenIdsAreSetOutsideAnyObservation");
		assertThat(warnings()).allSatisfy((record) -> assertThat(record.getMessage()).doesNotContain("user-1"));
	}

	@Test
	void shouldNotWarnInsideAnObservationOrForASampledOutOne() {
		try (Observation observation = this.client.span("inside")) {
			Observation.current().trace().userId("user-2").sessionId("session-2");
		}
		LangfuseClient sampledOut = LangfuseClient.create(this.server.clientConfig().sampleRate(0.0).build());
		try (Observation observation = sampledOut.span("sampled out")) {
			Observation.current().trace().userId("user-3");
		}
		finally {
			sampledOut.shutdown(Duration.ofSeconds(5));
		}
		assertThat(warnings()).isEmpty();
	}

	private void setUserOutsideAnyObservation() {
		Observation.current().trace().userId("user-1");
	}

}
