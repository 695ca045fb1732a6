package io.github.lfwire.langfuse.experiment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;

import io.github.lfwire.langfuse.FlushResult;
import org.jspecify.annotations.Nullable;

/**
 * What an experiment run produced: the item results in input order, the run evaluations,
 * the ids and URL of the run in Langfuse, and a text summary.
 */
public final class ExperimentResult {

	private final String name;

	private final String runName;

	private final @Nullable String description;

	private final List<ItemResult> itemResults;

	private final List<Evaluation> runEvaluations;

	private final List<String> runEvaluatorErrors;

	private final String experimentId;

	private final @Nullable String datasetId;

	private final @Nullable String datasetRunId;

	private final @Nullable String datasetRunUrl;

	private final boolean runEvaluationsSent;

	private final FlushResult flush;

	ExperimentResult(String name, String runName, @Nullable String description, List<ItemResult> itemResults,
			List<Evaluation> runEvaluations, List<String> runEvaluatorErrors, String experimentId,
			@Nullable String datasetId, @Nullable String datasetRunId, @Nullable String datasetRunUrl,
			boolean runEvaluationsSent, FlushResult flush) {
		this.name = name;
		this.runName = runName;
		this.description = description;
		this.itemResults = List.copyOf(itemResults);
		this.runEvaluations = List.copyOf(runEvaluations);
		this.runEvaluatorErrors = List.copyOf(runEvaluatorErrors);
		this.experimentId = experimentId;
		this.datasetId = datasetId;
		this.datasetRunId = datasetRunId;
		this.datasetRunUrl = datasetRunUrl;
		this.runEvaluationsSent = runEvaluationsSent;
		this.flush = flush;
	}

	/** The experiment name. */
	public String name() {
		return this.name;
	}

	/** The run name. */
	public String runName() {
		return this.runName;
	}

	/** The description, or {@code null}. */
	public @Nullable String description() {
		return this.description;
	}

	/** One result per item, in input order, failed and skipped items included. */
	public List<ItemResult> itemResults() {
		return this.itemResults;
	}

	/** The evaluations of the run evaluators that succeeded. */
	public List<Evaluation> runEvaluations() {
		return this.runEvaluations;
	}

	/** The failures of run evaluators, empty when none. */
	public List<String> runEvaluatorErrors() {
		return this.runEvaluatorErrors;
	}

	/**
	 * The id stamped as {@code langfuse.experiment.id} on every span: the dataset run id,
	 * else a random id of this run.
	 */
	public String experimentId() {
		return this.experimentId;
	}

	/** The dataset the items came from, or {@code null} for local data. */
	public @Nullable String datasetId() {
		return this.datasetId;
	}

	/** The dataset run the items are linked to, or {@code null} when there is none. */
	public @Nullable String datasetRunId() {
		return this.datasetRunId;
	}

	/** The dataset run's page in Langfuse, or {@code null} when there is no run. */
	public @Nullable String datasetRunUrl() {
		return this.datasetRunUrl;
	}

	/**
	 * Whether the run evaluations were sent as scores of the dataset run; without a run
	 * (local data) they are kept in this result only.
	 */
	public boolean runEvaluationsSent() {
		return this.runEvaluationsSent;
	}

	/** What the flush at the end of the run delivered. */
	public FlushResult flush() {
		return this.flush;
	}

	/** How many items failed or were skipped. */
	public int failedItems() {
		return (int) this.itemResults.stream().filter((result) -> !result.succeeded()).count();
	}

	/** How many evaluators failed, item and run evaluators together. */
	public int evaluatorErrors() {
		return this.itemResults.stream().mapToInt((result) -> result.evaluatorErrors().size()).sum()
				+ this.runEvaluatorErrors.size();
	}

	/** How many items could not be linked to the dataset run. */
	public int unlinkedItems() {
		return (int) this.itemResults.stream().filter((result) -> result.linkError() != null).count();
	}

	/** The average of a numeric or boolean item score over the items that have it. */
	public OptionalDouble averageScore(String name) {
		return this.itemResults.stream()
			.flatMap((result) -> result.evaluations().stream())
			.filter((evaluation) -> evaluation.name().equals(name) && evaluation.number().isPresent())
			.mapToDouble((evaluation) -> evaluation.number().getAsDouble())
			.average();
	}

