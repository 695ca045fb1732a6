package io.github.lfwire.sample.chat;

import java.util.Comparator;
import java.util.List;
import java.util.Map;

import io.github.lfwire.sample.SampleProperties;
import io.github.lfwire.sample.model.Latency;
import io.github.lfwire.sample.model.Words;

import org.springframework.stereotype.Repository;

/** An in-memory stand-in for the three search backends: help-center articles, FAQ entries and solved tickets. */
@Repository
public class DocumentStore {

	private final Map<String, List<Document>> documents = Map.of("kb", SupportCorpus.documents("kb"), "faq",
			SupportCorpus.documents("faq"), "ticket", SupportCorpus.documents("ticket"));

	private final SampleProperties.Retrieval settings;

	public DocumentStore(SampleProperties properties) {
		this.settings = properties.retrieval();
	}

	/** The best-matching documents of one source, taking the configured latency. */
	public List<Document> search(String source, String query) {
		Latency.pause(this.settings.latency());
		return this.documents.get(source)
			.stream()
			.map((document) -> document.withScore(Words.overlap(query, document.title() + " " + document.text())))
			.sorted(Comparator.comparingDouble(Document::score).reversed().thenComparing(Document::id))
			.limit(this.settings.limit())
			.toList();
	}

}
