package io.github.lfwire.langfuse;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

import io.github.lfwire.langfuse.testing.FakeDatasets;
import io.github.lfwire.langfuse.testing.FakeLangfuseServer;
import io.github.lfwire.langfuse.testing.FakeResponse;
import io.github.lfwire.langfuse.testing.ReceivedSpan;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class TraceContinuationTest {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private static final String PARENT_SPAN_ID = "00f067aa0ba902b7";

	private final List<LangfuseClient> clients = new ArrayList<>();

	private FakeLangfuseServer server;

	@BeforeEach
	void startServer() {
		this.server = FakeLangfuseServer.start();
	}

	@AfterEach
	void stop() {
		this.clients.forEach((client) -> client.shutdown(Duration.ofSeconds(2)));
		this.server.close();
	}

	private LangfuseClient client(UnaryOperator<LangfuseConfig.Builder> customizer) {
		LangfuseClient client = LangfuseClient
			.create(customizer.apply(this.server.clientConfig().flushInterval(Duration.ofMillis(50))).build());
		this.clients.add(client);
		return client;
	}

	@Test
	void shouldStartTheRootOfTheTraceOfASeed() {
		LangfuseClient langfuse = client(UnaryOperator.identity());
		String traceId = TraceIds.fromSeed("ticket-42");
		try (Observation root = langfuse.start(ObservationType.SPAN, "handle-ticket", TraceContext.of(traceId))) {
			assertThat(root.traceId()).isEqualTo(traceId);
			langfuse.span("step").close();
		}
		langfuse.span("unrelated").close();
		List<ReceivedSpan> spans = this.server.awaitSpans(3, WAIT);
		ReceivedSpan root = spans.stream().filter((span) -> span.name().equals("handle-ticket")).findFirst().get();
		ReceivedSpan step = spans.stream().filter((span) -> span.name().equals("step")).findFirst().get();
		ReceivedSpan unrelated = spans.stream().filter((span) -> span.name().equals("unrelated")).findFirst().get();
		assertThat(root.traceId()).isEqualTo(traceId);
		assertThat(root.isRoot()).isTrue();
		assertThat(step.traceId()).isEqualTo(traceId);
		assertThat(step.parentSpanId()).isEqualTo(root.spanId());
		assertThat(unrelated.traceId()).isNotEqualTo(traceId);
		this.server.assertContractRespected();
	}

	@Test
	void shouldStartUnderTheParentSpanAnotherServiceNamed() {
		LangfuseClient langfuse = client(UnaryOperator.identity());
		String traceId = TraceIds.fromSeed("request-9");
		langfuse.start(ObservationType.GENERATION, "answer", TraceContext.of(traceId, PARENT_SPAN_ID)).close();
		ReceivedSpan answer = this.server.awaitSpans(1, WAIT).get(0);
		assertThat(answer.traceId()).isEqualTo(traceId);
		assertThat(answer.parentSpanId()).isEqualTo(PARENT_SPAN_ID);
		assertThat(answer.attribute("langfuse.observation.type")).isEqualTo("generation");
	}

	@Test
	void shouldDecideAContinuedTraceAlikeInEveryServiceBySampleRate() {
		LangfuseClient first = client((config) -> config.sampleRate(0.5));
		LangfuseClient second = client((config) -> config.sampleRate(0.5));
		Set<String> recordedByFirst = new java.util.HashSet<>();
		Set<String> recordedBySecond = new java.util.HashSet<>();
		for (int i = 0; i < 200; i++) {
			String traceId = TraceIds.fromSeed("request-" + i);
			try (Observation one = first.start(ObservationType.SPAN, "front", TraceContext.of(traceId))) {
				if (one.isRecording()) {
					recordedByFirst.add(traceId);
				}
			}
			try (Observation two = second.start(ObservationType.SPAN, "back",
					TraceContext.of(traceId, PARENT_SPAN_ID))) {
				if (two.isRecording()) {
					recordedBySecond.add(traceId);
				}
			}
		}
		assertThat(recordedByFirst).hasSizeBetween(60, 140).isEqualTo(recordedBySecond);
		List<ReceivedSpan> spans = this.server.awaitSpans(2 * recordedByFirst.size(), WAIT);
		assertThat(spans.stream().map(ReceivedSpan::traceId).collect(Collectors.toSet())).isEqualTo(recordedByFirst);
	}

	@Test
	void shouldStartANewTraceWhenTheContextIsInvalid() {
		LangfuseClient langfuse = client(UnaryOperator.identity());
		try (Observation root = langfuse.start(ObservationType.SPAN, "handle",
				TraceContext.of("not-a-trace-id", PARENT_SPAN_ID))) {
			assertThat(root.isRecording()).isTrue();
			assertThat(root.traceId()).hasSize(32).isNotEqualTo("not-a-trace-id");
		}
		assertThat(TraceContext.of(TraceIds.fromSeed("x"), "ABCDEF0123456789").isValid()).isFalse();
		assertThat(TraceContext.of("00000000000000000000000000000000").isValid()).isFalse();
		assertThat(this.server.awaitSpans(1, WAIT).get(0).isRoot()).isTrue();
	}

	@Test
	void shouldGiveTheTraceUrlOnceTheProjectIsKnownWithoutMakingTheCallerWait() {
		this.server.enqueueDatasetResponses(FakeResponse.delay(Duration.ofSeconds(3)));
		LangfuseClient langfuse = client(UnaryOperator.identity());
		try (Observation root = langfuse.span("chat")) {
			assertThat(root.traceUrl()).isEmpty();
			String expected = this.server.baseUrl().replaceAll("/+$", "") + "/project/" + FakeDatasets.PROJECT_ID
					+ "/traces/" + root.traceId();
			await().atMost(WAIT).untilAsserted(() -> assertThat(root.traceUrl()).contains(expected));
			assertThat(langfuse.traceUrl(root.traceId())).contains(expected);
		}
		assertThat(projectRequests()).isEqualTo(1);
	}

	@Test
	void shouldGiveNoTraceUrlWhileTheProjectCannotBeLearned() {
		this.server.enqueueDatasetResponses(FakeResponse.status(503));
		LangfuseClient langfuse = client(UnaryOperator.identity());
		try (Observation root = langfuse.span("chat")) {
			await().atMost(WAIT).until(() -> projectRequests() == 1);
			assertThat(root.traceUrl()).isEmpty();
			assertThat(langfuse.traceUrl(root.traceId())).isEmpty();
		}
		assertThat(Observation.noop().traceUrl()).isEmpty();
	}

	@Test
	void shouldKeepOnlyTheUsersMetadataTheResourceAndTheScopeInTheConvertedObservation() {
		LangfuseClient langfuse = client((config) -> config.environment("test"));
		try (Observation root = langfuse.span("chat")) {
			root.metadata("tenant", "acme").input("hello").trace().userId("user-1").tags("beta");
		}
		ReceivedSpan root = this.server.awaitSpans(1, WAIT).get(0);
		assertThat(root.scopeName()).startsWith("langfuse-sdk");
		Map<String, Object> metadata = root.serverMetadata();
		assertThat(metadata).containsOnlyKeys("tenant", "resourceAttributes", "scope");
		assertThat(metadata.get("tenant")).isEqualTo("acme");
		assertThat(metadata.get("scope"))
			.isEqualTo(Map.of("name", "langfuse-sdk-java", "version", root.scopeVersion()));
	}

	private long projectRequests() {
		return this.server.requests()
			.stream()
			.filter((request) -> request.path().startsWith(FakeLangfuseServer.PROJECTS_PATH))
			.count();
	}

}
