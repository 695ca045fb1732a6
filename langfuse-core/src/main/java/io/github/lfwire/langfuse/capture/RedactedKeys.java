package io.github.lfwire.langfuse.capture;

import java.util.Collection;
import java.util.List;

/**
 * Decides whether a key names a secret: the key and the terms are compared as lower-case
 * letters and digits only, and a key matches when it ends with a term ({@code apiKey},
 * {@code x-api-key}, {@code API_KEY} match "api key"; {@code access_token} matches
 * "token"), or, unless it ends with a measure such as {@code tokens} or {@code count},
 * when it starts with a term or ends with a term and an {@code s} ({@code passwordHash},
 * {@code credentials}), so {@code tokenCount} and {@code max_tokens} are kept.
 * <p>
 * Matching reads the key in place and allocates nothing.
 */
final class RedactedKeys {

	/** Endings that make a key a measure of something rather than the thing itself. */
	static final List<String> MEASURE_ENDINGS = List.of("tokens", "count", "counts", "length", "size", "limit", "usage",
			"used", "total");

	private static final char[][] MEASURES = MEASURE_ENDINGS.stream().map(String::toCharArray).toArray(char[][]::new);

	private final char[][] terms;

	RedactedKeys(Collection<String> terms) {
		this.terms = terms.stream()
			.map(RedactedKeys::normalize)
			.filter((term) -> !term.isEmpty())
			.distinct()
			.map(String::toCharArray)
			.toArray(char[][]::new);
	}

	boolean isRedacted(String key) {
		if (key == null || this.terms.length == 0) {
			return false;
		}
		int end = lastSignificant(key);
		if (end < 0) {
			return false;
		}
		for (char[] term : this.terms) {
			if (endsWith(key, end, term)) {
				return true;
			}
		}
		for (char[] measure : MEASURES) {
			if (endsWith(key, end, measure)) {
				return false;
			}
		}
		boolean plural = Character.toLowerCase(key.charAt(end)) == 's';
		int beforePlural = plural ? lastSignificant(key, end - 1) : -1;
		for (char[] term : this.terms) {
			if (startsWith(key, term) || (beforePlural >= 0 && endsWith(key, beforePlural, term))) {
				return true;
			}
		}
		return false;
	}

	private static int lastSignificant(String key) {
		return lastSignificant(key, key.length() - 1);
	}

	private static int lastSignificant(String key, int from) {
		int i = from;
		while (i >= 0 && !Character.isLetterOrDigit(key.charAt(i))) {
			i--;
		}
		return i;
	}

	private static boolean startsWith(String key, char[] term) {
		int matched = 0;
		for (int i = 0; i < key.length() && matched < term.length; i++) {
			char c = key.charAt(i);
			if (Character.isLetterOrDigit(c)) {
				if (Character.toLowerCase(c) != term[matched]) {
					return false;
				}
				matched++;
			}
		}
		return matched == term.length;
	}

	private static boolean endsWith(String key, int last, char[] term) {
		int matched = term.length - 1;
		for (int i = last; i >= 0 && matched >= 0; i--) {
			char c = key.charAt(i);
			if (Character.isLetterOrDigit(c)) {
				if (Character.toLowerCase(c) != term[matched]) {
					return false;
				}
				matched--;
			}
		}
		return matched < 0;
	}

	static String normalize(String key) {
		StringBuilder normalized = new StringBuilder(key.length());
		for (int i = 0; i < key.length(); i++) {
			char c = key.charAt(i);
			if (Character.isLetterOrDigit(c)) {
				normalized.append(Character.toLowerCase(c));
			}
		}
		return normalized.toString();
	}

}
