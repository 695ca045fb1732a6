package io.github.lfwire.sample.model;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WordsTest {

	private static final String ALPHABET = "abcxyzABCXYZ0189 \t\n\u000B\f\r\u0001\u001F.,;-'\"İıßÄäé\u00A0\u2003😀";

	private static final int[] CODE_POINTS = ALPHABET.codePoints().toArray();

	private static final List<String> WORDS = List.of("the", "The", "refund", "Refunds", "shared", "sharing", "a", "I",
			"please", "order-42", "İstanbul", "straße");

	@Test
	void shouldSplitWordsAsTheRegularExpressionsDo() {
		Random random = new Random(19);
		for (int i = 0; i < 5_000; i++) {
			String text = text(random);
			assertThat(Words.content(text)).as(text).containsExactlyElementsOf(contentByRegex(text));
			assertThat(Words.tokens(text)).as(text).isEqualTo(tokensByRegex(text));
		}
	}

	@Test
	void shouldMatchStemsOfInflectedWords() {
		assertThat(Words.stems("Sharing the shared refunds")).containsExactly("shar", "refu");
		assertThat(Words.overlap("How are refunds shared?", "Refund sharing explained")).isEqualTo(1.0);
		assertThat(Words.overlap("the and of", "anything")).isZero();
		assertThat(Words.tokens("  three little words  ")).isEqualTo(4);
	}

	private static String text(Random random) {
		StringBuilder text = new StringBuilder();
		int parts = random.nextInt(12);
		for (int i = 0; i < parts; i++) {
			if (random.nextBoolean()) {
				text.append(WORDS.get(random.nextInt(WORDS.size())));
			}
			else {
				int length = random.nextInt(6);
				for (int j = 0; j < length; j++) {
					text.appendCodePoint(CODE_POINTS[random.nextInt(CODE_POINTS.length)]);
				}
			}
		}
		return text.toString();
	}

	private static Set<String> contentByRegex(String text) {
		return Arrays.stream(text.toLowerCase(Locale.ROOT).split("[^a-z0-9]+"))
			.filter((word) -> !word.isEmpty() && !Words.STOP_WORDS.contains(word))
			.collect(Collectors.toCollection(LinkedHashSet::new));
	}

	private static long tokensByRegex(String text) {
		long words = Arrays.stream(text.trim().split("\\s+")).filter((word) -> !word.isEmpty()).count();
		return (words * 4 + 2) / 3;
	}

}
