package io.github.lfwire.langfuse.experiment;

import java.util.List;

/**
 * Scores a whole run from the results of the items whose task succeeded, such as an
 * average or a pass rate.
 */
@FunctionalInterface
public interface RunEvaluator {

	/**
	 * Evaluates the run.
	 * @param results the successful item results, in input order
	 * @return the evaluations, empty for none
	 * @throws Exception when it cannot evaluate; it is recorded and the others go on
	 */
	List<Evaluation> evaluate(List<ItemResult> results) throws Exception;

}
