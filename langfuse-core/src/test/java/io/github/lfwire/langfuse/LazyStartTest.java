package io.github.lfwire.langfuse;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import io.github.lfwire.langfuse.testing.FakeLangfuseServer;
import io.github.lfwire.langfuse.testing.OwnThreads;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A new client costs no thread, connection or JSON mapper until it has something to do.
 */
class LazyStartTest {

	private static final Duration QUIET = Duration.ofMillis(300);

	@RegisterExtension
	final OwnThreads threads = new OwnThreads();

	private FakeLangfuseServer server;

	private LangfuseClient client;

	@BeforeEach
	void startServer() {
		this.server = FakeLangfuseServer.start();
	}

	@AfterEach
	void stop() {
		if (this.client != null) {
			this.client.shutdown(Duration.ofSeconds(2));
		}
		this.server.close();
	}

	@Test
	void shouldStartNoThreadAndSendNothingBeforeTheFirstObservation() {
		this.client = LangfuseClient.create(this.server.clientConfig().flushInterval(Duration.ofMillis(20)).build());

		await().during(QUIET).atMost(QUIET.multipliedBy(3)).until(() -> this.server.requests().isEmpty());
		assertThat(clientThreads()).isEmpty();
		assertThat(this.client.stats().spans().exported()).isZero();

		this.client.span("first").close();
		assertThat(this.client.flush(Duration.ofSeconds(10)).delivered()).isEqualTo(1);
		assertThat(this.server.traceRequests()).isEqualTo(1);
		assertThat(clientThreads()).contains("langfuse-export-spans").noneMatch("langfuse-export-scores"::equals);
	}

	@Test
	void shouldNotStartThreadsWhenFlushingOrShuttingDownWithNothingQueued() {
		this.client = LangfuseClient.create(this.server.clientConfig().build());

		assertThat(this.client.flush(Duration.ofSeconds(1)).success()).isTrue();
		assertThat(this.client.shutdown(Duration.ofSeconds(1)).success()).isTrue();

		assertThat(clientThreads()).isEmpty();
		assertThat(this.server.requests()).isEmpty();
	}

	@Test
	void shouldBuildTheCaptureMapperOnTheFirstCaptureOnly() {
		RebuildCountingMapper mapper = new RebuildCountingMapper();
		this.client = LangfuseClient.create(this.server.clientConfig().objectMapper(mapper).build());
		assertThat(mapper.rebuilds).hasValue(0);

		try (Observation observation = this.client.span("captured")) {
			observation.input(Map.of("question", "why"));
			observation.output(Map.of("answer", "because"));
		}
		assertThat(this.client.flush(Duration.ofSeconds(10)).success())
			.as("immutable values are captured on the export thread")
			.isTrue();

		assertThat(mapper.rebuilds).hasValue(1);
	}

	@Test
	void shouldPrepareOnABackgroundThreadWhenAskedSoThatTheFirstObservationBuildsNothing() {
		RebuildCountingMapper mapper = new RebuildCountingMapper();
		this.client = LangfuseClient.create(this.server.clientConfig().objectMapper(mapper).build());
		assertThat(mapper.rebuilds).hasValue(0);

		this.client.prepareInBackground();
		this.client.prepareInBackground();
		await().atMost(Duration.ofSeconds(10)).until(() -> mapper.rebuilds.get() == 1);
		assertThat(mapper.threads).containsExactly("langfuse-prepare");
		try (Observation observation = this.client.span("captured")) {
			observation.input(Map.of("question", "why"));
		}

		assertThat(mapper.rebuilds).as("built once, in the background").hasValue(1);
		assertThat(this.client.flush(Duration.ofSeconds(10)).delivered()).isEqualTo(1);
	}

	@Test
	void shouldNotPrepareADisabledClient() {
		RebuildCountingMapper mapper = new RebuildCountingMapper();
		this.client = LangfuseClient.create(this.server.clientConfig().enabled(false).objectMapper(mapper).build());

		this.client.prepareInBackground();

		assertThat(clientThreads()).isEmpty();
		assertThat(mapper.rebuilds).hasValue(0);
	}

	@Test
	void shouldBuildNoMapperWhenDisabled() {
		RebuildCountingMapper mapper = new RebuildCountingMapper();
		this.client = LangfuseClient.create(this.server.clientConfig().enabled(false).objectMapper(mapper).build());

		try (Observation observation = this.client.span("ignored")) {
			observation.input(Map.of("question", "why"));
		}
		this.client.flush(Duration.ofSeconds(1));

		assertThat(mapper.rebuilds).hasValue(0);
		assertThat(clientThreads()).isEmpty();
		assertThat(this.server.requests()).isEmpty();
	}

	private Set<String> clientThreads() {
		return this.threads.started()
			.stream()
			.filter((name) -> name.startsWith("langfuse-") || name.startsWith("HttpClient-"))
			.collect(Collectors.toSet());
	}

	private static final class RebuildCountingMapper extends JsonMapper {

		private final AtomicInteger rebuilds = new AtomicInteger();

		private final List<String> threads = new CopyOnWriteArrayList<>();

		@Override
		public JsonMapper.Builder rebuild() {
			this.threads.add(Thread.currentThread().getName());
			this.rebuilds.incrementAndGet();
			return super.rebuild();
		}

	}

}
