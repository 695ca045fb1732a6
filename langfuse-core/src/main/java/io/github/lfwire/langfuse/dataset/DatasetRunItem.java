package io.github.lfwire.langfuse.dataset;

/**
 * The link of one dataset item to a trace within a dataset run.
 *
 * @param id the link id
 * @param datasetRunId the dataset run the link belongs to
 * @param datasetRunName the run name
 * @param datasetItemId the dataset item
 * @param traceId the linked trace
 * @param observationId the linked observation, the item's root
 */
public record DatasetRunItem(String id, String datasetRunId, String datasetRunName, String datasetItemId,
		String traceId, String observationId) {
}
