package io.github.lfwire.langfuse;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonValue;
import io.github.lfwire.langfuse.capture.CaptureSettings;
import io.github.lfwire.langfuse.capture.ImmutableValues;
import io.github.lfwire.langfuse.capture.PayloadCapture;
import io.github.lfwire.langfuse.media.MediaSettings;
import io.github.lfwire.langfuse.semconv.LangfuseAttributes;
import io.github.lfwire.langfuse.testing.FakeLangfuseServer;
import io.github.lfwire.langfuse.testing.ReceivedSpan;
import io.github.lfwire.langfuse.testing.TestSpanExporter;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Immutable values are serialized on the export thread with exactly the JSON the caller's
 * thread would have written; mutable ones are serialized before the call returns.
 */
class DeferredCaptureTest {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private static final String INPUT = LangfuseAttributes.OBSERVATION_INPUT;

	private static final String OUTPUT = LangfuseAttributes.OBSERVATION_OUTPUT;

	private static final int[] LIMITS = { 256, 300, 700, 2048, 32 * 1024 };

	private static final int VALUES_PER_LIMIT = 240;

	@Test
	void deferredCaptureWritesTheSameBytesAsEagerCaptureForManyValuesAndLimits() {
		long deferredTotal = 0;
		long truncatedOnExport = 0;
		for (int limit : LIMITS) {
			Random random = new Random(1_000 + limit);
			List<Object> values = new ArrayList<>();
			for (int i = 0; i < VALUES_PER_LIMIT; i++) {
				values.add(new Values(random, limit).value(0));
			}
			try (FakeLangfuseServer server = FakeLangfuseServer.start()) {
				LangfuseClient deferred = client(server, limit, true, false);
				LangfuseClient eager = client(server, limit, false, false);
				for (int i = 0; i < values.size(); i++) {
					record(deferred, "deferred-" + i, values.get(i));
					record(eager, "eager-" + i, values.get(i));
				}
				assertThat(deferred.flush(WAIT).success()).isTrue();
				assertThat(eager.flush(WAIT).success()).isTrue();
				Map<String, ReceivedSpan> spans = byName(server.awaitSpans(2 * values.size(), WAIT));
				for (int i = 0; i < values.size(); i++) {
					ReceivedSpan expected = spans.get("eager-" + i);
					ReceivedSpan actual = spans.get("deferred-" + i);
					assertThat(actual.attribute(INPUT)).as("input of value %d at limit %d: %s", i, limit, values.get(i))
						.isEqualTo(expected.attribute(INPUT));
					assertThat(actual.attribute(OUTPUT)).as("output of value %d at limit %d", i, limit)
						.isEqualTo(expected.attribute(OUTPUT));
					if (ImmutableValues.deferral(values.get(i), CaptureSettings.DEFAULT_DEFERRED_MAX_BYTES, false, true)
						.isKept() && actual.attribute(INPUT).startsWith("{\"truncated\":true")) {
						truncatedOnExport++;
					}
				}
				assertThat(eager.capturing().deferred()).isZero();
				assertThat(deferred.capturing().truncated()).isEqualTo(eager.capturing().truncated());
				deferredTotal += deferred.capturing().deferred();
				deferred.shutdown(WAIT);
				eager.shutdown(WAIT);
			}
		}
		assertThat(deferredTotal).as("values serialized on the export thread")
			.isGreaterThan(LIMITS.length * VALUES_PER_LIMIT);
		assertThat(truncatedOnExport).as("deferred values cut at the limit on the export thread").isPositive();
	}

