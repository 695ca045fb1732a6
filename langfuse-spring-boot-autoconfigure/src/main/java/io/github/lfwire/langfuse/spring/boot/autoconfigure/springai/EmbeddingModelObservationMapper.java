package io.github.lfwire.langfuse.spring.boot.autoconfigure.springai;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.lfwire.langfuse.Observation;
import io.github.lfwire.langfuse.ObservationType;
import io.github.lfwire.langfuse.capture.ImmutableValues;
import org.jspecify.annotations.Nullable;

import org.springframework.ai.embedding.Embedding;
import org.springframework.ai.embedding.EmbeddingOptions;
import org.springframework.ai.embedding.EmbeddingRequest;
import org.springframework.ai.embedding.EmbeddingResponse;
import org.springframework.ai.embedding.EmbeddingResponseMetadata;
import org.springframework.ai.embedding.observation.EmbeddingModelObservationContext;

/**
 * Records an embedding call as an embedding observation: texts in, counts and dimensions
 * out, never vectors.
 */
final class EmbeddingModelObservationMapper implements SpringAiObservationMapper<EmbeddingModelObservationContext> {

	@Override
	public Class<EmbeddingModelObservationContext> contextType() {
		return EmbeddingModelObservationContext.class;
	}

	@Override
	public ObservationType type(EmbeddingModelObservationContext context) {
		return ObservationType.EMBEDDING;
	}

	@Override
	public @Nullable String name(EmbeddingModelObservationContext context) {
		EmbeddingOptions options = context.getRequest().getOptions();
		return SpringAiPayloads.operationName(context.getOperationMetadata().operationType(),
				(options != null) ? options.getModel() : null);
	}

	@Override
	public void onStart(EmbeddingModelObservationContext context, Observation observation, Capture capture) {
		EmbeddingRequest request = context.getRequest();
		EmbeddingOptions options = request.getOptions();
		if (options != null) {
			observation.model(options.getModel());
			if (options.getDimensions() != null) {
				observation.modelParameters(Map.of("dimensions", options.getDimensions()));
			}
		}
		observation.metadata("provider", context.getOperationMetadata().provider());
		if (capture.input()) {
			observation.input(request.getInstructions());
		}
	}

	@Override
	public void onStop(EmbeddingModelObservationContext context, Observation observation, Capture capture) {
		EmbeddingResponse response = context.getResponse();
		if (response == null) {
			return;
		}
		EmbeddingResponseMetadata metadata = response.getMetadata();
		if (metadata != null) {
			if (SpringAiPayloads.hasText(metadata.getModel())) {
				observation.model(metadata.getModel());
			}
			Map<String, Long> usage = SpringAiPayloads.usage(metadata.getUsage());
			usage.remove("output");
			if (!usage.isEmpty()) {
				observation.usageDetails(usage);
			}
		}
		List<Embedding> results = response.getResults();
		Map<String, Object> summary = new LinkedHashMap<>();
		summary.put("embeddings", (results != null) ? results.size() : 0);
		if (results != null && !results.isEmpty() && results.get(0).getOutput() != null) {
			summary.put("dimensions", results.get(0).getOutput().length);
		}
		if (summary.containsKey("dimensions")) {
			observation.metadata("dimensions", summary.get("dimensions"));
		}
		if (capture.output()) {
			observation.output(ImmutableValues.frozenCopy(summary));
		}
	}

}
