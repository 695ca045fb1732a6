package io.github.lfwire.langfuse.spring.boot.autoconfigure.springai;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.lfwire.langfuse.Observation;
import io.github.lfwire.langfuse.ObservationType;
import io.github.lfwire.langfuse.capture.ImmutableValues;
import org.jspecify.annotations.Nullable;

import org.springframework.ai.document.Document;
import org.springframework.ai.vectorstore.SearchRequest;
import org.springframework.ai.vectorstore.observation.VectorStoreObservationContext;

/**
 * Records a vector store query as a retriever observation, other vector store operations
 * as spans. Its input and output are built as maps and lists that cannot change, so their
 * JSON can be written off the caller's thread when it fits the capture limit.
 */
final class VectorStoreObservationMapper implements SpringAiObservationMapper<VectorStoreObservationContext> {

	/** The keys of a retrieved document's entry, in the order they are written. */
	private static final String[] DOCUMENT_KEYS = { "id", "text", "score", "metadata" };

	@Override
	public Class<VectorStoreObservationContext> contextType() {
		return VectorStoreObservationContext.class;
	}

	@Override
	public ObservationType type(VectorStoreObservationContext context) {
		return VectorStoreObservationContext.Operation.QUERY.value().equals(context.getOperationName())
				? ObservationType.RETRIEVER : ObservationType.SPAN;
	}

	@Override
	public @Nullable String name(VectorStoreObservationContext context) {
		return SpringAiPayloads.operationName(context.getDatabaseSystem(), context.getOperationName());
	}

	@Override
	public void onStart(VectorStoreObservationContext context, Observation observation, Capture capture) {
		observation.metadata("db_system", context.getDatabaseSystem());
		if (context.getCollectionName() != null) {
			observation.metadata("collection", context.getCollectionName());
		}
		SearchRequest request = context.getQueryRequest();
		if (request != null && capture.input()) {
			Map<String, Object> query = new LinkedHashMap<>();
			query.put("query", request.getQuery());
			query.put("top_k", request.getTopK());
			query.put("similarity_threshold", request.getSimilarityThreshold());
			if (request.hasFilterExpression()) {
				query.put("filter", String.valueOf(request.getFilterExpression()));
			}
			observation.input(ImmutableValues.frozenCopy(query));
		}
	}

	@Override
	public void onStop(VectorStoreObservationContext context, Observation observation, Capture capture) {
		List<Document> documents = context.getQueryResponse();
		if (documents == null) {
			return;
		}
		observation.metadata("documents", documents.size());
		if (capture.output()) {
			List<Map<String, Object>> output = new ArrayList<>(documents.size());
			for (Document document : documents) {
				Map<String, Object> metadata = document.getMetadata();
				output.add(ImmutableValues.frozenMap(DOCUMENT_KEYS, new Object[] { document.getId(), document.getText(),
						document.getScore(), (metadata != null) ? ImmutableValues.frozenCopy(metadata) : null }));
			}
			observation.output(List.copyOf(output));
		}
	}

}
