package io.github.lfwire.langfuse.experiment;

import org.jspecify.annotations.Nullable;

/**
 * The application code an experiment evaluates, called once per item with the item's root
 * observation current.
 */
@FunctionalInterface
public interface ExperimentTask {

	/**
	 * Runs the application on one item.
	 * @param item the item
	 * @return the output, handed to the evaluators and recorded as the root's output
	 * @throws Exception when the item fails; it is recorded and the run goes on
	 */
	@Nullable Object run(ExperimentItem item) throws Exception;

}
