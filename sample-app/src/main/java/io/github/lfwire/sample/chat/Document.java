package io.github.lfwire.sample.chat;

/**
 * A document found by a retriever.
 *
 * @param id the document id, cited in answers as {@code [id]}
 * @param source the store it came from
 * @param title the title
 * @param text the full text
 * @param score the store's own match score, from 0 to 1
 */
public record Document(String id, String source, String title, String text, double score) {

	Document withScore(double score) {
		return new Document(this.id, this.source, this.title, this.text, score);
	}

}
