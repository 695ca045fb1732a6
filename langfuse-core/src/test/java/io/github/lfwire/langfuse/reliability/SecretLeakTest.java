package io.github.lfwire.langfuse.reliability;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import io.github.lfwire.langfuse.LangfuseClient;
import io.github.lfwire.langfuse.LangfuseConfig;
import io.github.lfwire.langfuse.Observation;
import io.github.lfwire.langfuse.Score;
import io.github.lfwire.langfuse.config.LangfuseConfigException;
import io.github.lfwire.langfuse.testing.FakeLangfuseServer;
import io.github.lfwire.langfuse.testing.FakeResponse;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reads everything a full run prints, logs, captures and reports, and finds no secret key
 * in it.
 */
class SecretLeakTest {

	private static final String WRONG_SECRET = "sk-lf-WRONG-0a1b2c3d4e5f";

	@Test
	void shouldNeverRevealTheSecretKey() throws Exception {
		List<String> seen = new CopyOnWriteArrayList<>();
		Handler handler = new Handler() {
			@Override
			public void publish(LogRecord record) {
				seen.add(String.valueOf(record.getMessage()) + " "
						+ List.of(record.getParameters() != null ? record.getParameters() : new Object[0]) + " "
						+ stackOf(record.getThrown()));
			}

			@Override
			public void flush() {
			}

			@Override
			public void close() {
			}
		};
		Logger root = Logger.getLogger("");
		Level previousLevel = root.getLevel();
		Logger starter = Logger.getLogger("io.github.lfwire");
		Level previousStarterLevel = starter.getLevel();
		root.addHandler(handler);
		root.setLevel(Level.ALL);
		starter.setLevel(Level.ALL);
		PrintStream out = System.out;
		PrintStream err = System.err;
		ByteArrayOutputStream console = new ByteArrayOutputStream();
		System.setOut(new PrintStream(console, true, StandardCharsets.UTF_8));
		System.setErr(new PrintStream(console, true, StandardCharsets.UTF_8));
		try (FakeLangfuseServer server = FakeLangfuseServer.start()) {
			for (String secret : List.of(FakeLangfuseServer.SECRET_KEY, WRONG_SECRET)) {
				LangfuseConfig config = LangfuseConfig.builder()
					.host(server.baseUrl())
					.publicKey(FakeLangfuseServer.PUBLIC_KEY)
					.secretKey(secret)
					.flushInterval(Duration.ofMillis(20))
					.retryInitialBackoff(Duration.ofMillis(10))
					.retryMaxBackoff(Duration.ofMillis(20))
					.maxRetries(1)
					.build();
				LangfuseClient client = LangfuseClient.create(config);
				server.enqueueTraceResponses(FakeResponse.status(500), FakeResponse.connectionReset());
				String traceOutput;
				try (Observation observation = client.span("secrets")) {
					observation.input(Map.of("apiKey", secret, "nested", Map.of("authorization", "Basic " + secret)));
					observation.metadata("client", client.toString());
					observation.score(Score.text("note", "fine"));
					traceOutput = observation.toString();
				}
				client.flush(Duration.ofSeconds(5));
				seen.add(config.toString());
				seen.add(client.toString());
				seen.add(traceOutput);
				seen.add(client.stats().toString());
				seen.add(String.valueOf(client.stats().spans().lastError()));
				seen.add(client.serverHealth(Duration.ofSeconds(2)).toString());
				client.shutdown(Duration.ofSeconds(2));
				for (var span : server.spans()) {
					seen.add(span.toString());
				}
			}
			try {
				LangfuseConfig.fromEnvironment(Map.of("LANGFUSE_SECRET_KEY", WRONG_SECRET, "LANGFUSE_FLUSH_AT", "x"));
			}
			catch (LangfuseConfigException ex) {
				seen.add(stackOf(ex));
			}
		}
		finally {
			System.setOut(out);
			System.setErr(err);
			root.removeHandler(handler);
			root.setLevel(previousLevel);
			starter.setLevel(previousStarterLevel);
		}
		seen.add(console.toString(StandardCharsets.UTF_8));
		assertThat(seen).isNotEmpty();
		assertThat(String.join("\n", seen)).contains("pk-lf-test")
			.doesNotContain(FakeLangfuseServer.SECRET_KEY)
			.doesNotContain(WRONG_SECRET);
	}

	private static String stackOf(Throwable error) {
		if (error == null) {
			return "";
		}
		java.io.StringWriter text = new java.io.StringWriter();
		error.printStackTrace(new java.io.PrintWriter(text));
		return text.toString();
	}

}
