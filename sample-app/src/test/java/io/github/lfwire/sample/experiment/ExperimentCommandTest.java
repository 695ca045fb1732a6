package io.github.lfwire.sample.experiment;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.github.lfwire.langfuse.testing.FakeDatasets;
import io.github.lfwire.langfuse.testing.FakeLangfuseServer;
import io.github.lfwire.langfuse.testing.ReceivedScore;
import io.github.lfwire.sample.SampleApplication;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample's experiment mode, started as README says, over a Langfuse dataset of 55
 * items.
 */
@ExtendWith(OutputCaptureExtension.class)
class ExperimentCommandTest {

	private static final int ITEMS = 55;

	private final FakeLangfuseServer server = FakeLangfuseServer.start();

	@AfterEach
	void stop() {
		this.server.close();
	}

	@Test
	void shouldLinkScoreAndSummarizeEveryItemInOneRunAndExitZero(CapturedOutput output) {
		String datasetId = seed();

		int exitCode = SampleApplication.runExperiment(args("--sample.experiment.dataset=support-questions"));

		assertThat(exitCode).isZero();
		List<FakeDatasets.RunItem> links = this.server.datasets().runItems();
		assertThat(links).hasSize(ITEMS);
		assertThat(links).extracting(FakeDatasets.RunItem::datasetItemId).doesNotHaveDuplicates();
		Set<String> runIds = links.stream().map(FakeDatasets.RunItem::datasetRunId).collect(Collectors.toSet());
		assertThat(runIds).hasSize(1);
		String runId = runIds.iterator().next();
		List<ReceivedScore> scores = this.server.scores();
		for (FakeDatasets.RunItem link : links) {
			assertThat(scores)
				.filteredOn((score) -> link.traceId().equals(score.traceId())
						&& link.observationId().equals(score.observationId()))
				.extracting(ReceivedScore::name)
				.containsExactlyInAnyOrder("answered", "overlap");
		}
		assertThat(scores).filteredOn((score) -> runId.equals(score.datasetRunId()))
			.extracting(ReceivedScore::name)
			.containsExactly("answered_rate");
		assertThat(output.getOut()).contains("Experiment 'sample-chat', run 'sample-chat - ",
				"55 items, 55 succeeded, 0 failed", "answered: ", "overlap: ", "answered_rate: ", "Dataset run: "
						+ this.server.baseUrl() + "/project/fake-project/datasets/" + datasetId + "/runs/" + runId);
		assertThat(this.server.traces()).hasSize(ITEMS);
		assertThat(output.getOut()).doesNotContain("screenshot");
		this.server.assertContractRespected();
	}

	@Test
	void shouldExitOneWhenAnAverageIsBelowTheMinimum(CapturedOutput output) {
		seed();

		int exitCode = SampleApplication.runExperiment(
				args("--sample.experiment.dataset=support-questions", "--sample.experiment.min-average=1.01"));

		assertThat(exitCode).isEqualTo(1);
		assertThat(output.getOut()).contains("Below the minimum average 1.01: [answered=");
		assertThat(this.server.datasets().runItems()).hasSize(ITEMS);
	}

	@Test
	void shouldExitTwoWhenTheDatasetDoesNotExist(CapturedOutput output) {
		int exitCode = SampleApplication.runExperiment(args("--sample.experiment.dataset=missing"));

		assertThat(exitCode).isEqualTo(2);
		assertThat(output.getOut())
			.contains("The experiment did not run: Langfuse refused dataset 'missing': HTTP 404");
	}

	@Test
	void shouldRecognizeOnlyTheDatasetArgument() {
		assertThat(ExperimentCommand.isRequested("--sample.experiment.dataset=qa")).isTrue();
		assertThat(ExperimentCommand.isRequested("--sample.experiment.dataset=")).isFalse();
		assertThat(ExperimentCommand.isRequested("--server.port=0")).isFalse();
	}

	private String seed() {
		String datasetId = this.server.datasets().create("support-questions");
		String[] questions = { "How do I share a folder with my team?", "Can I make it read-only for them?",
				"I was charged twice on my last invoice, can you check?", "How do I turn on two-step verification?",
				"How do I restore a deleted file?" };
		for (int i = 0; i < ITEMS; i++) {
			String question = questions[i % questions.length];
			Object input = (i % 2 == 0) ? question : Map.of("message", question);
			this.server.datasets().addItem("support-questions", input, (i % 3 == 0) ? null : question);
		}
		return datasetId;
	}

	private String[] args(String... extra) {
		List<String> args = new ArrayList<>(List.of("--langfuse.host=" + this.server.baseUrl(),
				"--langfuse.public-key=" + FakeLangfuseServer.PUBLIC_KEY,
				"--langfuse.secret-key=" + FakeLangfuseServer.SECRET_KEY, "--sample.model.latency=1ms",
				"--sample.retrieval.latency=1ms", "--langfuse.export.flush-interval=100ms"));
		args.addAll(List.of(extra));
		return args.toArray(String[]::new);
	}

}
