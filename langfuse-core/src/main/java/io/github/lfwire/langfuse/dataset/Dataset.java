package io.github.lfwire.langfuse.dataset;

import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A Langfuse dataset.
 *
 * @param id the dataset id
 * @param projectId the project it belongs to
 * @param name the dataset name
 * @param description the description, or {@code null}
 * @param metadata the metadata, empty when none
 */
public record Dataset(String id, String projectId, String name, @Nullable String description,
		Map<String, Object> metadata) {

	public Dataset {
		metadata = (metadata != null) ? metadata : Map.of();
	}

}
