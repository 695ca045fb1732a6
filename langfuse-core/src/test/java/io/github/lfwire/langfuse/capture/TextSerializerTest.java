package io.github.lfwire.langfuse.capture;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import tools.jackson.core.SerializableString;
import tools.jackson.core.io.CharacterEscapes;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.json.JsonWriteFeature;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class TextSerializerTest {

	private static final String DOCUMENT = "Refunds are issued to the original payment method within 5 business days "
			+ "of the request; see https://example.com/help?topic=refunds for details. ";

	@Test
	void shouldCaptureTextsExactlyAsJacksonWritesThemWhereverTheLimitCutsThem() {
		Random random = new Random(61);
		int cut = 0;
		for (int i = 0; i < 400; i++) {
			Object value = value(random);
			int limit = 256 + random.nextInt(8 * 1024);
			Captured jackson = PayloadCapture.builder().maxBytes(limit).build().capture(value);
			Captured captured = PayloadCapture.builder().maxBytes(limit).media(true).build().capture(value);
			assertThat(captured.json()).as("value %d at limit %d", i, limit).isEqualTo(jackson.json());
			assertThat(captured.truncated()).isEqualTo(jackson.truncated());
			cut += captured.truncated() ? 1 : 0;
		}
		assertThat(cut).as("values cut at the limit").isGreaterThan(50);
	}

	@Test
	void shouldEscapeSlashesWhenTheApplicationsMapperDoes() {
		JsonMapper slashes = JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_FORWARD_SLASHES).build();
		String text = DOCUMENT.repeat(3);
		Captured captured = PayloadCapture.builder().objectMapper(slashes).media(true).build().capture(text);
		assertThat(captured.json()).contains("https:\\/\\/example.com\\/help")
			.isEqualTo(slashes.writeValueAsString(text));
		assertThat(TextSerializer.probing(slashes).writesTexts()).isTrue();
	}

	@Test
	void shouldLeaveTextsToTheGeneratorWhenItEscapesOtherPrintableCharacters() {
		CharacterEscapes escapeA = new CharacterEscapes() {

			@Override
			public int[] getEscapeCodesForAscii() {
				int[] codes = CharacterEscapes.standardAsciiEscapesForJSON();
				codes['a'] = CharacterEscapes.ESCAPE_STANDARD;
				return codes;
			}

			@Override
			public SerializableString getEscapeSequence(int ch) {
				return null;
			}

		};
		JsonMapper escaping = JsonMapper.builder(JsonFactory.builder().characterEscapes(escapeA).build()).build();
		assertThat(TextSerializer.probing(escaping).writesTexts()).isFalse();
		String text = DOCUMENT.repeat(2);
		Captured captured = PayloadCapture.builder().objectMapper(escaping).media(true).build().capture(text);
		assertThat(captured.json()).contains("\\u0061").isEqualTo(escaping.writeValueAsString(text));
		assertThat(TextSerializer.probing(JsonMapper.builder().build()).writesTexts()).isTrue();
	}

	@Test
	void shouldEscapeControlCharactersQuotesAndBackslashesAsJacksonDoes() {
		String text = DOCUMENT + "line\nnext\ttab \"quoted\" back\\slash \u0001\u001f\b\f\r" + DOCUMENT;
		Captured jackson = PayloadCapture.builder().build().capture(text);
		Captured captured = PayloadCapture.builder().media(true).build().capture(text);
		assertThat(captured.json()).isEqualTo(jackson.json()).contains("\\n", "\\\"quoted", "\\u0001");
	}

	@Test
	void shouldWriteALoneSurrogateAsJacksonDoesAndNotAsTheEncodersQuestionMark() {
		String text = DOCUMENT + "\uD800" + DOCUMENT + "?";
		Captured jackson = PayloadCapture.builder().build().capture(text);
		Captured captured = PayloadCapture.builder().media(true).build().capture(text);
		assertThat(captured.json()).isEqualTo(jackson.json());
	}

	private static Object value(Random random) {
		Map<String, Object> map = new LinkedHashMap<>();
		int entries = 1 + random.nextInt(6);
		for (int i = 0; i < entries; i++) {
			map.put("k" + i, (random.nextInt(3) == 0) ? texts(random) : text(random));
		}
		return (random.nextBoolean()) ? map : List.of(text(random), map);
	}

	private static List<String> texts(Random random) {
		List<String> texts = new ArrayList<>();
		int count = random.nextInt(5);
		for (int i = 0; i < count; i++) {
			texts.add(text(random));
		}
		return texts;
	}

	private static String text(Random random) {
		int length = switch (random.nextInt(4)) {
			case 0 -> random.nextInt(TextSerializer.RAW_FROM);
			case 1 -> TextSerializer.RAW_FROM + random.nextInt(512);
			default -> random.nextInt(12 * 1024);
		};
		StringBuilder text = new StringBuilder(length);
		while (text.length() < length) {
			int start = random.nextInt(DOCUMENT.length());
			text.append(DOCUMENT, start, Math.min(DOCUMENT.length(), start + 1 + random.nextInt(40)));
			if (random.nextInt(40) == 0) {
				text.append(special(random));
			}
		}
		return text.toString();
	}

	private static String special(Random random) {
		return switch (random.nextInt(7)) {
			case 0 -> "\"";
			case 1 -> "\\";
			case 2 -> "\n";
			case 3 -> "\u00e9";
			case 4 -> "\uD83D\uDE00";
			case 5 -> "\uDC00";
			default -> "\u007F";
		};
	}

}
