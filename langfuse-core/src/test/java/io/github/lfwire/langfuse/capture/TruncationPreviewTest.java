package io.github.lfwire.langfuse.capture;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonRawValue;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class TruncationPreviewTest {

	private final JsonMapper json = JsonMapper.builder().build();

	private final PayloadCapture whole = PayloadCapture.builder().maxBytes(16 * 1024 * 1024).build();

	@Test
	void shouldKeepEveryCutValueValidWhateverJacksonFeatureWroteItsContainers() {
		Random random = new Random(30);
		int closed = 0;
		for (int i = 0; i < 300; i++) {
			Object value = value(random, 0);
			String full = this.whole.capture(value).json();
			int limit = 256 + random.nextInt(6 * 1024);
			Captured captured = PayloadCapture.builder().maxBytes(limit).build().capture(value);
			if (full.getBytes(StandardCharsets.UTF_8).length <= limit) {
				assertThat(captured.json()).isEqualTo(full);
				continue;
			}
			assertThat(captured.json().getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(limit);
			JsonNode preview = this.json.readTree(captured.json()).path("preview");
			if (preview.isString()) {
				assertThat(full).startsWith(preview.asString());
				continue;
			}
			String closedPreview = PayloadCaptureTest.closedPreview(captured.json());
			assertThat(full).startsWith(PayloadCaptureTest.withoutClosers(closedPreview));
			closed++;
		}
		assertThat(closed).as("values previewed as closed JSON").isGreaterThan(50);
	}

	private Object value(Random random, int depth) {
		int count = 2 + random.nextInt((depth == 0) ? 60 : 4);
		List<Object> items = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			items.add(switch ((depth < 3) ? random.nextInt(7) : 6) {
				case 0 -> new Tool("t-" + i, random.nextInt(100));
				case 1 -> new Answer("a\"" + "x".repeat(random.nextInt(80)), new Usage(random.nextInt(50), i));
				case 2 -> new Wrapped(i, new Usage(i, random.nextInt(9)));
				case 3 -> new Extras("e-" + i, Map.of("k" + i, "v".repeat(random.nextInt(30))));
				case 4 -> new Raw("{\"raw\":[1,2,{\"deep\":\"" + "r".repeat(random.nextInt(40)) + "\"}]}");
				case 5 -> new Object[] { Optional.of("o" + i), value(random, depth + 1), List.of(i, "é😀") };
				default -> message(random, i);
			});
		}
		Map<String, Object> root = new LinkedHashMap<>();
		root.put("depth", depth);
		root.put("items", items);
		return root;
	}

	private static Map<String, Object> message(Random random, int index) {
		Map<String, Object> message = new LinkedHashMap<>();
		message.put("role", (index % 2 == 0) ? "user" : "assistant");
		message.put("content", "q\\" + "m".repeat(random.nextInt(120)));
		return message;
	}

	@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.WRAPPER_ARRAY)
	@JsonSubTypes(@JsonSubTypes.Type(value = Tool.class, name = "tool"))
	record Tool(String name, int calls) {
	}

	@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.WRAPPER_OBJECT)
	@JsonSubTypes(@JsonSubTypes.Type(value = Answer.class, name = "answer"))
	record Answer(String text, Usage usage) {
	}

	@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "@kind")
	@JsonSubTypes(@JsonSubTypes.Type(value = Usage.class, name = "usage"))
	record Usage(int input, int output) {
	}

	static final class Wrapped {

		private final int id;

		private final Usage usage;

		Wrapped(int id, Usage usage) {
			this.id = id;
			this.usage = usage;
		}

		public int getId() {
			return this.id;
		}

		@JsonUnwrapped
		public Usage getUsage() {
			return this.usage;
		}

	}

	static final class Extras {

		private final String name;

		private final Map<String, String> extra;

		Extras(String name, Map<String, String> extra) {
			this.name = name;
			this.extra = extra;
		}

		public String getName() {
			return this.name;
		}

		@JsonAnyGetter
		public Map<String, String> getExtra() {
			return this.extra;
		}

	}

	record Raw(@JsonRawValue String json) {
	}

}