	@Test
	void deferredCaptureWithMediaOnWritesTheSameBytesAndKeepsMediaOnTheCallersThread() {
		String image = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk";
		List<Object> values = List.of("plain text", List.of("a", image),
				Map.of("type", "base64", "media_type", "image/png", "data", "iVBORw0KGgo="), new Message("user", image),
				Map.of("role", "user"));
		try (FakeLangfuseServer server = FakeLangfuseServer.start()) {
			LangfuseClient deferred = client(server, 2048, true, true);
			LangfuseClient eager = client(server, 2048, false, true);
			for (int i = 0; i < values.size(); i++) {
				record(deferred, "deferred-" + i, values.get(i));
				record(eager, "eager-" + i, values.get(i));
			}
			try (Observation mixed = deferred.span("mixed")) {
				mixed.input("plain").metadata("image", image);
			}
			assertThat(deferred.flush(WAIT).success()).isTrue();
			assertThat(eager.flush(WAIT).success()).isTrue();
			Map<String, ReceivedSpan> spans = byName(server.awaitSpans(2 * values.size() + 1, WAIT));
			assertThat(spans.get("mixed").attribute(INPUT)).as("a deferred input on a span held back for its media")
				.isEqualTo("\"plain\"");
			assertThat(spans.get("mixed").attribute(LangfuseAttributes.OBSERVATION_METADATA_PREFIX + "image"))
				.contains("@@@langfuseMedia:");
			for (int i = 0; i < values.size(); i++) {
				String eagerInput = spans.get("eager-" + i).attribute(INPUT);
				String deferredInput = spans.get("deferred-" + i).attribute(INPUT);
				assertThat(deferredInput.replaceAll("@@@langfuseMedia:[^@]*@@@", "<media>"))
					.isEqualTo(eagerInput.replaceAll("@@@langfuseMedia:[^@]*@@@", "<media>"));
			}
			assertThat(spans.get("deferred-1").attribute(INPUT)).contains("@@@langfuseMedia:")
				.doesNotContain("iVBORw0KGgoAAAANSUhEUg");
			assertThat(deferred.capturing().deferred())
				.as("only the values without media: text and role map, twice, and the mixed span's input")
				.isEqualTo(5);
			deferred.shutdown(WAIT);
			eager.shutdown(WAIT);
		}
	}

	@Test
	void everyDestinationReceivesTheSameBytesSerializedOnceOffTheCallersThread() {
		try (FakeLangfuseServer server = FakeLangfuseServer.start()) {
			Map<String, String> exported = new java.util.concurrent.ConcurrentHashMap<>();
			LangfuseClient client = LangfuseClient.create(server.clientConfig()
				.capture(CaptureSettings.builder().maxBytes(256).build())
				.addSpanExporter(new TestSpanExporter() {
					@Override
					public CompletableResultCode export(Collection<SpanData> spans) {
						spans.forEach((span) -> exported.put(span.getName(),
								span.getAttributes().get(AttributeKey.stringKey(INPUT))));
						return CompletableResultCode.ofSuccess();
					}
				})
				.build());
			String wide = "\u4e2d".repeat(200);
			try (Observation observation = client.span("wide")) {
				observation.input(wide);
			}
			assertThat(client.flush(WAIT).success()).isTrue();
			String received = server.awaitSpans(1, WAIT).get(0).attribute(INPUT);
			assertThat(received).startsWith("{\"truncated\":true,\"type\":\"java.lang.String\"");
			org.awaitility.Awaitility.await().atMost(WAIT).until(() -> exported.containsKey("wide"));
			assertThat(exported.get("wide")).isEqualTo(received);
			assertThat(client.capturing().deferred()).isEqualTo(1);
			assertThat(client.capturing().truncated()).as("serialized once for both destinations").isEqualTo(1);
			client.shutdown(WAIT);
		}
	}

	@Test
	void mutableValuesChangedAfterTheCallAreCapturedAsTheyWereAtTheCall() {
		try (FakeLangfuseServer server = FakeLangfuseServer.start()) {
			LangfuseClient client = client(server, 4096, true, false);
			List<String> list = new ArrayList<>(List.of("a", "b"));
			Map<String, Object> map = new HashMap<>(Map.of("k", "v"));
			Bean bean = new Bean();
			bean.text = "before";
			Holder holder = new Holder(new ArrayList<>(List.of("x")));
			try (Observation observation = client.span("mutable")) {
				observation.input(List.of(list, map, bean)).output(holder);
				list.add("c");
				map.put("k", "changed");
				bean.text = "after";
				holder.items().add("y");
			}
			assertThat(client.flush(WAIT).success()).isTrue();
			ReceivedSpan span = server.awaitSpans(1, WAIT).get(0);
			assertThat(span.attribute(INPUT)).isEqualTo("[[\"a\",\"b\"],{\"k\":\"v\"},{\"text\":\"before\"}]");
			assertThat(span.attribute(OUTPUT)).isEqualTo("{\"items\":[\"x\"]}");
			assertThat(client.capturing().deferred()).isZero();
			client.shutdown(WAIT);
		}
	}

