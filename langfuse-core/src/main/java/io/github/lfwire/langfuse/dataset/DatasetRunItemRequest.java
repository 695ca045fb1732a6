package io.github.lfwire.langfuse.dataset;

import java.time.Instant;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A request to link a dataset item to the trace that ran it, creating the run on first
 * use.
 *
 * @param runName the run name
 * @param runDescription the run description, or {@code null}
 * @param metadata the run metadata, empty when none
 * @param datasetItemId the dataset item
 * @param traceId the trace, 32 lowercase hex characters
 * @param observationId the item's root observation, 16 lowercase hex characters
 * @param datasetVersion the dataset version the item was read at, or {@code null}
 */
public record DatasetRunItemRequest(String runName, @Nullable String runDescription, Map<String, Object> metadata,
		String datasetItemId, String traceId, String observationId, @Nullable Instant datasetVersion) {

	public DatasetRunItemRequest {
		metadata = (metadata != null) ? metadata : Map.of();
	}

}
