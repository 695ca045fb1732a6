package io.github.lfwire.langfuse.experiment;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * What became of one item of an experiment.
 *
 * @param index the item's position in the input, from 0
 * @param item the item
 * @param output what the task returned, or {@code null} when it failed
 * @param evaluations the evaluations of the item evaluators that succeeded
 * @param traceId the item's trace, or {@code null} when the item was skipped
 * @param rootObservationId the item's root observation, or {@code null} when skipped
 * @param datasetRunId the dataset run the item is linked to, or {@code null}
 * @param error why the task failed or the item was skipped, or {@code null}
 * @param evaluatorErrors the failures of item evaluators, empty when none
 * @param linkError why the item could not be linked to the dataset run, or {@code null}
 */
public record ItemResult(int index, ExperimentItem item, @Nullable Object output, List<Evaluation> evaluations,
		@Nullable String traceId, @Nullable String rootObservationId, @Nullable String datasetRunId,
		@Nullable String error, List<String> evaluatorErrors, @Nullable String linkError) {

	public ItemResult {
		evaluations = List.copyOf(evaluations);
		evaluatorErrors = List.copyOf(evaluatorErrors);
	}

	/** Whether the task ran and returned. */
	public boolean succeeded() {
		return this.error == null;
	}

}