	@Test
	void copiedMapsAndListsChangedAfterTheCallAreCapturedAsTheyWereAtTheCall() {
		try (FakeLangfuseServer server = FakeLangfuseServer.start()) {
			LangfuseClient client = client(server, 4096, true, false);
			List<Object> history = new ArrayList<>(List.of("first"));
			Map<String, Object> message = new LinkedHashMap<>();
			message.put("role", "user");
			message.put("parts", history);
			Map<String, Object> state = new HashMap<>(Map.of("messages", new ArrayList<>(List.of(message))));
			try (Observation observation = client.span("copied")) {
				observation.input(state).output(history);
				history.add("changed after the call");
				message.put("role", "changed");
				state.put("late", true);
			}
			assertThat(client.flush(WAIT).success()).isTrue();
			ReceivedSpan span = server.awaitSpans(1, WAIT).get(0);
			assertThat(span.attribute(INPUT)).isEqualTo("{\"messages\":[{\"role\":\"user\",\"parts\":[\"first\"]}]}");
			assertThat(span.attribute(OUTPUT)).isEqualTo("[\"first\"]");
			assertThat(client.capturing().deferred()).as("both copied").isEqualTo(2);
			client.shutdown(WAIT);
		}
	}

	@Test
	void valuesEstimatedOverTheDeferralBoundAreSerializedOnTheCallersThreadAndCounted() {
		try (FakeLangfuseServer server = FakeLangfuseServer.start()) {
			LangfuseClient client = LangfuseClient.create(server.clientConfig()
				.capture(CaptureSettings.builder().maxBytes(256).deferredMaxBytes(1024).build())
				.media(MediaSettings.DEFAULTS.withEnabled(false))
				.build());
			List<Object> large = new ArrayList<>(List.of("x".repeat(2000)));
			try (Observation observation = client.span("bounded")) {
				observation.input(large).output("x".repeat(1000));
				large.set(0, "changed after the call");
			}
			assertThat(client.flush(WAIT).success()).isTrue();
			ReceivedSpan span = server.awaitSpans(1, WAIT).get(0);
			assertThat(span.attribute(INPUT)).startsWith("{\"truncated\":true,\"type\":\"java.util.ArrayList\"")
				.contains("\"preview\":\"[\\\"xxx");
			assertThat(span.attribute(OUTPUT)).startsWith("{\"truncated\":true,\"type\":\"java.lang.String\"");
			assertThat(client.stats().capturesTooLargeToDefer()).isEqualTo(1);
			List<String> many = new ArrayList<>(java.util.Collections.nCopies(100, "y".repeat(20)));
			ImmutableValues.Deferral projected = ImmutableValues.deferral(many, 1024, false, true);
			assertThat(projected.tooLarge()).as("refused from its first elements").isTrue();
			assertThat(ImmutableValues.deferral(new ArrayList<>(many.subList(0, 40)), 1024, false, true).isKept())
				.as("40 of them fit")
				.isTrue();
			assertThat(client.stats().capturesDeferred()).as("the string under the bound, cut on export").isEqualTo(1);
			client.shutdown(WAIT);
		}
	}

	@Test
	void withAMaskMutableMapsAndListsAreSerializedOnTheCallersThreadSinceTheMaskMayDependOnTheirClass() {
		try (FakeLangfuseServer server = FakeLangfuseServer.start()) {
			LangfuseClient client = LangfuseClient.create(server.clientConfig()
				.capture(CaptureSettings.builder()
					.mask((value) -> (value instanceof ArrayList<?> list) ? "a list of " + list.size() : value)
					.build())
				.media(MediaSettings.DEFAULTS.withEnabled(false))
				.build());
			try (Observation observation = client.span("masked")) {
				observation.input(new ArrayList<>(List.of("a", "b"))).output(List.of("c"));
			}
			assertThat(client.flush(WAIT).success()).isTrue();
			ReceivedSpan span = server.awaitSpans(1, WAIT).get(0);
			assertThat(span.attribute(INPUT)).isEqualTo("\"a list of 2\"");
			assertThat(span.attribute(OUTPUT)).isEqualTo("[\"c\"]");
			assertThat(client.capturing().deferred()).as("the immutable output only").isEqualTo(1);
			client.shutdown(WAIT);
		}
	}

