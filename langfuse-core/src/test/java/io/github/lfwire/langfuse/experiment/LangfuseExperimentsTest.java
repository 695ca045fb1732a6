package io.github.lfwire.langfuse.experiment;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import io.github.lfwire.langfuse.LangfuseClient;
import io.github.lfwire.langfuse.Observation;
import io.github.lfwire.langfuse.dataset.LangfuseDatasets;
import io.github.lfwire.langfuse.testing.FakeDatasets;
import io.github.lfwire.langfuse.testing.FakeLangfuseServer;
import io.github.lfwire.langfuse.testing.FakeResponse;
import io.github.lfwire.langfuse.testing.ReceivedScore;
import io.github.lfwire.langfuse.testing.ReceivedSpan;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LangfuseExperimentsTest {

	private static final List<String> EVERY_SPAN = List.of("langfuse.experiment.id", "langfuse.experiment.name",
			"langfuse.experiment.item.id", "langfuse.experiment.item.root_observation_id");

	private final FakeLangfuseServer server = FakeLangfuseServer.start();

	private final LangfuseClient client = LangfuseClient.create(this.server.clientConfig().build());

	private final LangfuseExperiments experiments = LangfuseExperiments.builder(this.client)
		.datasets(LangfuseDatasets.builder(this.client.config())
			.initialBackoff(Duration.ofMillis(5))
			.maxBackoff(Duration.ofMillis(20))
			.build())
		.clock(Clock.fixed(Instant.parse("2026-12-06T10:00:00Z"), ZoneOffset.UTC))
		.build();

	@AfterEach
	void stop() {
		this.client.close();
		this.server.close();
	}

	@Test
	void shouldLinkEveryItemOnceToOneRunAndStampEverySpanBeforeReturning() {
		String datasetId = seed("qa", 60);

		ExperimentResult result = this.experiments.run(Experiment.builder("baseline")
			.dataset("qa")
			.description("first try")
			.metadata(Map.of("model", "fake"))
			.task((item) -> {
				try (Observation step = this.client.span("answer")) {
					step.output("re: " + item.input());
				}
				return "re: " + item.input();
			})
			.build());

		String runName = "baseline - 2026-12-06T10:00:00Z";
		String runId = FakeDatasets.runId(datasetId, runName);
		assertThat(result.runName()).isEqualTo(runName);
		assertThat(result.datasetRunId()).isEqualTo(runId);
		assertThat(result.experimentId()).isEqualTo(runId);
		assertThat(result.datasetRunUrl())
			.isEqualTo(this.server.baseUrl() + "/project/fake-project/datasets/" + datasetId + "/runs/" + runId);
		List<FakeDatasets.RunItem> links = this.server.datasets().runItems();
		assertThat(links).hasSize(60);
		assertThat(links).extracting(FakeDatasets.RunItem::datasetItemId).doesNotHaveDuplicates();
		assertThat(links).extracting(FakeDatasets.RunItem::datasetRunId).containsOnly(runId);
		List<ReceivedSpan> spans = this.server.spans();
		assertThat(spans).hasSize(120);
		for (ItemResult item : result.itemResults()) {
			FakeDatasets.RunItem link = links.stream()
				.filter((candidate) -> candidate.datasetItemId().equals(item.item().datasetItem().id()))
				.findFirst()
				.orElseThrow();
			assertThat(link.traceId()).isEqualTo(item.traceId());
			assertThat(link.observationId()).isEqualTo(item.rootObservationId());
			assertThat(link.body().path("runDescription").asString()).isEqualTo("first try");
		}
		for (ReceivedSpan span : spans) {
			assertThat(span.attributes()).containsKeys(EVERY_SPAN.toArray(String[]::new))
				.containsEntry("langfuse.environment", "sdk-experiment")
				.containsEntry("langfuse.experiment.id", runId)
				.containsEntry("langfuse.experiment.name", runName)
				.containsEntry("langfuse.experiment.dataset.id", datasetId)
				.containsEntry("langfuse.experiment.metadata", "{\"model\":\"fake\"}");
		}
		ReceivedSpan root = spans.stream()
			.filter((span) -> span.spanId().equals(result.itemResults().get(3).rootObservationId()))
			.findFirst()
			.orElseThrow();
		assertThat(root.isRoot()).isTrue();
		assertThat(root.attributes()).containsEntry("langfuse.experiment.item.root_observation_id", root.spanId())
			.containsEntry("langfuse.experiment.item.id", result.itemResults().get(3).item().datasetItem().id())
			.containsEntry("langfuse.experiment.item.expected_output", "answer 3")
			.containsEntry("langfuse.experiment.description", "first try")
			.containsEntry("langfuse.observation.input", "\"question 3\"")
			.containsEntry("langfuse.observation.output", "\"re: question 3\"")
			.containsEntry("langfuse.observation.metadata.experiment_run_name", runName)
			.containsEntry("langfuse.observation.metadata.dataset_id", datasetId)
			.containsEntry("langfuse.observation.metadata.model", "fake");
		this.server.assertContractRespected();
	}

	@Test
	void shouldScoreEachItemOnItsRootAndTheRunOnTheDatasetRun() {
		seed("qa", 5);

		ExperimentResult result = this.experiments.run(Experiment.builder("scored")
			.dataset("qa")
			.task((item) -> "answer " + String.valueOf(item.input()).substring("question ".length()))
			.evaluator("exact",
					(item, output) -> List.of(Evaluation.bool("exact", output.equals(item.expectedOutput()))
						.withComment("compared with the expected output")))
			.runEvaluator("pass-rate",
					(results) -> List.of(Evaluation.numeric("pass_rate",
							results.stream().filter((r) -> r.evaluations().get(0).number().getAsDouble() == 1.0).count()
									/ (double) results.size())))
			.build());

		List<ReceivedScore> scores = this.server.scores();
		assertThat(scores).hasSize(6);
		for (ItemResult item : result.itemResults()) {
			assertThat(scores).filteredOn((score) -> item.traceId().equals(score.traceId()))
				.singleElement()
				.satisfies((score) -> {
					assertThat(score.name()).isEqualTo("exact");
					assertThat(score.observationId()).isEqualTo(item.rootObservationId());
					assertThat(score.dataType()).isEqualTo("BOOLEAN");
					assertThat(((Number) score.value()).doubleValue()).isEqualTo(1.0);
					assertThat(score.environment()).isEqualTo("sdk-experiment");
				});
		}
		assertThat(scores).filteredOn((score) -> score.datasetRunId() != null).singleElement().satisfies((score) -> {
			assertThat(score.datasetRunId()).isEqualTo(result.datasetRunId());
			assertThat(score.traceId()).isNull();
			assertThat(score.observationId()).isNull();
			assertThat(score.name()).isEqualTo("pass_rate");
		});
		assertThat(result.averageScore("exact")).hasValue(1.0);
		assertThat(result.runScore("pass_rate")).hasValue(1.0);
		assertThat(result.runEvaluationsSent()).isTrue();
		assertThat(result.summary()).contains("5 items, 5 succeeded, 0 failed", "exact: 1.000 (5 items)",
				"pass_rate: 1.000", "Dataset run: " + result.datasetRunUrl());
		this.server.assertContractRespected();
	}

	@Test
	void shouldNeverRunMoreItemsAtOnceThanTheMaximum() throws Exception {
		AtomicInteger running = new AtomicInteger();
		AtomicInteger highest = new AtomicInteger();
		CountDownLatch fourAtOnce = new CountDownLatch(4);

		ExperimentResult result = this.experiments.run(Experiment.builder("bounded")
			.items(IntStream.range(0, 40).mapToObj((i) -> ExperimentItem.of(i, null)).toList())
			.maxConcurrency(4)
			.task((item) -> {
				highest.accumulateAndGet(running.incrementAndGet(), Math::max);
				fourAtOnce.countDown();
				fourAtOnce.await(10, TimeUnit.SECONDS);
				Thread.sleep(2);
				running.decrementAndGet();
				return item.input();
			})
			.build());

		assertThat(highest.get()).isEqualTo(4);
		assertThat(result.failedItems()).isZero();
	}

	@Test
	void shouldKeepInputOrderWhenLaterItemsFinishFirst() {
		List<ExperimentItem> items = IntStream.range(0, 20).mapToObj((i) -> ExperimentItem.of(i, null)).toList();

		ExperimentResult result = this.experiments.run(Experiment.builder("ordered").items(items).task((item) -> {
			Thread.sleep(40 - 2L * (Integer) item.input());
			return "out-" + item.input();
		}).build());

		assertThat(result.itemResults()).extracting(ItemResult::index)
			.containsExactlyElementsOf(IntStream.range(0, 20).boxed().toList());
		assertThat(result.itemResults()).extracting(ItemResult::output)
			.containsExactlyElementsOf(IntStream.range(0, 20).mapToObj((i) -> "out-" + i).toList());
		assertThat(result.itemResults()).extracting(ItemResult::item).containsExactlyElementsOf(items);
	}

	@Test
	void shouldRecordFailuresOfTaskEvaluatorsAndRunEvaluatorsAndGoOn() {
		seed("qa", 4);
		List<Integer> seenByRunEvaluator = new ArrayList<>();

		ExperimentResult result = this.experiments.run(Experiment.builder("faulty").dataset("qa").task((item) -> {
			if ("question 2".equals(item.input())) {
				throw new IllegalStateException("model unavailable");
			}
			return "ok";
		}).evaluator("broken", (item, output) -> {
			throw new IllegalArgumentException("cannot judge");
		})
			.evaluator("length", (item, output) -> List.of(Evaluation.numeric("length", output.toString().length())))
			.runEvaluator("crashing", (results) -> {
				throw new ArithmeticException("divide by zero");
			})
			.runEvaluator("count", (results) -> {
				results.forEach((r) -> seenByRunEvaluator.add(r.index()));
				return List.of(Evaluation.numeric("count", results.size()));
			})
			.build());

		assertThat(result.itemResults()).hasSize(4);
		ItemResult failed = result.itemResults().get(2);
		assertThat(failed.succeeded()).isFalse();
		assertThat(failed.error()).isEqualTo("task failed: IllegalStateException: model unavailable");
		assertThat(failed.evaluations()).isEmpty();
		assertThat(seenByRunEvaluator).containsExactly(0, 1, 3);
		assertThat(result.runScore("count")).hasValue(3.0);
		assertThat(result.runEvaluatorErrors())
			.containsExactly("run evaluator crashing failed: ArithmeticException: divide by zero");
		assertThat(result.itemResults().get(0).evaluatorErrors())
			.containsExactly("evaluator broken failed: IllegalArgumentException: cannot judge");
		assertThat(result.averageScore("length")).hasValue(2.0);
		ReceivedSpan failedRoot = span(failed.rootObservationId());
		assertThat(failedRoot.attributes()).containsEntry("langfuse.observation.level", "ERROR")
			.containsEntry("langfuse.observation.status_message", "IllegalStateException: model unavailable");
		List<ReceivedSpan> brokenEvaluators = this.server.spans()
			.stream()
			.filter((span) -> span.name().equals("broken"))
			.toList();
		assertThat(brokenEvaluators).hasSize(3).allSatisfy((span) -> {
			assertThat(span.attributes()).containsEntry("langfuse.observation.type", "evaluator")
				.containsEntry("langfuse.observation.level", "ERROR");
		});
		assertThat(this.server.scores()).extracting(ReceivedScore::name).containsOnly("length", "count").hasSize(4);
		assertThat(result.summary()).contains("3 succeeded, 1 failed", "Failures (5):",
				"item 2: task failed: IllegalStateException: model unavailable",
				"run evaluator crashing failed: ArithmeticException: divide by zero");
		this.server.assertContractRespected();
	}

	@Test
	void shouldRetryAFailedLinkSoTheRunIsNeverSplit() {
		seed("qa", 12);
		this.server.enqueueRunItemResponses(FakeResponse.status(503), FakeResponse.connectionReset(),
				FakeResponse.retryAfter(429, "0"));

		ExperimentResult result = this.experiments
			.run(Experiment.builder("flaky").dataset("qa").maxConcurrency(6).task((item) -> item.input()).build());

		assertThat(result.unlinkedItems()).isZero();
		assertThat(this.server.datasets().runItems()).hasSize(12)
			.extracting(FakeDatasets.RunItem::datasetRunId)
			.containsOnly(result.datasetRunId());
		assertThat(this.experiments.datasets().retries()).isGreaterThanOrEqualTo(2);
		this.server.assertContractRespected();
	}

	@Test
	void shouldKeepTheRunIdOnAnItemWhoseLinkIsRefusedAndReportIt() {
		seed("qa", 3);
		this.server.enqueueRunItemResponses(FakeResponse.status(200, "{\"id\":\"l0\",\"datasetRunId\":\"run-1\"}"),
				FakeResponse.status(400));

		ExperimentResult result = this.experiments
			.run(Experiment.builder("refused").dataset("qa").maxConcurrency(1).task((item) -> item.input()).build());

		ItemResult refused = result.itemResults().get(1);
		assertThat(refused.linkError()).contains("HTTP 400");
		assertThat(refused.succeeded()).isTrue();
		assertThat(result.unlinkedItems()).isEqualTo(1);
		assertThat(this.server.traces().get(refused.traceId()))
			.allSatisfy((span) -> assertThat(span.attributes()).containsEntry("langfuse.experiment.id", "run-1"));
		assertThat(result.summary()).contains("item 1 not linked: Langfuse refused linking item");
	}

	@Test
	void shouldRunLocalDataWithoutLinksAndKeepRunEvaluationsInTheResult() throws Exception {
		ExperimentResult result = this.experiments.run(Experiment.builder("local")
			.items(List.of(ExperimentItem.of(Map.of("message", "hi"), "hello", Map.of("source", "unit")),
					ExperimentItem.of("bye", "goodbye")))
			.task((item) -> "reply")
			.evaluator((item, output) -> List.of(Evaluation.numeric("score", 0.5)))
			.runEvaluator((results) -> List.of(Evaluation.numeric("mean", 0.5)))
			.build());

		assertThat(result.datasetRunId()).isNull();
		assertThat(result.datasetRunUrl()).isNull();
		assertThat(result.experimentId()).matches("[0-9a-f]{16}");
		assertThat(result.runEvaluations()).extracting(Evaluation::name).containsExactly("mean");
		assertThat(result.runEvaluationsSent()).isFalse();
		assertThat(result.summary()).contains("Run evaluations (kept here only: local data has no dataset run",
				"Experiment id: " + result.experimentId());
		assertThat(this.server.datasets().runItems()).isEmpty();
		assertThat(this.server.scores()).extracting(ReceivedScore::name).containsExactly("score", "score");
		ReceivedSpan first = span(result.itemResults().get(0).rootObservationId());
		assertThat(first.attributes()).containsEntry("langfuse.experiment.id", result.experimentId())
			.containsEntry("langfuse.experiment.item.id",
					"8e4f7a8c40d1e6e1".length() == 16 ? first.attribute("langfuse.experiment.item.id") : "")
			.containsEntry("langfuse.experiment.item.metadata", "{\"source\":\"unit\"}")
			.doesNotContainKey("langfuse.experiment.dataset.id");
		assertThat(this.server.requests()).noneMatch((request) -> request.path().startsWith("/api/public/dataset"));
		this.server.assertContractRespected();
	}

	@Test
	void shouldSendLongRunNamesAndMetadataWhole() {
		String longName = "run-" + "x".repeat(500);
		String longValue = "v".repeat(1000);

		ExperimentResult result = this.experiments.run(Experiment.builder("long")
			.runName(longName)
			.metadata(Map.of("notes", longValue))
			.items(List.of(ExperimentItem.of("in", null)))
			.task((item) -> "out")
			.build());

		ReceivedSpan root = span(result.itemResults().get(0).rootObservationId());
		assertThat(root.attribute("langfuse.experiment.name")).isEqualTo(longName);
		assertThat(root.attribute("langfuse.experiment.metadata")).contains(longValue);
		assertThat(root.attribute("langfuse.observation.metadata.notes")).isEqualTo(longValue);
	}

	@Test
	void shouldNestTheTaskObservationsUnderTheItemRootOnEveryThread() {
		ExecutorService pool = Observation.taskWrapping(Executors.newFixedThreadPool(2));
		try {
			ExperimentResult result = this.experiments.run(Experiment.builder("nested")
				.items(List.of(ExperimentItem.of("a", null), ExperimentItem.of("b", null)))
				.task((item) -> {
					try (Observation step = this.client.span("same-thread")) {
						step.output("x");
					}
					Observation root = Observation.current();
					return CompletableFuture.supplyAsync(() -> {
						try (Observation step = this.client.span("other-thread")) {
							return root.id();
						}
					}, pool).join();
				})
				.build());

			for (ItemResult item : result.itemResults()) {
				List<ReceivedSpan> trace = this.server.traces().get(item.traceId());
				assertThat(trace).extracting(ReceivedSpan::name)
					.containsExactlyInAnyOrder("same-thread", "other-thread", "experiment-item-run");
				assertThat(trace).filteredOn((span) -> !span.isRoot())
					.extracting(ReceivedSpan::parentSpanId)
					.containsOnly(item.rootObservationId());
				assertThat(item.output()).isEqualTo(item.rootObservationId());
			}
			this.server.assertContractRespected();
		}
		finally {
			pool.shutdownNow();
		}
	}

	@Test
	void shouldSkipAnItemWithoutInput() {
		ExperimentResult result = this.experiments.run(Experiment.builder("skip")
			.items(List.of(ExperimentItem.of(null, "x"), ExperimentItem.of("y", null)))
			.task((item) -> item.input())
			.build());

		assertThat(result.itemResults().get(0).error()).isEqualTo("skipped: the item has no input");
		assertThat(result.itemResults().get(0).traceId()).isNull();
		assertThat(result.itemResults().get(1).succeeded()).isTrue();
		assertThat(this.server.traces()).hasSize(1);
	}

	@Test
	void shouldRunOverTheDatasetAsItWasAtAPinnedVersion() throws InterruptedException {
		seed("qa", 3);
		Thread.sleep(5);
		Instant version = Instant.now();
		Thread.sleep(5);
		this.server.datasets().addItem("qa", "added later", null);

		ExperimentResult result = this.experiments.run(Experiment.builder("pinned")
			.dataset("qa")
			.datasetVersion(version)
			.task((item) -> item.input())
			.build());

		assertThat(result.itemResults()).extracting(ItemResult::output)
			.containsExactly("question 0", "question 1", "question 2");
		assertThat(this.server.datasets().runItems()).allSatisfy(
				(link) -> assertThat(link.body().path("datasetVersion").asString()).isEqualTo(version.toString()));
		this.server.assertContractRespected();
	}

	@Test
	void shouldNotLinkItemsWhoseTraceIsSampledOutAndSayWhy() {
		seed("qa", 3);
		try (LangfuseClient sampledOut = LangfuseClient.create(this.server.clientConfig().sampleRate(0.0).build())) {
			ExperimentResult result = LangfuseExperiments.create(sampledOut)
				.run(Experiment.builder("sampled")
					.dataset("qa")
					.task((item) -> "out")
					.evaluator((item, output) -> List.of(Evaluation.numeric("kept", 1)))
					.build());

			assertThat(result.itemResults()).allSatisfy((item) -> {
				assertThat(item.traceId()).isNull();
				assertThat(item.linkError()).isEqualTo("not linked: the item's trace was not recorded");
				assertThat(item.evaluations()).extracting(Evaluation::name).containsExactly("kept");
			});
			assertThat(result.unlinkedItems()).isEqualTo(3);
			assertThat(this.server.datasets().runItems()).isEmpty();
			this.server.assertContractRespected();
		}
	}

	@Test
	void shouldRefuseAnEvaluationWhoseValueDoesNotFitItsType() {
		ExperimentResult result = this.experiments.run(Experiment.builder("typed")
			.items(List.of(ExperimentItem.of("in", null)))
			.task((item) -> "out")
			.evaluator("wrong",
					(item, output) -> List.of(new Evaluation("score", io.github.lfwire.langfuse.Score.DataType.NUMERIC,
							"high", null, Map.of())))
			.build());

		assertThat(result.itemResults().get(0).evaluatorErrors()).singleElement()
			.asString()
			.startsWith("evaluator wrong failed: IllegalArgumentException: Evaluation 'score' of type NUMERIC needs a"
					+ " number value");
	}

	private ReceivedSpan span(String spanId) {
		return this.server.spans().stream().filter((span) -> span.spanId().equals(spanId)).findFirst().orElseThrow();
	}

	private String seed(String name, int count) {
		String id = this.server.datasets().create(name);
		for (int i = 0; i < count; i++) {
			this.server.datasets().addItem(name, "question " + i, "answer " + i);
		}
		return id;
	}

	private static String sha256Prefix(String json) throws NoSuchAlgorithmException {
		byte[] digest = MessageDigest.getInstance("SHA-256").digest(json.getBytes(StandardCharsets.UTF_8));
		return HexFormat.of().formatHex(digest, 0, 8);
	}

}
