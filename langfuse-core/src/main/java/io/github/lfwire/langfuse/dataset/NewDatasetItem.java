package io.github.lfwire.langfuse.dataset;

import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * An item to create in a dataset, or to update when its id exists; input and expected
 * output are any values Jackson can write.
 *
 * @param datasetName the dataset
 * @param id the item id, or {@code null} for a random UUID
 * @param input the input
 * @param expectedOutput the expected output, or {@code null}
 * @param metadata the metadata, empty when none
 * @param archived whether the item is archived, so that runs skip it
 */
public record NewDatasetItem(String datasetName, @Nullable String id, @Nullable Object input,
		@Nullable Object expectedOutput, Map<String, Object> metadata, boolean archived) {

	public NewDatasetItem {
		Objects.requireNonNull(datasetName, "datasetName");
		metadata = (metadata != null) ? Map.copyOf(metadata) : Map.of();
	}

	/** An active item with a random id and no metadata. */
	public static NewDatasetItem of(String datasetName, @Nullable Object input, @Nullable Object expectedOutput) {
		return new NewDatasetItem(datasetName, null, input, expectedOutput, Map.of(), false);
	}

}