	@Test
	void aRecordWhoseMutableComponentIsIgnoredIsDeferredWithTheSameJson() {
		try (FakeLangfuseServer server = FakeLangfuseServer.start()) {
			LangfuseClient deferred = client(server, 4096, true, false);
			LangfuseClient eager = client(server, 4096, false, false);
			for (LangfuseClient client : List.of(deferred, eager)) {
				try (Observation observation = client.span((client == deferred) ? "deferred" : "eager")) {
					observation.input(new Assembled("answer", List.of("a", "b"), new Bean()));
				}
				assertThat(client.flush(WAIT).success()).isTrue();
			}
			Map<String, ReceivedSpan> spans = byName(server.awaitSpans(2, WAIT));
			assertThat(spans.get("deferred").attribute(INPUT))
				.isEqualTo("{\"template\":\"answer\",\"messages\":[\"a\",\"b\"]}")
				.isEqualTo(spans.get("eager").attribute(INPUT));
			assertThat(deferred.capturing().deferred()).isEqualTo(1);
			assertThat(ImmutableValues.deferrableBytes(new Shown(new Bean()), 256, false)).isNegative();
			deferred.shutdown(WAIT);
			eager.shutdown(WAIT);
		}
	}

	record Assembled(String template, List<String> messages, @JsonIgnore Bean source) {
	}

	record Shown(@JsonIgnore(false) Bean source) {
	}

	@Test
	void aValueWhoseDeferredSerializationFailsBecomesThePlaceholderAndNoExceptionReachesTheCaller() {
		try (FakeLangfuseServer server = FakeLangfuseServer.start()) {
			LangfuseClient deferred = client(server, 4096, true, false);
			LangfuseClient eager = client(server, 4096, false, false);
			for (LangfuseClient client : List.of(deferred, eager)) {
				try (Observation observation = client.span((client == deferred) ? "deferred" : "eager")) {
					observation.input(new Failing("text", Exploding.BOOM)).output("fine");
				}
				assertThat(client.flush(WAIT).success()).isTrue();
			}
			Map<String, ReceivedSpan> spans = byName(server.awaitSpans(2, WAIT));
			assertThat(deferred.capturing().deferred()).isEqualTo(2);
			String placeholder = spans.get("deferred").attribute(INPUT);
			assertThat(placeholder).startsWith("{\"truncated\":true,\"type\":\"" + Failing.class.getName())
				.contains("\"reason\":\"serialization failed: IllegalStateException\"");
			assertThat(placeholder).isEqualTo(spans.get("eager").attribute(INPUT));
			assertThat(spans.get("deferred").attribute(OUTPUT)).isEqualTo("\"fine\"");
			deferred.shutdown(WAIT);
			eager.shutdown(WAIT);
		}
	}

	@Test
	void withDeferralOffImmutableValuesAreSerializedOnTheCallersThread() {
		try (FakeLangfuseServer server = FakeLangfuseServer.start()) {
			LangfuseClient deferred = client(server, 4096, true, false);
			LangfuseClient eager = client(server, 4096, false, false);
			String caller = Thread.currentThread().getName();
			for (LangfuseClient client : List.of(deferred, eager)) {
				try (Observation observation = client.span((client == deferred) ? "deferred" : "eager")) {
					observation.input(new Sighting(ThreadName.CURRENT));
				}
				assertThat(client.flush(WAIT).success()).isTrue();
			}
			Map<String, ReceivedSpan> spans = byName(server.awaitSpans(2, WAIT));
			assertThat(spans.get("eager").attribute(INPUT)).isEqualTo("{\"thread\":\"" + caller + "\"}");
			assertThat(spans.get("deferred").attribute(INPUT)).startsWith("{\"thread\":\"")
				.isNotEqualTo(spans.get("eager").attribute(INPUT));
			deferred.shutdown(WAIT);
			eager.shutdown(WAIT);
		}
	}

