package io.github.lfwire.sample.chat;

/**
 * A retrieved document with the reranker's relevance.
 *
 * @param rank the position, 1 for the most relevant
 * @param relevance the reranker's relevance, from 0 to 1
 * @param document the document
 */
public record RankedDocument(int rank, double relevance, Document document) {
}
