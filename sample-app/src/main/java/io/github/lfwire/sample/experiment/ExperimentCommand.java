package io.github.lfwire.sample.experiment;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import io.github.lfwire.langfuse.dataset.LangfuseDatasetException;
import io.github.lfwire.langfuse.experiment.Evaluation;
import io.github.lfwire.langfuse.experiment.Experiment;
import io.github.lfwire.langfuse.experiment.ExperimentItem;
import io.github.lfwire.langfuse.experiment.ExperimentResult;
import io.github.lfwire.langfuse.experiment.ItemResult;
import io.github.lfwire.langfuse.experiment.LangfuseExperiments;
import io.github.lfwire.sample.chat.ChatRequest;
import io.github.lfwire.sample.chat.ChatWorkflow;
import io.github.lfwire.sample.model.Words;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.ExitCodeGenerator;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * Runs the chat workflow as the task of an experiment over every item of the Langfuse
 * dataset {@code sample.experiment.dataset}, scores each answer, prints the summary and
 * sets the exit code: 0, or 1 when an average is below
 * {@code sample.experiment.min-average}, or 2 when the dataset cannot be read.
 */
@Component
@ConditionalOnProperty("sample.experiment.dataset")
public class ExperimentCommand implements ApplicationRunner, ExitCodeGenerator {

	static final String DATASET_ARGUMENT = "--sample.experiment.dataset=";

	private static final String REFUSAL = "Sorry, I can't";

	private final ExperimentProperties properties;

	private final LangfuseExperiments experiments;

	private final ChatWorkflow workflow;

	private volatile int exitCode;

	public ExperimentCommand(ExperimentProperties properties, LangfuseExperiments experiments, ChatWorkflow workflow) {
		this.properties = properties;
		this.experiments = experiments;
		this.workflow = workflow;
	}

	/** Whether the command line asks for an experiment run. */
	public static boolean isRequested(String... args) {
		for (String arg : args) {
			if (arg.startsWith(DATASET_ARGUMENT) && arg.length() > DATASET_ARGUMENT.length()) {
				return true;
			}
		}
		return false;
	}

	@Override
	public void run(ApplicationArguments args) {
		ExperimentResult result;
		try {
			result = this.experiments.run(experiment(this.properties.dataset()));
		}
		catch (LangfuseDatasetException ex) {
			System.out.println("The experiment did not run: " + ex.getMessage());
			this.exitCode = 2;
			return;
		}
		System.out.println(result.summary());
		List<String> below = below(result, this.properties.minAverage());
		if (!below.isEmpty()) {
			System.out.println("Below the minimum average " + this.properties.minAverage() + ": " + below);
			this.exitCode = 1;
		}
	}

	@Override
	public int getExitCode() {
		return this.exitCode;
	}

	Experiment experiment(String dataset) {
		return Experiment.builder("sample-chat")
			.dataset(dataset)
			.description("The sample's chat workflow over dataset " + dataset)
			.metadata(Map.of("workflow", "ChatWorkflow"))
			.task((item) -> this.workflow
				.handle(new ChatRequest("experiment", "experiment-" + UUID.randomUUID(), message(item)))
				.reply())
			.evaluator("answered",
					(item, output) -> List
						.of(Evaluation.numeric("answered", String.valueOf(output).startsWith(REFUSAL) ? 0.0 : 1.0)
							.withComment("1 unless the workflow refused or withheld the answer")))
			.evaluator("overlap", ExperimentCommand::overlap)
			.runEvaluator("answered-rate",
					(results) -> List.of(Evaluation.numeric("answered_rate",
							results.stream().mapToDouble((result) -> score(result, "answered")).average().orElse(0.0))))
			.build();
	}

	private static List<Evaluation> overlap(ExperimentItem item, Object output) {
		Object expected = item.expectedOutput();
		String reference = (expected != null) ? String.valueOf(expected) : message(item);
		return List.of(Evaluation.numeric("overlap", Words.overlap(reference, String.valueOf(output)))
			.withComment("share of the " + ((expected != null) ? "expected output's" : "question's")
					+ " terms found in the answer"));
	}

	private static double score(ItemResult result, String name) {
		return result.evaluations()
			.stream()
			.filter((evaluation) -> evaluation.name().equals(name))
			.mapToDouble((evaluation) -> evaluation.number().orElse(0.0))
			.findFirst()
			.orElse(0.0);
	}

	/**
	 * The chat message of an item: its input as text, or the {@code message} of an
	 * object.
	 */
	static String message(ExperimentItem item) {
		Object input = item.input();
		if (input instanceof String text) {
			return text;
		}
		if (input instanceof Map<?, ?> map && map.get("message") instanceof String text) {
			return text;
		}
		throw new IllegalArgumentException("the input is neither a string nor {\"message\": ...}: " + input);
	}

	/** The item score averages and numeric run evaluations below the minimum. */
	static List<String> below(ExperimentResult result, Double minimum) {
		List<String> below = new ArrayList<>();
		if (minimum == null) {
			return below;
		}
		result.averageScores().forEach((name, average) -> {
			if (average < minimum) {
				below.add(name + "=" + String.format(Locale.ROOT, "%.3f", average));
			}
		});
		result.runEvaluations().forEach((evaluation) -> evaluation.number().ifPresent((value) -> {
			if (value < minimum) {
				below.add(evaluation.name() + "=" + String.format(Locale.ROOT, "%.3f", value));
			}
		}));
		return below;
	}

}
