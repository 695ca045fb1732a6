package io.github.lfwire.sample.chat;

import java.util.List;

import io.github.lfwire.langfuse.ObservationType;
import io.github.lfwire.langfuse.observe.Observe;

import org.springframework.stereotype.Component;

/**
 * Step 7: searches solved support tickets; runs in parallel with the other retrievers.
 */
@Component
public class TicketRetriever {

	private final DocumentStore store;

	public TicketRetriever(DocumentStore store) {
		this.store = store;
	}

	@Observe(type = ObservationType.CHAIN, captureOutput = Observe.Capture.OFF)
	public List<Document> search(String query) {
		return this.store.search("ticket", query);
	}

}