	@Test
	void immutabilityIsDecidedByTheValueNotItsDeclaredType() {
		assertThat(ImmutableValues.deferrableBytes("text", 256, false)).isEqualTo(6);
		assertThat(ImmutableValues.deferrableBytes(List.of("a", 1, Instant.EPOCH), 256, false)).isPositive();
		assertThat(ImmutableValues.deferrableBytes(Map.of("k", List.of(UUID.randomUUID())), 256, false)).isPositive();
		assertThat(ImmutableValues.deferrableBytes(new Holder(List.of("x")), 256, false)).isPositive();
		assertThat(ImmutableValues.deferrableBytes(new Holder(new ArrayList<>()), 256, false)).isNegative();
		assertThat(ImmutableValues.deferrableBytes(Collections.unmodifiableList(new ArrayList<>()), 256, false))
			.isNegative();
		assertThat(ImmutableValues.deferrableBytes(List.of((Object) new String[] { "a" }), 256, false)).isNegative();
		assertThat(ImmutableValues.deferrableBytes(new StringBuilder("a"), 256, false)).isNegative();
		assertThat(ImmutableValues.deferrableBytes(null, 256, false)).isNegative();
		assertThat(ImmutableValues.deferrableBytes("x".repeat(300), 256, false)).as("over the limit").isNegative();
		assertThat(ImmutableValues.deferrableBytes(new Inaccessible("a"), 256, false))
			.as("an accessor that throws on the caller's thread")
			.isNegative();
		assertThat(ImmutableValues.deferrableBytes("data:image/png;base64,AAAA", 256, true)).isNegative();
		assertThat(ImmutableValues.deferrableBytes(ThreadName.CURRENT, 256, true)).as("an enum with a JSON value")
			.isNegative();
		assertThat(ImmutableValues.deferrableBytes(ThreadName.CURRENT, 256, false)).isPositive();
		assertThat(ImmutableValues.deferrableBytes(Stream.of("a", null).toList(), 256, false)).isPositive();
		Map<String, Object> ordered = new LinkedHashMap<>();
		ordered.put("z", "last first");
		ordered.put("content", null);
		ordered.put("a", List.of(1));
		Map<String, Object> frozen = ImmutableValues.frozenCopy(ordered);
		assertThat(ImmutableValues.deferrableBytes(frozen, 256, false)).isPositive();
		PayloadCapture capture = PayloadCapture.builder().build();
		assertThat(capture.capture(frozen).json()).isEqualTo(capture.capture(ordered).json())
			.isEqualTo("{\"z\":\"last first\",\"content\":null,\"a\":[1]}");
	}

	static LangfuseClient client(FakeLangfuseServer server, int limit, boolean deferred, boolean media) {
		LangfuseConfig.Builder config = server.clientConfig()
			.capture(CaptureSettings.builder()
				.maxBytes(limit)
				.redactKeys(List.of("apiKey", "user ssn"))
				.deferred(deferred)
				.build())
			.maxQueueSize(10_000)
			.media(MediaSettings.DEFAULTS.withEnabled(media));
		return LangfuseClient.create(config.build());
	}

	private static void record(LangfuseClient client, String name, Object value) {
		try (Observation observation = client.span(name)) {
			observation.input(value).output(List.of("out", value));
		}
	}

	static Map<String, ReceivedSpan> byName(List<ReceivedSpan> spans) {
		Map<String, ReceivedSpan> byName = new LinkedHashMap<>();
		spans.forEach((span) -> byName.put(span.name(), span));
		return byName;
	}

	/**
	 * Generates values of every immutable kind, some mutable, of sizes around a limit.
	 */
	private static final class Values {

		private static final List<String> KEYS = List.of("password", "apiKey", "api_key", "content", "role", "name",
				"userSsn", "token_count", "Authorization", "é", "\u0000", "x-secret-value");

		private final Random random;

		private final int limit;

		Values(Random random, int limit) {
			this.random = random;
			this.limit = limit;
		}

		Object value(int depth) {
			int kind = this.random.nextInt((depth < 3) ? 16 : 10);
			return switch (kind) {
				case 0, 1, 2 -> text();
				case 3 -> this.random.nextInt();
				case 4 -> this.random.nextDouble() * Math.pow(10, this.random.nextInt(40) - 20);
				case 5 -> new BigDecimal(this.random.nextLong()).movePointLeft(this.random.nextInt(30));
				case 6 -> Level.values()[this.random.nextInt(Level.values().length)];
				case 7 -> time();
				case 8 -> new UUID(this.random.nextLong(), this.random.nextLong());
				case 9 -> this.random.nextBoolean() ? (Object) 'c' : Long.MIN_VALUE;
				case 10, 11 -> list(depth);
				case 12, 13 -> map(depth);
				case 14 -> new Message(text(), text());
				default -> new Pair(value(depth + 1),
						(this.random.nextInt(4) == 0) ? new ArrayList<>(List.of("m")) : value(depth + 1));
			};
		}

