package io.github.lfwire.langfuse.test;

import java.util.List;

import io.github.lfwire.langfuse.LangfuseClient;
import io.github.lfwire.langfuse.experiment.Evaluation;
import io.github.lfwire.langfuse.experiment.Experiment;
import io.github.lfwire.langfuse.experiment.ExperimentItem;
import io.github.lfwire.langfuse.experiment.ExperimentResult;
import io.github.lfwire.langfuse.experiment.LangfuseExperiments;
import io.github.lfwire.langfuse.testing.FakeLangfuseServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static io.github.lfwire.langfuse.test.ExperimentAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

class ExperimentAssertionsTest {

	private static FakeLangfuseServer server;

	private static LangfuseClient client;

	private static ExperimentResult result;

	@BeforeAll
	static void runExperiment() {
		server = FakeLangfuseServer.start();
		client = LangfuseClient.create(server.clientConfig().build());
		result = LangfuseExperiments.create(client)
			.run(Experiment.builder("gate")
				.runName("gate run")
				.items(List.of(ExperimentItem.of("a", "a"), ExperimentItem.of("b", "x"), ExperimentItem.of("c", "c"),
						ExperimentItem.of("d", "d")))
				.task((item) -> item.input())
				.evaluator((item, output) -> List.of(Evaluation.bool("exact", output.equals(item.expectedOutput()))))
				.runEvaluator((results) -> List.of(Evaluation.numeric("items", results.size())))
				.build());
	}

	@AfterAll
	static void stop() {
		client.close();
		server.close();
	}

	@Test
	void shouldPassWhenTheAverageReachesTheMinimum() {
		assertThatNoException().isThrownBy(() -> assertThat(result).hasNoFailedItems()
			.hasNoEvaluatorErrors()
			.averageScore("exact")
			.isAtLeast(0.75)
			.runScore("items")
			.isAtMost(4));
	}

	@Test
	void shouldFailWithTheScoreTheBoundAndTheSummaryWhenTheAverageIsBelow() {
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> assertThat(result).averageScore("exact").isAtLeast(0.8))
			.withMessageStartingWith(
					"Experiment 'gate', run 'gate run': average of score 'exact' is 0.750, expected at least 0.800")
			.withMessageContaining("exact: 0.750 (4 items)");
	}

	@Test
	void shouldFailWhenAnyAverageIsBelowTheMinimum() {
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> assertThat(result).everyAverageScoreIsAtLeast(0.9))
			.withMessageContaining("average of score 'exact' is 0.750");
	}

	@Test
	void shouldFailOnAScoreNoItemHas() {
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> assertThat(result).averageScore("accuracy").isAtLeast(0.1))
			.withMessageContaining("no item has a numeric score 'accuracy'; item scores: [exact]");
	}

	@Test
	void shouldFailOnAMissingRunScore() {
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> assertThat(result).runScore("mean").isAtLeast(0.1))
			.withMessageContaining("no numeric run evaluation 'mean'; run evaluations: [items]");
	}

}
