package io.github.lfwire.langfuse;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

import io.github.lfwire.langfuse.testing.FakeLangfuseServer;
import io.github.lfwire.langfuse.testing.ReceivedScore;
import io.github.lfwire.langfuse.testing.ReceivedSpan;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class LangfuseClientTest {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private final JsonMapper json = JsonMapper.builder().build();

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

	private LangfuseClient client(UnaryOperator<LangfuseConfig.Builder> customizer) {
		LangfuseConfig.Builder builder = this.server.clientConfig()
			.environment("test")
			.release("1.0.0")
			.flushInterval(Duration.ofMillis(50))
			.retryInitialBackoff(Duration.ofMillis(10))
			.retryMaxBackoff(Duration.ofMillis(50));
		this.client = LangfuseClient.create(customizer.apply(builder).build());
		return this.client;
	}

	@Test
	void shouldExportNestedTraceWithGenerationAndScoreThatTheServerAccepts() {
		LangfuseClient langfuse = client(UnaryOperator.identity());
		String traceId;
		try (Observation root = langfuse.span("chat")) {
			traceId = root.traceId();
			root.trace().userId("user-1").sessionId("session-1").tags("chat", "beta").name("chat-turn");
			root.input(Map.of("message", "hello"));
			try (Observation generation = langfuse.generation("answer")) {
				generation.model("gpt-test")
					.modelParameters(Map.of("temperature", 0.2, "stop", List.of("\n")))
					.usage(12, 30)
					.costDetails(Map.of("total", 0.0042))
					.completionStartTime(Instant.parse("2026-01-01T00:00:00Z"))
					.prompt("answer-prompt", 3)
					.input(List.of(Map.of("role", "user", "content", "hello")))
					.output("hi there");
				generation.score(Score.numeric("relevance", 0.9).comment("good"));
			}
			try (Observation tool = langfuse.start(ObservationType.TOOL, "search")) {
				tool.metadata("source", "wiki");
			}
			root.output(Map.of("reply", "hi there"));
		}
		assertThat(langfuse.flush(WAIT).success()).isTrue();

		List<ReceivedSpan> spans = this.server.awaitSpans(3, WAIT);
		assertThat(spans).extracting(ReceivedSpan::traceId).containsOnly(traceId);
		ReceivedSpan root = spans.stream().filter(ReceivedSpan::isRoot).findFirst().orElseThrow();
		ReceivedSpan generation = byName(spans, "answer");
		ReceivedSpan tool = byName(spans, "search");
		assertThat(generation.parentSpanId()).isEqualTo(root.spanId());
		assertThat(tool.parentSpanId()).isEqualTo(root.spanId());
		assertThat(generation.attribute("langfuse.observation.type")).isEqualTo("generation");
		assertThat(tool.attribute("langfuse.observation.type")).isEqualTo("tool");
		assertThat(generation.attribute("langfuse.observation.model.name")).isEqualTo("gpt-test");
		assertThat(tree(generation.attribute("langfuse.observation.usage_details")).path("total").asInt())
			.isEqualTo(42);
		assertThat(generation.attribute("langfuse.observation.prompt.version")).isEqualTo("3");
		assertThat(generation.attribute("langfuse.observation.output")).isEqualTo("\"hi there\"");
		for (ReceivedSpan span : spans) {
			assertThat(span.attribute("user.id")).isEqualTo("user-1");
			assertThat(span.attribute("session.id")).isEqualTo("session-1");
			assertThat(span.attribute("langfuse.environment")).isEqualTo("test");
			assertThat(span.attribute("langfuse.release")).isEqualTo("1.0.0");
			assertThat(span.attributes().get("langfuse.trace.tags")).isEqualTo(List.of("chat", "beta"));
		}
		List<ReceivedScore> scores = this.server.awaitScores(1, WAIT);
		assertThat(scores.get(0).name()).isEqualTo("relevance");
		assertThat(scores.get(0).traceId()).isEqualTo(traceId);
		assertThat(scores.get(0).observationId()).isEqualTo(generation.spanId());
		this.server.assertContractRespected();
	}

	@Test
	void shouldStartNewTraceEvenWhenTheApplicationsOwnSpanIsCurrent() {
		LangfuseClient langfuse = client(UnaryOperator.identity());
		SdkTracerProvider appTracing = SdkTracerProvider.builder().build();
		Span appSpan = appTracing.get("app").spanBuilder("http").startSpan();
		try (Scope ignored = appSpan.makeCurrent()) {
			try (Observation observation = langfuse.span("work")) {
				assertThat(observation.traceId()).isNotEqualTo(appSpan.getSpanContext().getTraceId());
				assertThat(Span.current()).isSameAs(appSpan);
			}
			assertThat(Span.current()).isSameAs(appSpan);
		}
		finally {
			appSpan.end();
			appTracing.close();
		}
		langfuse.flush(WAIT);
		assertThat(this.server.awaitSpans(1, WAIT).get(0).isRoot()).isTrue();
	}

	@Test
	void shouldRestorePreviousObservationWhenChildCloses() {
		LangfuseClient langfuse = client(UnaryOperator.identity());
		try (Observation root = langfuse.span("root")) {
			try (Observation child = langfuse.span("child")) {
				assertThat(LangfuseClient.currentObservation()).isSameAs(child);
			}
			assertThat(LangfuseClient.currentObservation()).isSameAs(root);
		}
		assertThat(LangfuseClient.currentObservation().isRecording()).isFalse();
	}

	@Test
	void shouldStampTraceAttributesSetByAChildOnSpansThatEndAfterwards() {
		LangfuseClient langfuse = client(UnaryOperator.identity());
		try (Observation root = langfuse.span("root")) {
			try (Observation child = langfuse.span("child")) {
				child.trace().userId("late-user").metadata("plan", "pro");
			}
		}
		langfuse.flush(WAIT);
		List<ReceivedSpan> spans = this.server.awaitSpans(2, WAIT);
		assertThat(spans).allSatisfy((span) -> {
			assertThat(span.attribute("user.id")).isEqualTo("late-user");
			assertThat(span.attribute("langfuse.trace.metadata.plan")).isEqualTo("pro");
		});
		this.server.assertContractRespected();
	}

	@Test
	void shouldStampTheClientsTraceDefaultsOnEverySpanAndLetTheTraceOverrideThem() {
		LangfuseClient langfuse = client(UnaryOperator.identity());
		try (Observation root = langfuse.span("unchanged-root")) {
			try (Observation child = langfuse.span("unchanged-child")) {
				child.statusMessage("ok");
			}
		}
		try (Observation root = langfuse.span("released-root")) {
			try (Observation child = langfuse.span("released-child")) {
				root.trace().release("2.0.0");
			}
		}
		langfuse.flush(WAIT);
		Map<String, ReceivedSpan> spans = this.server.awaitSpans(4, WAIT)
			.stream()
			.collect(Collectors.toMap(ReceivedSpan::name, (span) -> span));
		assertThat(spans.values()).allSatisfy((span) -> {
			assertThat(span.attribute("langfuse.environment")).isEqualTo("test");
			assertThat(span.attribute("langfuse.observation.type")).isEqualTo("span");
		});
		assertThat(spans.get("unchanged-root").attribute("langfuse.release")).isEqualTo("1.0.0");
		assertThat(spans.get("unchanged-child").attribute("langfuse.release")).isEqualTo("1.0.0");
		assertThat(spans.get("released-root").attribute("langfuse.release")).isEqualTo("2.0.0");
		assertThat(spans.get("released-child").attribute("langfuse.release")).isEqualTo("2.0.0");
		this.server.assertContractRespected();
	}

	@Test
	void shouldMarkObservationFailedWhenExceptionIsRecorded() {
		LangfuseClient langfuse = client(UnaryOperator.identity());
		try (Observation observation = langfuse.span("fails")) {
			observation.recordException(new IllegalStateException("model unavailable"));
		}
		langfuse.flush(WAIT);
		ReceivedSpan span = this.server.awaitSpans(1, WAIT).get(0);
		assertThat(span.attribute("langfuse.observation.level")).isEqualTo("ERROR");
		assertThat(span.attribute("langfuse.observation.status_message"))
			.isEqualTo("IllegalStateException: model unavailable");
		assertThat(span.statusCode()).isEqualTo("ERROR");
	}

	@Test
	void shouldSendEveryKindOfScoreToTheIngestionEndpoint() {
		LangfuseClient langfuse = client(UnaryOperator.identity());
		String traceId;
		try (Observation root = langfuse.span("scored")) {
			traceId = root.traceId();
			root.scoreTrace(Score.bool("thumbs_up", true));
			root.scoreTrace(Score.categorical("tone", "friendly"));
			root.score(Score.text("review", "clear answer"));
		}
		langfuse.score(Score.numeric("session_quality", 4).sessionId("session-9"));
		langfuse.score(Score.text("bad", "x".repeat(501)).traceId(traceId));
		assertThat(langfuse.flush(WAIT).success()).isTrue();
		List<ReceivedScore> scores = this.server.awaitScores(4, WAIT);
		assertThat(scores).extracting(ReceivedScore::name)
			.containsExactlyInAnyOrder("thumbs_up", "tone", "review", "session_quality");
		assertThat(langfuse.stats().scoresInvalid()).isEqualTo(1);
		assertThat(langfuse.stats().scores().exported()).isEqualTo(4);
		this.server.assertContractRespected();
	}

	@Test
	void shouldKeepTheEnvironmentTheCallerSetOnAScore() {
		LangfuseClient langfuse = client(UnaryOperator.identity());
		langfuse.score(
				Score.numeric("offline_eval", 1).traceId("0af7651916cd43dd8448eb211c80319c").environment("evaluation"));
		langfuse.score(Score.numeric("online", 1).traceId("0af7651916cd43dd8448eb211c80319c"));
		assertThat(langfuse.flush(WAIT).success()).isTrue();
		List<ReceivedScore> scores = this.server.awaitScores(2, WAIT);
		assertThat(scores).filteredOn((score) -> score.name().equals("offline_eval"))
			.singleElement()
			.satisfies((score) -> assertThat(score.body()).containsEntry("environment", "evaluation"));
		assertThat(scores).filteredOn((score) -> score.name().equals("online"))
			.singleElement()
			.satisfies((score) -> assertThat(score.body()).containsEntry("environment", "test"));
	}

	@Test
	void shouldHoldScoreValuesAsNumbersOrTexts() {
		Score numeric = Score.numeric("n", 0.5).traceId("t").build();
		Score bool = Score.bool("b", true).traceId("t").build();
		Score category = Score.categorical("c", "friendly").traceId("t").build();
		assertThat(numeric.value()).isEqualTo(new ScoreValue.Number(0.5));
		assertThat(bool.value()).isEqualTo(new ScoreValue.Number(1.0));
		assertThat(category.value()).isEqualTo(new ScoreValue.Text("friendly"));
		assertThat(category.dataType()).isEqualTo(Score.DataType.CATEGORICAL);
	}

	@Test
	void shouldNameTheServiceOfTheExportedResource() {
		LangfuseClient langfuse = client((builder) -> builder.serviceName("checkout"));
		try (Observation root = langfuse.span("named")) {
			root.input("x");
		}
		assertThat(langfuse.flush(WAIT).success()).isTrue();
		assertThat(this.server.awaitSpans(1, WAIT)).singleElement()
			.satisfies((span) -> assertThat(span.resourceAttributes()).containsEntry("service.name", "checkout"));
	}

	@Test
	void shouldKeepOpenTelemetrysDefaultServiceNameWithoutASetting() {
		LangfuseClient langfuse = client(UnaryOperator.identity());
		try (Observation root = langfuse.span("unnamed")) {
			root.input("x");
		}
		assertThat(langfuse.flush(WAIT).success()).isTrue();
		assertThat(this.server.awaitSpans(1, WAIT)).singleElement()
			.satisfies((span) -> assertThat(span.resourceAttributes()).containsEntry("service.name",
					"unknown_service:java"));
	}

	@Test
	void shouldCountScoreEventsTheServerRejectsOneByOne() {
		LangfuseClient langfuse = client(UnaryOperator.identity());
		this.server.enqueueIngestionResponses(io.github.lfwire.langfuse.testing.FakeResponse.status(207,
				"{\"successes\":[],\"errors\":[{\"id\":\"x\",\"status\":400,\"message\":\"bad\",\"error\":\"bad\"}]}"));
		langfuse.score(Score.numeric("accuracy", 1).traceId("0af7651916cd43dd8448eb211c80319c"));
		langfuse.flush(WAIT);
		assertThat(langfuse.stats().scores().dropped().get(io.github.lfwire.langfuse.export.DropReason.REJECTED))
			.isEqualTo(1);
		assertThat(langfuse.stats().scores().exported()).isZero();
	}

	@Test
	void shouldRecordNothingAndCaptureNothingWhenSampledOut() {
		LangfuseClient langfuse = client((builder) -> builder.sampleRate(0.0));
		AtomicInteger getterCalls = new AtomicInteger();
		Object payload = new Object() {
			public String getValue() {
				getterCalls.incrementAndGet();
				return "value";
			}
		};
		for (int i = 0; i < 50; i++) {
			try (Observation root = langfuse.span("root")) {
				root.input(payload);
				try (Observation child = langfuse.generation("child")) {
					child.output(payload);
					assertThat(child.isRecording()).isFalse();
				}
			}
		}
		langfuse.flush(WAIT);
		assertThat(getterCalls).hasValue(0);
		assertThat(langfuse.stats().observationsStarted()).isEqualTo(100);
		assertThat(langfuse.stats().observationsSampledOut()).isEqualTo(100);
		assertThat(this.server.traceRequests()).isZero();
	}

	@Test
	void shouldDecideSamplingBeforeBuildingASpan() {
		LangfuseClient langfuse = client((builder) -> builder.sampleRate(0.0));
		try (Observation root = langfuse.span("root")) {
			assertThat(root.traceId()).isEqualTo("0".repeat(32));
			assertThat(Observation.current()).isSameAs(root);
			try (Observation child = langfuse.generation("child")) {
				assertThat(child.isRecording()).isFalse();
				assertThat(child.type()).isEqualTo(ObservationType.GENERATION);
				assertThat(child.id()).isEqualTo("0".repeat(16));
			}
			assertThat(Observation.current()).isSameAs(root);
		}
		assertThat(Observation.current()).isSameAs(Observation.noop());
		assertThat(langfuse.stats().observationsSampledOut()).isEqualTo(2);
	}

	@Test
	void shouldKeepOrDropWholeTracesAtPartialSampleRate() {
		LangfuseClient langfuse = client((builder) -> builder.sampleRate(0.5));
		for (int i = 0; i < 200; i++) {
			try (Observation root = langfuse.span("root")) {
				try (Observation child = langfuse.span("child")) {
					assertThat(child.isRecording()).isEqualTo(root.isRecording());
				}
			}
		}
		langfuse.flush(WAIT);
		LangfuseStats stats = langfuse.stats();
		assertThat(stats.observationsSampledOut()).isBetween(100L, 300L);
		assertThat(this.server.traces().values()).allSatisfy((trace) -> assertThat(trace).hasSize(2));
		assertThat(stats.spans().exported() + stats.observationsSampledOut()).isEqualTo(400);
	}

	@Test
	void shouldBoundMetadataTextAndSendScoresWithUnserializableMetadata() {
		LangfuseClient langfuse = client((builder) -> builder.captureMaxBytes(1024));
		try (Observation observation = langfuse.span("meta")) {
			observation.metadata("big", "é".repeat(5000)).metadata("small", "ok");
			observation.scoreTrace(Score.numeric("with-metadata", 1)
				.metadata(Map.of("stream", new java.io.ByteArrayInputStream(new byte[1]))));
		}
		assertThat(langfuse.flush(WAIT).success()).isTrue();
		ReceivedSpan span = this.server.awaitSpans(1, WAIT).get(0);
		assertThat(
				span.attribute("langfuse.observation.metadata.big").getBytes(java.nio.charset.StandardCharsets.UTF_8))
			.hasSizeLessThanOrEqualTo(1024);
		assertThat(span.attribute("langfuse.observation.metadata.big")).endsWith("(truncated)");
		assertThat(span.attribute("langfuse.observation.metadata.small")).isEqualTo("ok");
		assertThat(this.server.awaitScores(1, WAIT)).hasSize(1);
		assertThat(langfuse.stats().capturesTruncated()).isEqualTo(1);
	}

	@Test
	void shouldBeANoOpWithoutCredentials() {
		LangfuseClient langfuse = LangfuseClient.create(LangfuseConfig.builder().host(this.server.baseUrl()).build());
		try (Observation observation = langfuse.span("nothing")) {
			observation.input("x").output("y").trace().userId("u");
			observation.score(Score.numeric("s", 1));
		}
		assertThat(langfuse.isEnabled()).isFalse();
		assertThat(langfuse.stats().disabledReason()).contains("LANGFUSE_SECRET_KEY");
		assertThat(langfuse.flush(WAIT).success()).isTrue();
		assertThat(langfuse.shutdown(WAIT).success()).isTrue();
		assertThat(this.server.traceRequests()).isZero();
	}

	private static ReceivedSpan byName(List<ReceivedSpan> spans, String name) {
		return spans.stream().filter((span) -> span.name().equals(name)).findFirst().orElseThrow();
	}

	private JsonNode tree(String value) {
		return this.json.readTree(value);
	}

}
