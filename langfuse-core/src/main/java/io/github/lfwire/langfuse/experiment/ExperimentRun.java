package io.github.lfwire.langfuse.experiment;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

import io.github.lfwire.langfuse.Observation;
import io.github.lfwire.langfuse.dataset.DatasetItem;
import io.github.lfwire.langfuse.dataset.DatasetRunItem;
import io.github.lfwire.langfuse.dataset.DatasetRunItemRequest;
import io.github.lfwire.langfuse.dataset.LangfuseDatasets;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import static io.github.lfwire.langfuse.experiment.LangfuseExperiments.DATASET_ID;
import static io.github.lfwire.langfuse.experiment.LangfuseExperiments.ENVIRONMENT;
import static io.github.lfwire.langfuse.experiment.LangfuseExperiments.EXPERIMENT_DESCRIPTION;
import static io.github.lfwire.langfuse.experiment.LangfuseExperiments.EXPERIMENT_ID;
import static io.github.lfwire.langfuse.experiment.LangfuseExperiments.EXPERIMENT_METADATA;
import static io.github.lfwire.langfuse.experiment.LangfuseExperiments.EXPERIMENT_NAME;
import static io.github.lfwire.langfuse.experiment.LangfuseExperiments.ITEM_EXPECTED_OUTPUT;
import static io.github.lfwire.langfuse.experiment.LangfuseExperiments.ITEM_ID;
import static io.github.lfwire.langfuse.experiment.LangfuseExperiments.ITEM_METADATA;
import static io.github.lfwire.langfuse.experiment.LangfuseExperiments.ITEM_ROOT_OBSERVATION_ID;

/**
 * The state one run of an experiment shares between its items, and how it links each item
 * to the dataset run and stamps the item's trace.
 */
final class ExperimentRun {

	private static final Logger logger = System.getLogger(LangfuseExperiments.class.getName());

	private static final JsonMapper JSON = JsonMapper.builder().build();

	final Experiment experiment;

	final String runName;

	final AtomicInteger notRecorded = new AtomicInteger();

	final String fallbackId;

	private final ReentrantLock primer = new ReentrantLock();

	volatile @Nullable String datasetRunId;

	ExperimentRun(Experiment experiment, String runName, String fallbackId) {
		this.experiment = experiment;
		this.runName = runName;
		this.fallbackId = fallbackId;
	}

	/**
	 * Links the item to the run; until a run id is known, one link at a time, so every
	 * item learns the same run id.
	 */
	String link(LangfuseDatasets datasets, DatasetItem item, Observation root) {
		DatasetRunItemRequest request = new DatasetRunItemRequest(this.runName, this.experiment.description(),
				this.experiment.metadata(), item.id(), root.traceId(), root.id(), this.experiment.datasetVersion());
		if (this.datasetRunId == null) {
			this.primer.lock();
			try {
				if (this.datasetRunId == null) {
					DatasetRunItem linked = datasets.linkRunItem(request);
					this.datasetRunId = linked.datasetRunId();
					return linked.datasetRunId();
				}
			}
			finally {
				this.primer.unlock();
			}
		}
		DatasetRunItem linked = datasets.linkRunItem(request);
		if (!linked.datasetRunId().equals(this.datasetRunId)) {
			logger.log(Level.WARNING, "Experiment '" + this.experiment.name() + "': item " + item.id()
					+ " was linked to run " + linked.datasetRunId() + ", not " + this.datasetRunId);
		}
		return linked.datasetRunId();
	}

	void stamp(ExperimentItem item, Observation root, String experimentId) {
		DatasetItem datasetItem = item.datasetItem();
		root.trace()
			.environment(ENVIRONMENT)
			.attribute(EXPERIMENT_ID, experimentId)
			.attribute(EXPERIMENT_NAME, this.runName)
			.attribute(ITEM_ID, (datasetItem != null) ? datasetItem.id() : localItemId(item.input()))
			.attribute(ITEM_ROOT_OBSERVATION_ID, root.id());
		if (datasetItem != null) {
			root.trace().attribute(DATASET_ID, datasetItem.datasetId());
		}
		if (!this.experiment.metadata().isEmpty()) {
			root.trace().attribute(EXPERIMENT_METADATA, json(this.experiment.metadata()));
		}
		if (!item.metadata().isEmpty()) {
			root.trace().attribute(ITEM_METADATA, json(item.metadata()));
		}
		root.attribute(EXPERIMENT_DESCRIPTION, this.experiment.description());
		if (item.expectedOutput() != null) {
			root.attribute(ITEM_EXPECTED_OUTPUT,
					(item.expectedOutput() instanceof String text) ? text : json(item.expectedOutput()));
		}
		Map<String, Object> metadata = new LinkedHashMap<>(item.metadata());
		metadata.putAll(this.experiment.metadata());
		metadata.put("experiment_name", this.experiment.name());
		metadata.put("experiment_run_name", this.runName);
		if (datasetItem != null) {
			metadata.put("dataset_id", datasetItem.datasetId());
			metadata.put("dataset_item_id", datasetItem.id());
		}
		root.input(item.input()).metadata(metadata);
	}

	private static String localItemId(@Nullable Object input) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(json(input).getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest, 0, 8);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is missing from this JVM", ex);
		}
	}

	private static String json(@Nullable Object value) {
		try {
			return JSON.writeValueAsString(value);
		}
		catch (RuntimeException ex) {
			return JSON.writeValueAsString(String.valueOf(value));
		}
	}

}
