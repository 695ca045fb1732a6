package io.github.lfwire.sample.chat;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import io.github.lfwire.sample.model.Latency;
import io.github.lfwire.sample.model.Words;

import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.ai.vectorstore.AbstractVectorStoreBuilder;
import org.springframework.ai.vectorstore.SearchRequest;
import org.springframework.ai.vectorstore.observation.AbstractObservationVectorStore;
import org.springframework.ai.vectorstore.observation.VectorStoreObservationContext;

/**
 * An in-memory stand-in for one search backend behind Spring AI's {@code VectorStore}
 * API, so each query is a Spring AI vector store observation: it ranks its documents by
 * the share of the query's words they contain, which keeps the fake model's answers
 * meaningful, and takes the configured latency.
 */
final class KeywordVectorStore extends AbstractObservationVectorStore {

	private final String collection;

	private final List<Document> documents;

	private final Duration latency;

	private KeywordVectorStore(Builder builder) {
		super(builder);
		this.collection = builder.collection;
		this.documents = builder.documents;
		this.latency = builder.latency;
	}

	static Builder builder(EmbeddingModel embeddingModel, String collection, List<Document> documents,
			Duration latency) {
		return new Builder(embeddingModel, collection, documents, latency);
	}

	@Override
	public void doAdd(List<org.springframework.ai.document.Document> documents) {
		throw new UnsupportedOperationException("The sample's document stores are read-only");
	}

	@Override
	public void doDelete(List<String> ids) {
		throw new UnsupportedOperationException("The sample's document stores are read-only");
	}

	@Override
	public List<org.springframework.ai.document.Document> doSimilaritySearch(SearchRequest request) {
		Latency.pause(this.latency);
		return this.documents.stream()
			.map((document) -> document
				.withScore(Words.overlap(request.getQuery(), document.title() + " " + document.text())))
			.filter((document) -> document.score() >= request.getSimilarityThreshold())
			.sorted(Comparator.comparingDouble(Document::score).reversed().thenComparing(Document::id))
			.limit(request.getTopK())
			.map((document) -> org.springframework.ai.document.Document.builder()
				.id(document.id())
				.text(document.text())
				.score(document.score())
				.metadata(Map.of("source", document.source(), "title", document.title()))
				.build())
			.toList();
	}

	@Override
	public VectorStoreObservationContext.Builder createObservationContextBuilder(String operationName) {
		return VectorStoreObservationContext.builder("in-memory-keyword", operationName)
			.collectionName(this.collection)
			.similarityMetric("word_overlap");
	}

	/** Builds a store over fixed documents. */
	static final class Builder extends AbstractVectorStoreBuilder<Builder> {

		private final String collection;

		private final List<Document> documents;

		private final Duration latency;

		private Builder(EmbeddingModel embeddingModel, String collection, List<Document> documents, Duration latency) {
			super(embeddingModel);
			this.collection = collection;
			this.documents = List.copyOf(documents);
			this.latency = latency;
		}

		@Override
		public KeywordVectorStore build() {
			return new KeywordVectorStore(this);
		}

	}

}
