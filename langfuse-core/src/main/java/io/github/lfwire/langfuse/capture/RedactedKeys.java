package io.github.lfwire.langfuse.capture;

import java.util.Collection;
import java.util.Locale;

/**
 * Decides whether a key names a secret: the key and the terms are compared as lower-case letters and digits only, and
 * a key matches when it equals, starts with or ends with a term ({@code apiKey}, {@code x-api-key} and
 * {@code API_KEY} all match "api key"; {@code max_tokens} does not match "token").
 */
final class RedactedKeys {

	private final String[] terms;

	RedactedKeys(Collection<String> terms) {
		this.terms = terms.stream().map(RedactedKeys::normalize).filter((term) -> !term.isEmpty()).distinct()
			.toArray(String[]::new);
	}

	boolean isRedacted(String key) {
		if (key == null || this.terms.length == 0) {
			return false;
		}
		String normalized = normalize(key);
		for (String term : this.terms) {
			if (normalized.startsWith(term) || normalized.endsWith(term)) {
				return true;
			}
		}
		return false;
	}

	static String normalize(String key) {
		StringBuilder normalized = new StringBuilder(key.length());
		for (int i = 0; i < key.length(); i++) {
			char c = key.charAt(i);
			if (Character.isLetterOrDigit(c)) {
				normalized.append(c);
			}
		}
		return normalized.toString().toLowerCase(Locale.ROOT);
	}

}
