package io.github.lfwire.sample.chat;

import java.util.List;

import io.github.lfwire.langfuse.ObservationType;
import io.github.lfwire.langfuse.observe.Observe;

import org.springframework.stereotype.Component;

/**
 * Step 5: searches the help-center articles; runs in parallel with the other retrievers.
 */
@Component
public class KnowledgeBaseRetriever {

	private final DocumentStore store;

	public KnowledgeBaseRetriever(DocumentStore store) {
		this.store = store;
	}

	@Observe(type = ObservationType.CHAIN, captureOutput = Observe.Capture.OFF)
	public List<Document> search(String query) {
		return this.store.search("kb", query);
	}

}
