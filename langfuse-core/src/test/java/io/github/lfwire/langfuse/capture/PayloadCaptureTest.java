package io.github.lfwire.langfuse.capture;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.util.JsonGeneratorDelegate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PayloadCaptureTest {

	private static final int LIMIT = 32 * 1024;

	private final JsonMapper json = JsonMapper.builder().build();

	private final PayloadCapture capture = PayloadCapture.builder().build();

	private JsonNode valid(Captured captured) {
		assertThat(captured.json().getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(LIMIT);
		return this.json.readTree(captured.json());
	}

	@Test
	void shouldCaptureSmallValuesAsPlainJson() {
		assertThat(this.capture.capture(Map.of("a", 1)).json()).isEqualTo("{\"a\":1}");
		assertThat(this.capture.capture("hello").json()).isEqualTo("\"hello\"");
		assertThat(this.capture.capture(null).json()).isEqualTo("null");
		assertThat(this.capture.capture(new Point(1, 2)).json()).isEqualTo("{\"x\":1,\"y\":2}");
		assertThat(this.capture.capture(new Point(1, 2)).truncated()).isFalse();
	}

	@Test
	void shouldStopSerializingHugeValuesAtTheLimit() {
		List<String> big = IntStream.range(0, 1_000_000).mapToObj((i) -> "element-" + i).toList();
		Captured list = this.capture.capture(big);
		Captured string = this.capture.capture("x".repeat(5 * 1024 * 1024));
		Captured bytes = this.capture.capture(new byte[5 * 1024 * 1024]);
		Captured justOver = this.capture.capture("x".repeat(LIMIT + 10));
		for (Captured captured : List.of(list, string, bytes, justOver)) {
			assertThat(captured.truncated()).isTrue();
			JsonNode node = valid(captured);
			assertThat(node.path("truncated").asBoolean()).isTrue();
			assertThat(node.path("limitBytes").asInt()).isEqualTo(LIMIT);
			assertThat(node.path("preview").asString()).isNotEmpty();
			assertThat(captured.bytesSerialized()).isLessThan(LIMIT + 64 * 1024);
		}
		assertThat(valid(list).path("type").asString()).contains("List");
		assertThat(string.bytesSerialized()).isLessThan(justOver.bytesSerialized() + 64 * 1024);
	}

	@Test
	void shouldKeepTheLongestEscapedPrefixAsPreview() {
		List<String> awkward = IntStream.range(0, 4000).mapToObj((i) -> "q\"b\\s\u0001 é€😀 " + i).toList();
		String full = this.json.writeValueAsString(awkward);

		Captured captured = this.capture.capture(awkward);

		JsonNode node = valid(captured);
		String preview = node.path("preview").asString();
		assertThat(full).startsWith(preview);
		int escapedPreviewBytes = captured.json().getBytes(StandardCharsets.UTF_8).length
				- captured.json().indexOf("\"preview\":\"") - 15;
		assertThat(escapedPreviewBytes).isGreaterThan(LIMIT - 300);
	}

	@Test
	void shouldNeverSplitACharacterOrAnEscapeAtTheEndOfThePreview() {
		byte[] source = "a\"é😀\u0001".getBytes(StandardCharsets.UTF_8);
		byte[] target = new byte[32];
		Map<Integer, String> byLimit = new LinkedHashMap<>();
		for (int limit = 0; limit <= 16; limit++) {
			int end = Utf8Text.escapeInto(source, 0, source.length, target, 0, limit);
			byLimit.put(limit, new String(target, 0, end, StandardCharsets.UTF_8));
		}
		assertThat(byLimit.get(2)).isEqualTo("a");
		assertThat(byLimit.get(3)).isEqualTo("a\\\"");
		assertThat(byLimit.get(4)).isEqualTo("a\\\"");
		assertThat(byLimit.get(5)).isEqualTo("a\\\"é");
		assertThat(byLimit.get(8)).isEqualTo("a\\\"é");
		assertThat(byLimit.get(9)).isEqualTo("a\\\"é😀");
		assertThat(byLimit.get(14)).isEqualTo("a\\\"é😀");
		assertThat(byLimit.get(15)).isEqualTo("a\\\"é😀\\u0001");
	}

	@Test
	void shouldEscapeWhatFitsExactlyAsCharacterByCharacterEscapingWouldAtEveryLimit() {
		int[] alphabet = { 'a', ' ', '"', '\\', 0x01, 0x1f, 0x7f, 'é', '€', 0x1F600 };
		Random random = new Random(11);
		for (int run = 0; run < 300; run++) {
			StringBuilder text = new StringBuilder();
			int length = random.nextInt(64);
			for (int i = 0; i < length; i++) {
				text.appendCodePoint((random.nextInt(3) == 0) ? alphabet[random.nextInt(alphabet.length)] : 'a');
			}
			byte[] source = text.toString().getBytes(StandardCharsets.UTF_8);
			int start = random.nextInt(4);
			for (int limit = start; limit <= start + 6 * length + 8; limit++) {
				byte[] target = new byte[limit];
				int end = Utf8Text.escapeInto(source, 0, source.length, target, start, limit);
				assertThat(new String(target, start, end - start, StandardCharsets.UTF_8))
					.as("%s within %d", text, limit)
					.isEqualTo(escapedPrefix(text.toString(), limit - start));
			}
		}
	}

	private static String escapedPrefix(String text, int maxBytes) {
		StringBuilder escaped = new StringBuilder();
		int used = 0;
		for (int codePoint : text.codePoints().toArray()) {
			String one = (codePoint == '"' || codePoint == '\\') ? "\\" + (char) codePoint
					: (codePoint < 0x20) ? String.format("\\u%04x", codePoint) : Character.toString(codePoint);
			int bytes = one.getBytes(StandardCharsets.UTF_8).length;
			if (used + bytes > maxBytes) {
				break;
			}
			escaped.append(one);
			used += bytes;
		}
		return escaped.toString();
	}

	@Test
	void shouldKeepTruncatedCapturesValidWhereverTheLimitCutsMultiByteCharactersAndEscapes() {
		PayloadCapture small = PayloadCapture.builder().maxBytes(256).build();
		for (int pad = 0; pad < 40; pad++) {
			String value = "a".repeat(pad) + "é😀\"\\\u0001€ ".repeat(100);
			String full = this.json.writeValueAsString(value);

			Captured captured = small.capture(value);

			byte[] bytes = captured.json().getBytes(StandardCharsets.UTF_8);
			assertThat(captured.truncated()).isTrue();
			assertThat(bytes.length).isBetween(256 - 24, 256);
			assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo(captured.json());
			String preview = this.json.readTree(captured.json()).path("preview").asString();
			assertThat(preview).doesNotContain("\uFFFD");
			assertThat(full).startsWith(preview);
		}
	}

	@Test
	void shouldStopATruncatedCaptureOnceAndCloseItsGeneratorWithoutStoppingItAgain() {
		List<Throwable> closeFailures = new ArrayList<>();
		JsonFactory factory = JsonFactory.builder()
			.addDecorator((streamFactory, generator) -> new JsonGeneratorDelegate(generator) {

				@Override
				public void close() {
					try {
						super.close();
					}
					catch (RuntimeException ex) {
						closeFailures.add(ex);
						throw ex;
					}
				}

			})
			.build();
		PayloadCapture decorated = PayloadCapture.builder().objectMapper(JsonMapper.builder(factory).build()).build();
		List<Turn> turns = IntStream.range(0, 5000).mapToObj((i) -> new Turn(i, "x".repeat(100))).toList();

		Captured captured = decorated.capture(new Conversation("s-1", turns));

		assertThat(captured.truncated()).isTrue();
		assertThat(valid(captured).path("reason").asString()).isEqualTo("larger than the capture limit");
		assertThat(closeFailures).isEmpty();
	}

	@Test
	void shouldBuildEachTruncationWrapperWhole() throws Exception {
		List<Object> values = IntStream.range(0, 8)
			.mapToObj((i) -> (Object) List.of(String.valueOf(i).repeat(LIMIT / (i + 1)), "\"".repeat(LIMIT)))
			.toList();
		Map<Object, String> expected = new HashMap<>();
		for (Object value : values) {
			expected.put(value, this.capture.capture(value).json());
		}
		ExecutorService threads = Executors.newFixedThreadPool(4);
		try {
			List<Future<Boolean>> results = new ArrayList<>();
			for (int run = 0; run < 400; run++) {
				Object value = values.get(run % values.size());
				results.add(threads.submit(() -> this.capture.capture(value).json().equals(expected.get(value))));
			}
			for (Future<Boolean> result : results) {
				assertThat(result.get()).isTrue();
			}
		}
		finally {
			threads.shutdownNow();
		}
		assertThat(expected.values())
			.allSatisfy((json) -> assertThat(this.json.readTree(json).path("truncated").asBoolean()).isTrue());
	}

	@Test
	void shouldIgnoreWritesAfterTheLimitOnceToldToDiscardThem() {
		BoundedOutputStream out = bounded(256);
		byte[] chunk = new byte[300];
		assertThatThrownBy(() -> out.write(chunk, 0, chunk.length))
			.isInstanceOf(BoundedOutputStream.LimitReached.class);
		assertThatThrownBy(() -> out.write(chunk, 0, 1)).isInstanceOf(BoundedOutputStream.LimitReached.class);

		out.discardFurtherWrites();
		out.write(chunk, 0, chunk.length);

		assertThat(out.size()).isEqualTo(257);
		assertThat(out.seen()).isEqualTo(301);
	}

	@Test
	void shouldGrowTheBufferToTheLimitOnceAValueIsLargeButNeverFarBeyondWhatWasWritten() {
		byte[] chunk = new byte[8000];
		BoundedOutputStream defaultLimit = bounded(LIMIT);
		defaultLimit.write(chunk, 0, chunk.length);
		defaultLimit.write(chunk, 0, chunk.length);
		BoundedOutputStream hugeLimit = bounded(10 * 1024 * 1024);
		hugeLimit.write(chunk, 0, chunk.length);
		hugeLimit.write(chunk, 0, chunk.length);
		BoundedOutputStream small = bounded(LIMIT);
		small.write(chunk, 0, 300);
		assertThat(defaultLimit.buffer()).hasSize(BoundedOutputStream.FRONT_ROOM + LIMIT + 1);
		assertThat(hugeLimit.buffer().length).isLessThanOrEqualTo(8 * chunk.length);
		assertThat(small.buffer().length).isLessThan(1024);
	}

	@Test
	void shouldReuseTheBufferOfALargeValueForTheNextLargeValue() {
		byte[] chunk = new byte[8000];
		SpareBytes spare = BoundedOutputStream.spareFor(LIMIT);
		BoundedOutputStream first = new BoundedOutputStream(LIMIT, spare);
		first.write(chunk, 0, chunk.length);
		first.write(chunk, 0, chunk.length);
		byte[] firstBuffer = first.buffer();
		first.release();
		BoundedOutputStream second = new BoundedOutputStream(LIMIT, spare);
		BoundedOutputStream concurrent = new BoundedOutputStream(LIMIT, spare);
		second.write(chunk, 0, chunk.length);
		second.write(chunk, 0, chunk.length);
		concurrent.write(chunk, 0, chunk.length);
		concurrent.write(chunk, 0, chunk.length);
		assertThat(firstBuffer).hasSize(BoundedOutputStream.FRONT_ROOM + LIMIT + 1);
		assertThat(second.buffer()).isSameAs(firstBuffer);
		assertThat(concurrent.buffer()).hasSize(BoundedOutputStream.FRONT_ROOM + LIMIT + 1).isNotSameAs(firstBuffer);
	}

	@Test
	void shouldCaptureLargeValuesAlikeWhetherOrNotTheirBufferIsReused() {
		Map<String, Object> fits = Map.of("text", "é\"x".repeat(LIMIT / 8));
		Map<String, Object> cut = Map.of("text", "a\"é".repeat(LIMIT));
		List<Map<String, Object>> values = List.of(cut, fits, cut, fits);

		List<Captured> reusing = values.stream().map(this.capture::capture).toList();
		List<Captured> fresh = values.stream().map((value) -> PayloadCapture.builder().build().capture(value)).toList();

		assertThat(reusing).isEqualTo(fresh);
		assertThat(reusing).extracting(Captured::truncated).containsExactly(true, false, true, false);
	}

	@Test
	void shouldStopJacksonAtTheLimitWithoutFillingInAStackTrace() {
		BoundedOutputStream out = bounded(1024);
		Throwable thrown = null;
		try {
			this.json.writeValue(out, Map.of("messages", List.of(new Point(1, 2), "x".repeat(4096))));
		}
		catch (Throwable ex) {
			thrown = ex;
		}
		assertThat(thrown).isInstanceOf(BoundedOutputStream.LimitReached.class);
		assertThat(thrown.getStackTrace()).isEmpty();
		assertThat(out.overflowed()).isTrue();
	}

	@Test
	void shouldStopSerializingBeansWithinAPropertyOfTheLimit() {
		List<Turn> turns = IntStream.range(0, 5000).mapToObj((i) -> new Turn(i, "x".repeat(100))).toList();

		Captured captured = this.capture.capture(new Conversation("s-1", turns));

		assertThat(captured.truncated()).isTrue();
		assertThat(captured.bytesSerialized()).isBetween((long) LIMIT, LIMIT + 1024L);
		JsonNode preview = valid(captured).path("preview");
		assertThat(preview.path("id").asString()).isEqualTo("s-1");
		assertThat(preview.path("turns").get(0).path("index").asInt()).isEqualTo(0);
	}

	@Test
	void shouldCutNestedMapsListsAndBeansToTheLongestPrefixOfTheirWholeJson() {
		Random random = new Random(19);
		PayloadCapture whole = PayloadCapture.builder().maxBytes(16 * 1024 * 1024).build();
		int structured = 0;
		for (int i = 0; i < 200; i++) {
			Map<String, Object> value = new LinkedHashMap<>();
			value.put("sessionId", "s-" + i);
			value.put("messages", nested(random, 0));
			value.put("after", new Conversation("c-" + i, List.of(new Turn(i, "t"))));
			String full = whole.capture(value).json();
			int limit = 256 + random.nextInt(8 * 1024);
			Captured captured = PayloadCapture.builder().maxBytes(limit).build().capture(value);
			if (full.getBytes(StandardCharsets.UTF_8).length <= limit) {
				assertThat(captured.json()).isEqualTo(full);
				continue;
			}
			JsonNode node = this.json.readTree(captured.json());
			int bytes = captured.json().getBytes(StandardCharsets.UTF_8).length;
			assertThat(bytes).isLessThanOrEqualTo(limit);
			if (node.path("preview").isString()) {
				assertThat(full).startsWith(node.path("preview").asString());
				assertThat(bytes).as("the preview fills the wrapper").isGreaterThan(limit - 24);
			}
			else {
				String closed = closedPreview(captured.json());
				String open = withoutClosers(closed);
				assertThat(full).startsWith(open);
				assertThat(closed.length() - open.length()).as("only open objects and arrays are closed")
					.isLessThanOrEqualTo(2 * 4 + 3);
				assertThat(bytes).as("the preview ends at the last whole entry near the limit")
					.isGreaterThan(limit - Math.min(limit / 8, 384) - limit / 16 - 24);
				structured++;
			}
			assertThat(node.path("reason").asString()).isEqualTo("larger than the capture limit");
			assertThat(captured.bytesSerialized()).isBetween((long) limit, limit + 8 * 1024L);
		}
		assertThat(structured).as("values previewed as closed JSON").isGreaterThan(100);
	}

	/** The closed JSON preview of a truncation wrapper, as it was written. */
	static String closedPreview(String wrapper) {
		String field = "\"preview\":";
		return wrapper.substring(wrapper.indexOf(field) + field.length(), wrapper.length() - 1);
	}

	/** A closed preview without the brackets that end it. */
	static String withoutClosers(String closedPreview) {
		return closedPreview.replaceFirst("[}\\]]+$", "");
	}

	@Test
	void shouldPreviewAMapCutAtTheLimitAsItsJsonClosedAfterItsLastWholeEntry() {
		Map<String, Object> state = new LinkedHashMap<>();
		state.put("sessionId", "s-1");
		List<Object> messages = new ArrayList<>();
		for (int i = 0; i < 2000; i++) {
			Map<String, Object> message = new LinkedHashMap<>();
			message.put("role", (i % 2 == 0) ? "user" : "assistant");
			message.put("content", "q\"" + "x".repeat(i % 37) + " é\\");
			message.put("tokens", i);
			messages.add(message);
		}
		state.put("messages", messages);
		JsonNode full = this.json.readTree(this.json.writeValueAsString(state));

		Captured captured = this.capture.capture(state);

		JsonNode node = valid(captured);
		assertThat(captured.truncated()).isTrue();
		assertThat(node.path("reason").asString()).isEqualTo("larger than the capture limit");
		JsonNode preview = node.path("preview");
		assertThat(preview.path("sessionId").asString()).isEqualTo("s-1");
		JsonNode kept = preview.path("messages");
		assertThat(kept.size()).isGreaterThan(100);
		for (int i = 0; i < kept.size() - 1; i++) {
			assertThat(kept.get(i)).isEqualTo(full.path("messages").get(i));
		}
		JsonNode last = kept.get(kept.size() - 1);
		assertThat(last.properties()).isNotEmpty()
			.allSatisfy((entry) -> assertThat(entry.getValue())
				.isEqualTo(full.path("messages").get(kept.size() - 1).get(entry.getKey())));
		assertThat(captured.json().getBytes(StandardCharsets.UTF_8).length).isBetween(LIMIT - 384 - LIMIT / 16, LIMIT);
	}

	@Test
	void shouldPreviewAMapCutAtTheLimitAsItsJsonAlsoWhenTheWrapperStartIsLongerThanTheRoomKeptForIt() {
		Map<String, Object> arguments = new LinkedHashMap<>();
		String longName = "argumentWithAVeryLongDescriptiveParameterName";
		List<Object> messages = new ArrayList<>();
		for (int i = 0; i < 2000; i++) {
			messages.add(Map.of("content", "message " + i));
		}
		arguments.put(longName + 1, "s-1");
		arguments.put(longName + 2, 42);
		arguments.put(longName + 3, messages);
		JsonNode full = this.json.readTree(this.json.writeValueAsString(arguments));

		Captured captured = this.capture.capture(arguments);

		JsonNode node = valid(captured);
		assertThat(captured.json().indexOf("\"preview\":{")).isGreaterThan(BoundedOutputStream.FRONT_ROOM);
		JsonNode kept = node.path("preview").path(longName + 3);
		assertThat(kept.size()).isGreaterThan(100);
		for (int i = 0; i < kept.size(); i++) {
			assertThat(kept.get(i)).isEqualTo(full.path(longName + 3).get(i));
		}
		assertThat(captured.json().getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(LIMIT);
	}

	@Test
	void shouldPreviewAValueWithNoEntryEndingNearTheLimitAsItsJsonText() {
		Map<String, Object> notes = new LinkedHashMap<>();
		notes.put("id", "n-1");
		notes.put("text", "y\"".repeat(40 * 1024));
		String full = this.json.writeValueAsString(notes);

		Captured captured = this.capture.capture(notes);

		JsonNode preview = valid(captured).path("preview");
		assertThat(preview.isString()).isTrue();
		assertThat(full).startsWith(preview.asString());
		assertThat(captured.json().getBytes(StandardCharsets.UTF_8).length).isGreaterThan(LIMIT - 24);
	}

	private static List<Object> nested(Random random, int depth) {
		List<Object> list = new ArrayList<>();
		int count = 1 + random.nextInt((depth == 0) ? 120 : 4);
		for (int i = 0; i < count; i++) {
			Map<String, Object> message = new LinkedHashMap<>();
			message.put("role", (i % 2 == 0) ? "user" : "assistant");
			message.put("content", "q\"" + "x".repeat(random.nextInt(200)) + " é");
			message.put("tokens", random.nextInt(100));
			if (depth < 3 && random.nextInt(3) == 0) {
				message.put("parts", nested(random, depth + 1));
			}
			if (random.nextInt(4) == 0) {
				message.put("turn", new Turn(i, "y".repeat(random.nextInt(50))));
			}
			list.add(message);
		}
		return list;
	}

	@Test
	void shouldBoundTheWorkLeftAfterAStopInAListOfOneMapRepeated() {
		Map<String, Object> message = new LinkedHashMap<>();
		message.put("role", "user");
		message.put("content", "z".repeat(100));
		List<Object> repeated = java.util.Collections.nCopies(1_000_000, message);

		Captured captured = this.capture.capture(Map.of("messages", repeated));

		assertThat(captured.truncated()).isTrue();
		assertThat(valid(captured).path("preview").path("messages").get(0).path("role").asString()).isEqualTo("user");
		assertThat(captured.bytesSerialized()).isBetween((long) LIMIT, LIMIT + 8 * 1024L);
	}

	record Turn(int index, String text) {
	}

	record Conversation(String id, List<Turn> turns) {
	}

	@Test
	void shouldNameTheTypesInsideATruncatedArgumentMap() {
		Map<String, Object> arguments = new LinkedHashMap<>();
		arguments.put("sessionId", "s-1");
		arguments.put("state", List.of("x".repeat(LIMIT * 2)));
		arguments.put("note", null);

		JsonNode node = valid(this.capture.capture(arguments));

		assertThat(node.path("type").asString()).isEqualTo("java.util.LinkedHashMap{sessionId=java.lang.String, state="
				+ arguments.get("state").getClass().getName() + ", note=null}");
	}

	@Test
	void shouldKeepATruncatedCaptureWithinTheSmallestLimitWhenTheTypeDescriptionIsLong() {
		PayloadCapture small = PayloadCapture.builder().maxBytes(256).build();
		Map<String, Object> arguments = new LinkedHashMap<>();
		for (int i = 0; i < 4; i++) {
			arguments.put("argumentWithAVeryLongDescriptiveParameterName" + i,
					new ConversationStateSnapshot("x".repeat(300)));
		}

		Captured captured = small.capture(arguments);

		assertThat(captured.truncated()).isTrue();
		assertThat(captured.json().getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(256);
		JsonNode node = this.json.readTree(captured.json());
		assertThat(node.path("type").asString()).startsWith("java.util.LinkedHashMap{argumentWithAVeryLong");
		assertThat(node.path("limitBytes").asInt()).isEqualTo(256);
	}

	record ConversationStateSnapshot(String text) {
	}

	@Test
	void shouldReplaceUnserializableValuesWithPlaceholdersAndKeepTheRest() {
		Map<String, Object> value = new LinkedHashMap<>();
		value.put("stream", new ByteArrayInputStream(new byte[3]));
		value.put("lazy", Stream.of(1, 2, 3));
		value.put("thread", Thread.currentThread());
		value.put("proxy", java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
				new Class<?>[] { Runnable.class }, (proxy, method, args) -> null));
		value.put("ok", "kept");
		JsonNode node = valid(this.capture.capture(value));
		assertThat(node.path("stream").asString()).isEqualTo("<unserializable java.io.ByteArrayInputStream>");
		assertThat(node.path("lazy").asString()).startsWith("<unserializable java.util.stream");
		assertThat(node.path("thread").asString()).startsWith("<unserializable java.lang.Thread");
		assertThat(node.path("proxy").asString()).startsWith("<unserializable jdk.proxy");
		assertThat(node.path("ok").asString()).isEqualTo("kept");
	}

	@Test
	void shouldCaptureCyclesAndThrowingGettersAsReadableJsonNamingTheType() {
		Node first = new Node();
		Node second = new Node();
		first.next = second;
		second.next = first;
		Node self = new Node();
		self.next = self;
		List<Object> selfList = new ArrayList<>();
		selfList.add(selfList);
		for (Object value : new Object[] { first, self, selfList, new ThrowingGetter() }) {
			Captured captured = this.capture.capture(value);
			JsonNode node = valid(captured);
			assertThat(captured.truncated()).isTrue();
			assertThat(node.path("type").asString()).isEqualTo(value.getClass().getName());
			assertThat(captured.json()).doesNotContain("secret-in-message");
		}
	}

	@Test
	void shouldCaptureDeepNestingAsValidJson() {
		List<Object> root = new ArrayList<>();
		List<Object> current = root;
		for (int i = 0; i < 10_000; i++) {
			List<Object> next = new ArrayList<>();
			current.add(next);
			current = next;
		}
		valid(this.capture.capture(root));
	}

	@Test
	void shouldWriteAwkwardValuesAsValidJson() {
		Map<Object, Object> map = new HashMap<>();
		map.put(null, "null key");
		map.put(42, "number key");
		map.put("nan", Double.NaN);
		map.put("inf", Double.POSITIVE_INFINITY);
		map.put("when", Instant.parse("2026-01-02T03:04:05Z"));
		map.put("money", new BigDecimal("12.50"));
		map.put("maybe", Optional.of("x"));
		map.put("none", Optional.empty());
		map.put("color", Color.RED);
		map.put("surrogate", "bad \uD800 text");
		map.put("empty", new Object());
		JsonNode node = valid(this.capture.capture(map));
		assertThat(node.path("null").asString()).isEqualTo("null key");
		assertThat(node.path("42").asString()).isEqualTo("number key");
		assertThat(node.path("when").asString()).isEqualTo("2026-01-02T03:04:05Z");
		assertThat(node.path("maybe").asString()).isEqualTo("x");
		assertThat(node.path("color").asString()).isEqualTo("RED");
	}

	@Test
	void shouldRedactSecretsAtEveryDepth() {
		Map<String, Object> inner = new LinkedHashMap<>();
		inner.put("apiKey", "sk-123");
		inner.put("max_tokens", 256);
		Map<String, Object> value = new LinkedHashMap<>();
		value.put("level1", Map.of("level2", inner));
		value.put("account", new Account("ada", "hunter2", "tok"));
		value.put("X-API-KEY", "k");
		value.put("Set-Cookie", "c");
		value.put("completion_tokens", 9);
		JsonNode node = valid(this.capture.capture(value));
		assertThat(node.at("/level1/level2/apiKey").asString()).isEqualTo("<redacted>");
		assertThat(node.at("/level1/level2/max_tokens").asInt()).isEqualTo(256);
		assertThat(node.at("/account/password").asString()).isEqualTo("<redacted>");
		assertThat(node.at("/account/accessToken").asString()).isEqualTo("<redacted>");
		assertThat(node.at("/account/user").asString()).isEqualTo("ada");
		assertThat(node.path("X-API-KEY").asString()).isEqualTo("<redacted>");
		assertThat(node.path("Set-Cookie").asString()).isEqualTo("<redacted>");
		assertThat(node.path("completion_tokens").asInt()).isEqualTo(9);
	}

	@Test
	void shouldMatchRedactedKeysIgnoringCaseAndSeparators() {
		RedactedKeys keys = new RedactedKeys(PayloadCapture.DEFAULT_REDACTED_KEYS);
		assertThat(List.of("password", "dbPassword", "clientSecret", "secretKey", "accessToken", "x-api-key",
				"Authorization", "Set-Cookie", "credentials", "privateKey", "Api Key", "apikey", "API_KEYS",
				"passwordHash", "secrets"))
			.allSatisfy((key) -> assertThat(keys.isRedacted(key)).as(key).isTrue());
		assertThat(List.of("max_tokens", "total_tokens", "input_tokens", "model", "temperature", "userId", "keywords"))
			.allSatisfy((key) -> assertThat(keys.isRedacted(key)).as(key).isFalse());
	}

	@ParameterizedTest
	@ValueSource(strings = { "token", "access_token", "refreshToken", "apiToken", "idToken", "X-Auth-Token",
			"accesstoken", "SESSION_TOKEN" })
	void shouldRedactCredentialsNamedToken(String key) {
		assertThat(new RedactedKeys(PayloadCapture.DEFAULT_REDACTED_KEYS).isRedacted(key)).isTrue();
		assertThat(this.capture.capture(Map.of(key, "tk-123")).json()).isEqualTo("{\"" + key + "\":\"<redacted>\"}");
	}

	@ParameterizedTest
	@ValueSource(strings = { "tokens", "tokenCount", "maxTokens", "prompt_tokens", "total_tokens", "max_tokens",
			"completion_tokens", "token_count", "TOKEN_USAGE", "passwordLength" })
	void shouldKeepTokenCounts(String key) {
		assertThat(new RedactedKeys(PayloadCapture.DEFAULT_REDACTED_KEYS).isRedacted(key)).isFalse();
		assertThat(this.capture.capture(Map.of(key, 30)).json()).isEqualTo("{\"" + key + "\":30}");
	}

	@Test
	void shouldRedactAnAddedKeyEvenWhenItEndsLikeACount() {
		RedactedKeys keys = new RedactedKeys(List.of("token", "access tokens"));
		assertThat(keys.isRedacted("accessTokens")).isTrue();
		assertThat(keys.isRedacted("refreshTokens")).isFalse();
		assertThat(keys.isRedacted("tokenCount")).isFalse();
	}

	@Test
	void shouldKeepTokenCountsOfBeansAndRecords() {
		JsonNode node = valid(this.capture.capture(new Usage(12, 30, "tk-secret")));
		assertThat(node.path("tokenCount").asInt()).isEqualTo(12);
		assertThat(node.path("tokens").asInt()).isEqualTo(30);
		assertThat(node.path("idToken").asString()).isEqualTo("<redacted>");
	}

	@Test
	void shouldApplyMaskBeforeSerializingAndNeverLeakWhenItFails() {
		PayloadCapture masked = PayloadCapture.builder()
			.mask((value) -> (value instanceof String text) ? text.replaceAll("\\d", "#") : value)
			.build();
		assertThat(masked.capture("card 1234").json()).isEqualTo("\"card ####\"");
		PayloadCapture failing = PayloadCapture.builder().mask((value) -> {
			throw new IllegalStateException("secret-in-message");
		}).build();
		Captured captured = failing.capture("card 1234");
		assertThat(captured.json()).isEqualTo("\"<mask failed: IllegalStateException>\"");
	}

	@Test
	void shouldUseTheApplicationsMapperAnnotationsAndModules() {
		tools.jackson.databind.module.SimpleModule module = new tools.jackson.databind.module.SimpleModule();
		module.addSerializer(Point.class, new tools.jackson.databind.ser.std.StdSerializer<>(Point.class) {
			@Override
			public void serialize(Point value, tools.jackson.core.JsonGenerator gen,
					tools.jackson.databind.SerializationContext ctxt) {
				gen.writeString(value.x() + "," + value.y());
			}
		});
		PayloadCapture custom = PayloadCapture.builder()
			.objectMapper(JsonMapper.builder().addModule(module).build())
			.build();
		assertThat(custom.capture(new Point(3, 4)).json()).isEqualTo("\"3,4\"");
		assertThat(this.capture.capture(new Annotated()).json()).isEqualTo("{\"renamed\":\"v\"}");
	}

	@Test
	void shouldRejectLimitBelowMinimum() {
		org.assertj.core.api.Assertions.assertThatThrownBy(() -> PayloadCapture.builder().maxBytes(10))
			.hasMessageContaining("maxBytes");
	}

	record Point(int x, int y) {
	}

	record Account(String user, String password, String accessToken) {
	}

	enum Color {

		RED

	}

	static class Node {

		public Node next;

	}

	static class ThrowingGetter {

		public String getValue() {
			throw new IllegalStateException("secret-in-message");
		}

	}

	static class Annotated {

		@JsonProperty("renamed")
		public String value = "v";

		@JsonIgnore
		public String hidden = "h";

	}

	record Usage(int tokenCount, int tokens, String idToken) {
	}

	private static BoundedOutputStream bounded(int limit) {
		return new BoundedOutputStream(limit, BoundedOutputStream.spareFor(limit));
	}

}
