package io.github.lfwire.langfuse.dataset;

import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * One item of a Langfuse dataset; input and expected output are JSON values as plain Java
 * objects: maps, lists, strings, numbers, booleans or {@code null}.
 *
 * @param id the item id
 * @param datasetId the dataset id
 * @param datasetName the dataset name
 * @param status {@code ACTIVE} or {@code ARCHIVED}
 * @param input the input, or {@code null}
 * @param expectedOutput the expected output, or {@code null}
 * @param metadata the metadata, empty when none
 * @param sourceTraceId the trace the item was made from, or {@code null}
 * @param sourceObservationId the observation the item was made from, or {@code null}
 */
public record DatasetItem(String id, String datasetId, String datasetName, String status, @Nullable Object input,
		@Nullable Object expectedOutput, Map<String, Object> metadata, @Nullable String sourceTraceId,
		@Nullable String sourceObservationId) {

	public DatasetItem {
		metadata = (metadata != null) ? metadata : Map.of();
	}

}