	/**
	 * The average of every numeric or boolean item score, by name in first-seen order.
	 */
	public Map<String, Double> averageScores() {
		Map<String, double[]> sums = new LinkedHashMap<>();
		for (ItemResult result : this.itemResults) {
			for (Evaluation evaluation : result.evaluations()) {
				evaluation.number().ifPresent((value) -> {
					double[] sum = sums.computeIfAbsent(evaluation.name(), (key) -> new double[2]);
					sum[0] += value;
					sum[1]++;
				});
			}
		}
		Map<String, Double> averages = new LinkedHashMap<>();
		sums.forEach((key, sum) -> averages.put(key, sum[0] / sum[1]));
		return averages;
	}

	/** The value of a numeric or boolean run evaluation, or empty. */
	public OptionalDouble runScore(String name) {
		return this.runEvaluations.stream()
			.filter((evaluation) -> evaluation.name().equals(name) && evaluation.number().isPresent())
			.mapToDouble((evaluation) -> evaluation.number().getAsDouble())
			.findFirst();
	}

	/**
	 * A text summary: the counts, the average of each numeric score, the run evaluations,
	 * the failures and the dataset run URL.
	 */
	public String summary() {
		StringBuilder text = new StringBuilder();
		text.append("Experiment '")
			.append(this.name)
			.append("', run '")
			.append(this.runName)
			.append("': ")
			.append(this.itemResults.size())
			.append(" items, ")
			.append(this.itemResults.size() - failedItems())
			.append(" succeeded, ")
			.append(failedItems())
			.append(" failed\n");
		Map<String, Long> counts = new LinkedHashMap<>();
		this.itemResults.forEach((result) -> result.evaluations()
			.forEach((evaluation) -> counts.merge(evaluation.name(), 1L, Long::sum)));
		Map<String, Double> averages = averageScores();
		if (!averages.isEmpty()) {
			text.append("Average scores:\n");
			averages.forEach((key, value) -> text.append("  ")
				.append(key)
				.append(": ")
				.append(format(value))
				.append(" (")
				.append(counts.get(key))
				.append(" items)\n"));
		}
		if (!this.runEvaluations.isEmpty()) {
			text.append("Run evaluations")
				.append(this.runEvaluationsSent ? "" : " (kept here only: local data has no dataset run to score)")
				.append(":\n");
			this.runEvaluations.forEach((evaluation) -> text.append("  ")
				.append(evaluation.name())
				.append(": ")
				.append((evaluation.value() instanceof Double number) ? format(number) : evaluation.value())
				.append((evaluation.comment() != null) ? " (" + evaluation.comment() + ")" : "")
				.append('\n'));
		}
		List<String> problems = new ArrayList<>();
		for (ItemResult result : this.itemResults) {
			if (result.error() != null) {
				problems.add("item " + result.index() + ": " + result.error());
			}
			result.evaluatorErrors().forEach((error) -> problems.add("item " + result.index() + ": " + error));
			if (result.linkError() != null) {
				problems.add("item " + result.index() + " not linked: " + result.linkError());
			}
		}
		this.runEvaluatorErrors.forEach(problems::add);
		if (!problems.isEmpty()) {
			text.append("Failures (").append(problems.size()).append("):\n");
			problems.forEach((problem) -> text.append("  ").append(problem).append('\n'));
		}
		if (this.datasetRunUrl != null) {
			text.append("Dataset run: ").append(this.datasetRunUrl).append('\n');
		}
		else {
			text.append("Experiment id: ").append(this.experimentId).append('\n');
		}
		return text.toString();
	}

	private static String format(double value) {
		return String.format(Locale.ROOT, "%.3f", value);
	}

	@Override
	public String toString() {
		return "ExperimentResult{name=" + this.name + ", runName=" + this.runName + ", items=" + this.itemResults.size()
				+ ", failed=" + failedItems() + ", datasetRunId=" + this.datasetRunId + "}";
	}

}