		private Object time() {
			return switch (this.random.nextInt(4)) {
				case 0 -> Instant.ofEpochSecond(this.random.nextInt(), this.random.nextInt(1_000_000_000));
				case 1 -> LocalDate.ofEpochDay(this.random.nextInt(100_000));
				case 2 -> Duration.ofMillis(this.random.nextLong() >>> 20);
				default -> Instant.ofEpochSecond(this.random.nextInt()).atZone(ZoneId.of("Europe/Paris"));
			};
		}

		private Object list(int depth) {
			int size = this.random.nextInt(8);
			List<Object> elements = new ArrayList<>();
			for (int i = 0; i < size; i++) {
				elements.add(value(depth + 1));
			}
			return switch (this.random.nextInt(9)) {
				case 0 -> List.copyOf(elements);
				case 1 -> elements.stream().toList();
				case 2 -> (elements.isEmpty()) ? Collections.emptyList() : Collections.singletonList(elements.get(0));
				case 3 -> elements;
				case 4 -> new LinkedList<>(elements);
				case 5 -> Arrays.asList(elements.toArray());
				case 6 -> Collections.unmodifiableList(elements);
				case 7 -> new LinkedHashSet<>(elements);
				default -> new CopyOnWriteArrayList<>(elements);
			};
		}

		private Object map(int depth) {
			Map<String, Object> entries = new LinkedHashMap<>();
			int size = this.random.nextInt(6);
			for (int i = 0; i < size; i++) {
				entries.put(KEYS.get(this.random.nextInt(KEYS.size())), value(depth + 1));
			}
			return switch (this.random.nextInt(8)) {
				case 0 -> Map.copyOf(entries);
				case 1 -> ImmutableValues.frozenCopy(entries);
				case 2 -> entries;
				case 3 -> new HashMap<>(entries);
				case 4 -> new TreeMap<>(entries);
				case 5 -> new ConcurrentHashMap<>(entries);
				case 6 -> Collections.unmodifiableMap(entries);
				default -> numberKeys(entries);
			};
		}

		private static Map<Object, Object> numberKeys(Map<String, Object> entries) {
			Map<Object, Object> numbered = new LinkedHashMap<>();
			entries.forEach((key, value) -> numbered.put(key.length(), value));
			return numbered;
		}

		private String text() {
			int scale = switch (this.random.nextInt(4)) {
				case 0 -> 8;
				case 1 -> this.limit / 2;
				case 2 -> this.limit;
				default -> this.limit * 2;
			};
			int length = this.random.nextInt(scale + 1);
			StringBuilder text = new StringBuilder(length);
			int alphabet = this.random.nextInt(5);
			while (text.length() < length) {
				switch (alphabet) {
					case 0 -> text.append((char) ('a' + this.random.nextInt(26)));
					case 1 -> text.append((char) this.random.nextInt(0x20));
					case 2 -> text.append((char) (0x4e00 + this.random.nextInt(0x5000)));
					case 3 -> text.appendCodePoint(0x1F600 + this.random.nextInt(0x50));
					default -> text.append("\"\\/<>'\u2028\u00e9\ud83d".charAt(this.random.nextInt(9)));
				}
			}
			return text.toString();
		}

	}

	enum Level {

		LOW, HIGH, CRITICAL

	}

	enum ThreadName {

		CURRENT;

		@JsonValue
		String json() {
			return Thread.currentThread().getName();
		}

	}

	enum Exploding {

		BOOM;

		@JsonValue
		String json() {
			throw new IllegalStateException("no JSON");
		}

	}

	record Message(String role, String content) {
	}

	record Pair(Object left, Object right) {
	}

	record Holder(List<String> items) {
	}

	record Sighting(ThreadName thread) {
	}

	record Failing(String text, Exploding exploding) {
	}

	record Inaccessible(String text) {

		@Override
		public String text() {
			throw new IllegalStateException("accessor broken");
		}

	}

	static final class Bean {

		public String text;

	}

}
