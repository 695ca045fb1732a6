package io.github.lfwire.sample.model;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/** Word-level text helpers shared by the fake model and the fake search. */
public final class Words {

	static final Set<String> STOP_WORDS = Set.of("a", "an", "and", "are", "as", "at", "be", "by", "can", "could", "do",
			"does", "for", "from", "how", "i", "in", "is", "it", "its", "me", "my", "of", "on", "or", "so", "that",
			"the", "them", "they", "this", "to", "was", "we", "what", "when", "where", "which", "who", "why", "will",
			"with", "you", "your", "please", "hi", "hello", "about");

	private Words() {
	}

	/**
	 * Estimated tokens of a text: four tokens for every three words, as for English with
	 * GPT tokenizers. A word is a run of characters other than the six of {@code \s}.
	 */
	public static long tokens(String text) {
		String trimmed = text.trim();
		long words = 0;
		boolean inWord = false;
		for (int i = 0; i < trimmed.length(); i++) {
			boolean space = isSpace(trimmed.charAt(i));
			if (!space && !inWord) {
				words++;
			}
			inWord = !space;
		}
		return (words * 4 + 2) / 3;
	}

	/**
	 * The lower-case words of a text without stop words, in order of first appearance; a
	 * word is a run of the letters {@code a} to {@code z} and the digits after the text
	 * is put in lower case.
	 */
	public static Set<String> content(String text) {
		String lower = text.toLowerCase(Locale.ROOT);
		Set<String> words = new LinkedHashSet<>();
		int start = -1;
		for (int i = 0; i <= lower.length(); i++) {
			boolean letter = i < lower.length() && isLetterOrDigit(lower.charAt(i));
			if (letter && start < 0) {
				start = i;
			}
			else if (!letter && start >= 0) {
				String word = lower.substring(start, i);
				if (!STOP_WORDS.contains(word)) {
					words.add(word);
				}
				start = -1;
			}
		}
		return words;
	}

	/**
	 * The content words cut to four letters, so that "share", "shared" and "sharing"
	 * match.
	 */
	public static Set<String> stems(String text) {
		Set<String> stems = new LinkedHashSet<>();
		for (String word : content(text)) {
			stems.add((word.length() > 4) ? word.substring(0, 4) : word);
		}
		return stems;
	}

	/** The share of {@code query}'s stems found in {@code text}, from 0 to 1. */
	public static double overlap(String query, String text) {
		Set<String> wanted = stems(query);
		if (wanted.isEmpty()) {
			return 0;
		}
		Set<String> found = stems(text);
		long shared = 0;
		for (String stem : wanted) {
			if (found.contains(stem)) {
				shared++;
			}
		}
		return shared / (double) wanted.size();
	}

	private static boolean isLetterOrDigit(char c) {
		return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
	}

	private static boolean isSpace(char c) {
		return c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
	}

}
