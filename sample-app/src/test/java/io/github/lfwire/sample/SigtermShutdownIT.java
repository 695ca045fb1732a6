package io.github.lfwire.sample;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.lfwire.langfuse.testing.FakeLangfuseServer;
import io.github.lfwire.langfuse.testing.FakeResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The packaged sample, run as a process against a Langfuse that answers 503 to every
 * export, accounts for every span and score by kind in its log after a SIGTERM: the
 * shutdown summary is written through Spring's logging before Spring Boot stops it.
 * <p>
 * Runs after {@code package} (bound to {@code integration-test}), since it needs the
 * executable jar.
 */
class SigtermShutdownIT {

	private static final Duration START_CEILING = Duration.ofSeconds(90);

	private static final Duration EXIT_CEILING = Duration.ofSeconds(60);

	private static final int CHATS = 5;

	/** What one chat turn records: see {@code ChatTracingTest.SPANS_PER_TURN}. */
	private static final int SPANS_PER_TURN = 17 + 4 * 4 + 2 + 1 + 3 + 1;

	private static final int SCORES_PER_TURN = 1;

	private static final Pattern STARTED = Pattern.compile("Tomcat started on port (\\d+)");

	private static final Pattern SUMMARY = Pattern.compile("Langfuse shutdown: (\\d+) (spans|scores|media) since start:"
			+ " (\\d+) delivered to .*?, (\\d+) dropped(?: \\(([^)]*)\\))?, (\\d+) lost at shutdown");

	@TempDir
	Path directory;

	private Path logFile;

	private FakeLangfuseServer langfuse;

	private Process process;

	@BeforeEach
	void startLangfuseThatIsDown() {
		this.langfuse = FakeLangfuseServer.start();
		FakeResponse[] unavailable = new FakeResponse[100_000];
		Arrays.fill(unavailable, FakeResponse.status(503));
		this.langfuse.enqueueTraceResponses(unavailable);
		this.langfuse.enqueueIngestionResponses(unavailable);
	}

	@AfterEach
	void stop() throws InterruptedException {
		if (this.process != null && this.process.isAlive()) {
			this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
		}
		this.langfuse.close();
	}

	@Test
	void shouldAccountForEverySpanAndScoreInTheLogAfterSigterm() throws Exception {
		startSample("--langfuse.export.max-queue-size=50", "--langfuse.export.flush-at=10",
				"--langfuse.shutdown.timeout=1s");
		int port = await().atMost(START_CEILING).until(this::port, (found) -> found > 0);
		HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
		for (int i = 0; i < CHATS; i++) {
			HttpResponse<String> response = http
				.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/chat"))
					.header("Content-Type", "application/json")
					.POST(HttpRequest.BodyPublishers.ofString("{\"userId\":\"grace\",\"sessionId\":\"sigterm-" + i
							+ "\",\"message\":\"How do I share a folder with my team?\"}"))
					.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		}

		assertThat(this.process.toHandle().destroy()).as("SIGTERM sent").isTrue();
		assertThat(this.process.waitFor(EXIT_CEILING.toSeconds(), TimeUnit.SECONDS)).as("exited after SIGTERM")
			.isTrue();

		Map<String, Books> books = books();
		assertThat(books).as(String.join("\n", log())).containsOnlyKeys("spans", "scores", "media");
		Books spans = books.get("spans");
		assertThat(spans.total()).isEqualTo(CHATS * SPANS_PER_TURN);
		assertThat(spans.delivered()).isEqualTo(this.langfuse.spans().size()).isZero();
		assertThat(spans.delivered() + spans.dropped() + spans.lost()).isEqualTo(spans.total());
		assertThat(spans.reasons()).as("traces refused whole before the shutdown are counted")
			.containsKey("trace_refused");
		assertThat(spans.reasons().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(spans.dropped());
		assertThat(spans.lost()).as("queued when the shutdown timeout ended").isPositive();
		Books scores = books.get("scores");
		assertThat(scores.total()).isEqualTo(CHATS * SCORES_PER_TURN);
		assertThat(scores.delivered()).isEqualTo(this.langfuse.scores().size()).isZero();
		assertThat(scores.delivered() + scores.dropped() + scores.lost()).isEqualTo(scores.total());
		assertThat(books.get("media").total()).as("no media in these chats").isZero();
	}

	private void startSample(String... arguments) throws IOException {
		Path jar = Path.of(System.getProperty("sample.exec.jar", "target/sample-app-0.1.0-SNAPSHOT-exec.jar"));
		assertThat(jar).as("the executable jar, built in the package phase").exists();
		List<String> command = new ArrayList<>(List.of(
				Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:TieredStopAtLevel=1",
				"-Xmx384m", "-jar", jar.toString(), "--server.port=0", "--langfuse.host=" + this.langfuse.baseUrl(),
				"--langfuse.public-key=" + FakeLangfuseServer.PUBLIC_KEY,
				"--langfuse.secret-key=" + FakeLangfuseServer.SECRET_KEY, "--sample.demo.conversations=0",
				"--sample.demo.screenshot=false", "--spring.main.banner-mode=off"));
		command.addAll(List.of(arguments));
		this.logFile = this.directory.resolve("sample.log");
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(this.logFile.toFile());
		builder.environment().keySet().removeIf((name) -> name.startsWith("LANGFUSE_") || name.startsWith("SPRING_"));
		this.process = builder.start();
	}

	private List<String> log() {
		try {
			return Files.exists(this.logFile) ? Files.readAllLines(this.logFile, StandardCharsets.UTF_8) : List.of();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private int port() {
		if (!this.process.isAlive()) {
			throw new IllegalStateException(
					"the sample exited with " + this.process.exitValue() + ":\n" + String.join("\n", log()));
		}
		for (String line : log()) {
			Matcher matcher = STARTED.matcher(line);
			if (matcher.find()) {
				return Integer.parseInt(matcher.group(1));
			}
		}
		return 0;
	}

	private Map<String, Books> books() {
		Map<String, Books> books = new LinkedHashMap<>();
		for (String line : log()) {
			Matcher matcher = SUMMARY.matcher(line);
			if (matcher.find()) {
				System.out.println("sample after SIGTERM: " + line);
				Map<String, Long> reasons = new LinkedHashMap<>();
				if (matcher.group(5) != null) {
					for (String reason : matcher.group(5).split(", ")) {
						String[] parts = reason.split(" ");
						reasons.put(parts[0], Long.parseLong(parts[1]));
					}
				}
				Books previous = books.put(matcher.group(2),
						new Books(Long.parseLong(matcher.group(1)), Long.parseLong(matcher.group(3)),
								Long.parseLong(matcher.group(4)), reasons, Long.parseLong(matcher.group(6))));
				assertThat(previous).as("one line for " + matcher.group(2)).isNull();
			}
		}
		return books;
	}

	private record Books(long total, long delivered, long dropped, Map<String, Long> reasons, long lost) {
	}

}
