package io.github.lfwire.langfuse.test;

import java.util.List;
import java.util.Map;

import io.github.lfwire.langfuse.LangfuseClient;
import io.github.lfwire.langfuse.LangfuseConfig;
import io.github.lfwire.langfuse.experiment.Evaluation;
import io.github.lfwire.langfuse.experiment.Experiment;
import io.github.lfwire.langfuse.experiment.ExperimentResult;
import io.github.lfwire.langfuse.experiment.LangfuseExperiments;
import io.github.lfwire.langfuse.testing.FakeLangfuseServer;
import org.junit.jupiter.api.Test;

import static io.github.lfwire.langfuse.test.ExperimentAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The two snippets of README's datasets and experiments section, against the fake server.
 */
class ReadmeExperimentExampleTest {

	private static final Map<String, String> CAPITALS = Map.of("France", "Paris", "Italy", "Rome", "Spain", "Madrid",
			"Peru", "Lima", "Chile", "Santiago");

	@Test
	void shouldRunTheReadmeExperimentAndGateOnIt() {
		try (FakeLangfuseServer server = FakeLangfuseServer.start()) {
			server.datasets().create("capital-questions");
			CAPITALS.forEach((country, capital) -> server.datasets().addItem("capital-questions", country, capital));
			Map<String, String> env = Map.of("LANGFUSE_PUBLIC_KEY", FakeLangfuseServer.PUBLIC_KEY,
					"LANGFUSE_SECRET_KEY", FakeLangfuseServer.SECRET_KEY, "LANGFUSE_BASE_URL", server.baseUrl());
			ExperimentResult result;

			try (LangfuseClient langfuse = LangfuseClient.create(LangfuseConfig.fromEnvironment(env).build())) {
				LangfuseExperiments experiments = LangfuseExperiments.create(langfuse);
				result = experiments.run(Experiment.builder("capitals")
					.dataset("capital-questions")
					.description("prompt v3")
					.metadata(Map.of("model", "gpt-4o-mini"))
					.task((item) -> answer((String) item.input()))
					.evaluator("exact",
							(item, output) -> List.of(Evaluation.bool("exact", output.equals(item.expectedOutput()))))
					.runEvaluator("accuracy",
							(results) -> List.of(Evaluation.numeric("accuracy",
									results.stream().filter((r) -> r.output().equals(r.item().expectedOutput())).count()
											/ (double) results.size())))
					.build());
				System.out.println(result.summary());
			}

			ExperimentResult run = result;
			assertThat(run).hasNoFailedItems().averageScore("exact").isAtLeast(0.8).runScore("accuracy").isAtLeast(0.8);
			assertThatExceptionOfType(AssertionError.class)
				.isThrownBy(() -> assertThat(run).averageScore("exact").isAtLeast(0.9))
				.withMessageContaining("average of score 'exact' is 0.800, expected at least 0.900");
			server.assertContractRespected();
		}
	}

	/** The application under test: knows every capital but Chile's. */
	private static String answer(String country) {
		return "Chile".equals(country) ? "Valparaiso" : CAPITALS.get(country);
	}

}
