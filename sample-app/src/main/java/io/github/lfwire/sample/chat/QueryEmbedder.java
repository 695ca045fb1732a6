package io.github.lfwire.sample.chat;

import io.github.lfwire.langfuse.ObservationType;
import io.github.lfwire.langfuse.observe.Observe;

import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.stereotype.Component;

/**
 * Step 9: embeds the query, stored with the turn for similarity search over past
 * conversations. The vector is not captured: 1,536 floats tell a reader of the trace
 * nothing (Spring AI's embedding beneath records only its size).
 */
@Component
public class QueryEmbedder {

	private final EmbeddingModel model;

	public QueryEmbedder(EmbeddingModel model) {
		this.model = model;
	}

	@Observe(type = ObservationType.CHAIN, captureOutput = Observe.Capture.OFF)
	public float[] embed(String query) {
		return this.model.embed(query);
	}

}
