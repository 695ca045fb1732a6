package io.github.lfwire.sample.chat;

import java.util.List;
import java.util.Map;

import io.github.lfwire.sample.SampleProperties;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.ai.vectorstore.SearchRequest;
import org.springframework.ai.vectorstore.VectorStore;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Repository;

/**
 * The three search backends, help-center articles, FAQ entries and solved tickets, each
 * an in-memory {@link KeywordVectorStore} queried through Spring AI's {@link VectorStore}
 * API.
 */
@Repository
public class DocumentStore {

	private final Map<String, VectorStore> stores;

	private final int limit;

	public DocumentStore(SampleProperties properties, EmbeddingModel embeddingModel,
			ObjectProvider<ObservationRegistry> observationRegistry) {
		ObservationRegistry registry = observationRegistry.getIfAvailable(() -> ObservationRegistry.NOOP);
		this.stores = Map.of("kb", store("kb", embeddingModel, registry, properties), "faq",
				store("faq", embeddingModel, registry, properties), "ticket",
				store("ticket", embeddingModel, registry, properties));
		this.limit = properties.retrieval().limit();
	}

	private static VectorStore store(String source, EmbeddingModel embeddingModel, ObservationRegistry registry,
			SampleProperties properties) {
		return KeywordVectorStore
			.builder(embeddingModel, source, SupportCorpus.documents(source), properties.retrieval().latency())
			.observationRegistry(registry)
			.build();
	}

	/** The best-matching documents of one source, taking the configured latency. */
	public List<Document> search(String source, String query) {
		return this.stores.get(source)
			.similaritySearch(SearchRequest.builder().query(query).topK(this.limit).build())
			.stream()
			.map((found) -> new Document(found.getId(), source, (String) found.getMetadata().get("title"),
					found.getText(), found.getScore()))
			.toList();
	}

}
