package io.github.lfwire.langfuse.experiment;

import java.util.List;

import org.jspecify.annotations.Nullable;

/** Scores the output of one item; its evaluations become scores on the item's root. */
@FunctionalInterface
public interface ItemEvaluator {

	/**
	 * Evaluates one output.
	 * @param item the item, with its expected output
	 * @param output what the task returned
	 * @return the evaluations, empty for none
	 * @throws Exception when it cannot evaluate; it is recorded and the others go on
	 */
	List<Evaluation> evaluate(ExperimentItem item, @Nullable Object output) throws Exception;

}
