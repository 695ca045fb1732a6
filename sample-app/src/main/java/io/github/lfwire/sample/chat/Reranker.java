package io.github.lfwire.sample.chat;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.github.lfwire.langfuse.Observation;
import io.github.lfwire.langfuse.observe.Observe;
import io.github.lfwire.sample.model.Words;

import org.springframework.stereotype.Component;

/**
 * Step 8: orders every retrieved document by relevance to the query. Its arguments and
 * result are about 80 KB of documents each, so, as the study recommends for large
 * payloads, capture is off and a compact summary is recorded instead.
 */
@Component
public class Reranker {

	private static final int SUMMARIZED = 5;

	private static final int LEAD_CHARACTERS = 300;

	@Observe(captureInput = Observe.Capture.OFF, captureOutput = Observe.Capture.OFF)
	public List<RankedDocument> rerank(String query, List<Document> candidates) {
		List<Document> sorted = candidates.stream()
			.sorted(Comparator.comparingDouble((Document document) -> relevance(query, document)).reversed())
			.toList();
		List<RankedDocument> ranked = IntStream.range(0, sorted.size())
			.mapToObj((i) -> new RankedDocument(i + 1, relevance(query, sorted.get(i)), sorted.get(i)))
			.toList();
		Observation.current()
			.input(Map.of("query", query, "candidates", candidates.stream().map(Document::id).toList()))
			.output(ranked.stream()
				.limit(SUMMARIZED)
				.collect(Collectors.toMap((document) -> document.document().id(), RankedDocument::relevance,
						(first, second) -> first, LinkedHashMap::new)));
		return ranked;
	}

	private static double relevance(String query, Document document) {
		String lead = document.text().substring(0, Math.min(LEAD_CHARACTERS, document.text().length()));
		double focus = Words.overlap(query, document.title() + " " + lead);
		return Math.round((0.6 * focus + 0.4 * document.score()) * 1000) / 1000.0;
	}

}
