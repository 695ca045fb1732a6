package io.github.lfwire.langfuse.capture;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * Decides whether a key names a secret: the key and the terms are compared as lower-case
 * letters and digits only, and a key matches when it ends with a term ({@code apiKey},
 * {@code x-api-key}, {@code API_KEY} match "api key"; {@code access_token} matches
 * "token"), or, unless it ends with a measure such as {@code tokens} or {@code count},
 * when it starts with a term or ends with a term and an {@code s} ({@code passwordHash},
 * {@code credentials}), so {@code tokenCount} and {@code max_tokens} are kept.
 * <p>
 * Matching reads the key in place and allocates nothing. Since the keys of captured maps
 * and beans repeat (a dozen distinct keys across thousands of entries), each decision is
 * remembered in a fixed table of {@value #CACHE_SLOTS} slots, two per set, holding keys
 * of at most {@value #CACHE_MAX_KEY_LENGTH} characters: a key found there costs a hash
 * (cached in the string) and one comparison and allocates nothing; a key not found is
 * decided, counted in {@link #misses()}, and replaces an entry of its set, so keys seen
 * once (ids used as map keys) cannot keep the keys that repeat out. The table is bounded
 * by construction (under 1 MB at most), needs no lock, and holds immutable entries, so a
 * reader sees either a whole entry or none; a decision depends only on the key and the
 * terms, so a cached one is always the one matching would make.
 */
final class RedactedKeys {

	/** The number of remembered decisions: a power of two. */
	static final int CACHE_SLOTS = 4096;

	/** Longer keys are decided each time, so the table's memory stays bounded. */
	static final int CACHE_MAX_KEY_LENGTH = 64;

	private final Decision[] decisions = new Decision[CACHE_SLOTS];

	private final LongAdder misses = new LongAdder();

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

	/** Whether the value under this key is redacted, remembered once decided. */
	boolean isRedacted(String key) {
		if (key == null || this.terms.length == 0) {
			return false;
		}
		int hash = key.hashCode();
		int set = (hash ^ (hash >>> 16)) & (CACHE_SLOTS - 2);
		Decision first = this.decisions[set];
		if (first != null && first.key.equals(key)) {
			return first.redacted;
		}
		Decision second = this.decisions[set + 1];
		if (second != null && second.key.equals(key)) {
			return second.redacted;
		}
		boolean redacted = decide(key);
		this.misses.increment();
		if (key.length() <= CACHE_MAX_KEY_LENGTH) {
			int slot = (first == null) ? set : (second == null) ? set + 1 : set + ((hash >>> 20) & 1);
			this.decisions[slot] = new Decision(key, redacted);
		}
		return redacted;
	}

	/**
	 * The keys decided by matching rather than found in the table: at most one per
	 * distinct key while the keys in use fit the table.
	 */
	long misses() {
		return this.misses.sum();
	}

	/** The number of decisions the table holds now. */
	int cached() {
		int cached = 0;
		for (Decision decision : this.decisions) {
			cached += (decision != null) ? 1 : 0;
		}
		return cached;
	}

	/** Decides by matching the key against the terms, without the table. */
	boolean decide(String key) {
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

	/** A remembered decision; immutable, so it can be shared between threads unlocked. */
	private record Decision(String key, boolean redacted) {
	}

}
