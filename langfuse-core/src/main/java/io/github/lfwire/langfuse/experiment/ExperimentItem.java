package io.github.lfwire.langfuse.experiment;

import java.util.Map;

import io.github.lfwire.langfuse.dataset.DatasetItem;
import org.jspecify.annotations.Nullable;

/**
 * One input an experiment runs its task on: a dataset item, or local data.
 *
 * @param input the input handed to the task; an item without one is skipped
 * @param expectedOutput what the task should produce, for evaluators, or {@code null}
 * @param metadata the item's metadata, empty when none
 * @param datasetItem the Langfuse dataset item, or {@code null} for local data
 */
public record ExperimentItem(@Nullable Object input, @Nullable Object expectedOutput, Map<String, Object> metadata,
		@Nullable DatasetItem datasetItem) {

	public ExperimentItem {
		metadata = (metadata != null) ? metadata : Map.of();
	}

	/** A local item. */
	public static ExperimentItem of(@Nullable Object input, @Nullable Object expectedOutput) {
		return new ExperimentItem(input, expectedOutput, Map.of(), null);
	}

	/** A local item with metadata. */
	public static ExperimentItem of(@Nullable Object input, @Nullable Object expectedOutput,
			Map<String, Object> metadata) {
		return new ExperimentItem(input, expectedOutput, metadata, null);
	}

	/** The item of a Langfuse dataset. */
	public static ExperimentItem from(DatasetItem item) {
		return new ExperimentItem(item.input(), item.expectedOutput(), item.metadata(), item);
	}

}
