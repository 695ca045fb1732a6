package io.github.lfwire.sample.chat;

import java.util.Map;

import io.github.lfwire.langfuse.Observation;
import io.github.lfwire.langfuse.ObservationType;
import io.github.lfwire.langfuse.observe.Observe;
import io.github.lfwire.sample.model.Embedding;
import io.github.lfwire.sample.model.FakeEmbeddingModel;

import org.springframework.stereotype.Component;

/**
 * Step 9: embeds the query, stored with the turn for similarity search over past conversations. The vector is not
 * captured: 1,536 floats tell a reader of the trace nothing.
 */
@Component
public class QueryEmbedder {

	private final FakeEmbeddingModel model;

	public QueryEmbedder(FakeEmbeddingModel model) {
		this.model = model;
	}

	@Observe(type = ObservationType.EMBEDDING, captureOutput = Observe.Capture.OFF)
	public float[] embed(String query) {
		Embedding embedding = this.model.embed(query);
		Observation.current()
			.model(embedding.model())
			.usageDetails(Map.of("input", embedding.tokens(), "total", embedding.tokens()))
			.costDetails(Map.of("total", embedding.cost()))
			.metadata("dimensions", embedding.vector().length);
		return embedding.vector();
	}

}
