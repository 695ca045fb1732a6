package io.github.lfwire.sample.model;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** Word-level text helpers shared by the fake model and the fake search. */
public final class Words {

	private static final Set<String> STOP_WORDS = Set.of("a", "an", "and", "are", "as", "at", "be", "by", "can",
			"could", "do", "does", "for", "from", "how", "i", "in", "is", "it", "its", "me", "my", "of", "on", "or",
			"so", "that", "the", "them", "they", "this", "to", "was", "we", "what", "when", "where", "which", "who",
			"why", "will", "with", "you", "your", "please", "hi", "hello", "about");

	private Words() {
	}

	/**
	 * Estimated tokens of a text: four tokens for every three words, as for English with
	 * GPT tokenizers.
	 */
	public static long tokens(String text) {
		long words = Arrays.stream(text.trim().split("\\s+")).filter((word) -> !word.isEmpty()).count();
		return (words * 4 + 2) / 3;
	}

	/**
	 * The lower-case words of a text without stop words, in order of first appearance.
	 */
	public static Set<String> content(String text) {
		return Arrays.stream(text.toLowerCase(Locale.ROOT).split("[^a-z0-9]+"))
			.filter((word) -> !word.isEmpty() && !STOP_WORDS.contains(word))
			.collect(Collectors.toCollection(LinkedHashSet::new));
	}

	/**
	 * The content words cut to four letters, so that "share", "shared" and "sharing"
	 * match.
	 */
	public static Set<String> stems(String text) {
		return content(text).stream()
			.map((word) -> (word.length() > 4) ? word.substring(0, 4) : word)
			.collect(Collectors.toCollection(LinkedHashSet::new));
	}

	/** The share of {@code query}'s stems found in {@code text}, from 0 to 1. */
	public static double overlap(String query, String text) {
		Set<String> wanted = stems(query);
		if (wanted.isEmpty()) {
			return 0;
		}
		Set<String> found = stems(text);
		return wanted.stream().filter(found::contains).count() / (double) wanted.size();
	}

}
