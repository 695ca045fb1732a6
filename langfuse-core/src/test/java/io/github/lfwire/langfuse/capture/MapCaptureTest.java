package io.github.lfwire.langfuse.capture;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Capture of maps: the redaction decisions {@link RedactedKeys} remembers are the same as
 * matching every time, bounded, made once per distinct key and safe under concurrent use;
 * a map over the limit stops within an entry of it.
 */
class MapCaptureTest {

	private static final List<String> FRAGMENTS = List.of("password", "secret", "token", "tokens", "api", "key", "keys",
			"authorization", "cookie", "credential", "credentials", "private", "count", "length", "size", "usage",
			"total", "max", "prompt", "completion", "access", "refresh", "id", "user", "model", "hash", "s", "X", "db",
			"Session", "TOKEN", "Api", "Key");

	private static final List<String> SEPARATORS = List.of("", "", "_", "-", " ", ".", "__");

	private static final List<String> HOT_KEYS = List.of("role", "content", "id", "createdAt", "tokens", "metadata",
			"source", "locale", "flagged", "latencyMs", "toolCalls", "apiKey", "accessToken", "max_tokens");

	@Test
	void shouldDecideLikeMatchingForManyGeneratedKeysFirstTimeAndRemembered() {
		RedactedKeys cached = new RedactedKeys(PayloadCapture.DEFAULT_REDACTED_KEYS);
		RedactedKeys reference = new RedactedKeys(PayloadCapture.DEFAULT_REDACTED_KEYS);
		List<String> keys = generatedKeys(new Random(19), 20_000);
		int redacted = 0;
		for (int round = 0; round < 3; round++) {
			for (String key : keys) {
				boolean expected = reference.decide(key);
				assertThat(cached.isRedacted(key)).as(key).isEqualTo(expected);
				redacted += expected ? 1 : 0;
			}
		}
		assertThat(redacted).as("the generated keys include secret names").isGreaterThan(3000);
		assertThat(redacted).as("and names that are kept").isLessThan(3 * keys.size() - 3000);
	}

	@Test
	void shouldDecideLikeMatchingWithAddedTermsAndWithoutDefaults() {
		List<String> terms = List.of("session id", "access tokens", "x");
		RedactedKeys cached = new RedactedKeys(terms);
		RedactedKeys reference = new RedactedKeys(terms);
		for (String key : generatedKeys(new Random(7), 5_000)) {
			assertThat(cached.isRedacted(key)).as(key).isEqualTo(reference.decide(key));
			assertThat(cached.isRedacted(key)).as(key).isEqualTo(reference.decide(key));
		}
	}

	@Test
	void shouldDecideEachRepeatedKeyOnce() {
		RedactedKeys keys = new RedactedKeys(PayloadCapture.DEFAULT_REDACTED_KEYS);
		for (int i = 0; i < 1000; i++) {
			for (String key : HOT_KEYS) {
				keys.isRedacted(key);
				keys.isRedacted(new String(key.toCharArray()));
			}
		}
		assertThat(keys.misses()).isEqualTo(HOT_KEYS.size());
		assertThat(keys.cached()).isEqualTo(HOT_KEYS.size());
	}

	@Test
	void shouldStayBoundedAndKeepNoLongKeys() {
		RedactedKeys keys = new RedactedKeys(PayloadCapture.DEFAULT_REDACTED_KEYS);
		for (int i = 0; i < 10 * RedactedKeys.CACHE_SLOTS; i++) {
			keys.isRedacted("doc-" + i);
		}
		assertThat(keys.cached()).isLessThanOrEqualTo(RedactedKeys.CACHE_SLOTS);
		assertThat(keys.misses()).isEqualTo(10L * RedactedKeys.CACHE_SLOTS);

		RedactedKeys fresh = new RedactedKeys(PayloadCapture.DEFAULT_REDACTED_KEYS);
		String longKey = "x".repeat(RedactedKeys.CACHE_MAX_KEY_LENGTH) + "Password";
		for (int i = 0; i < 5; i++) {
			assertThat(fresh.isRedacted(longKey)).isTrue();
			assertThat(fresh.isRedacted("y".repeat(RedactedKeys.CACHE_MAX_KEY_LENGTH + 1))).isFalse();
		}
		assertThat(fresh.cached()).isZero();
		assertThat(fresh.misses()).isEqualTo(10);
	}

	@Test
	void shouldLetRepeatedKeysBackInAfterAFloodOfKeysSeenOnce() {
		RedactedKeys keys = new RedactedKeys(PayloadCapture.DEFAULT_REDACTED_KEYS);
		for (int i = 0; i < 10 * RedactedKeys.CACHE_SLOTS; i++) {
			keys.isRedacted("user-" + i + "@example.com");
		}
		long before = keys.misses();
		for (int i = 0; i < 1000; i++) {
			for (String key : HOT_KEYS) {
				assertThat(keys.isRedacted(key)).as(key).isEqualTo(keys.decide(key));
			}
		}
		assertThat(keys.misses() - before).isEqualTo(HOT_KEYS.size());
	}

	@Test
	void shouldDecideLikeMatchingUnderConcurrentUseWhileEntriesAreReplaced() throws Exception {
		RedactedKeys shared = new RedactedKeys(PayloadCapture.DEFAULT_REDACTED_KEYS);
		RedactedKeys reference = new RedactedKeys(PayloadCapture.DEFAULT_REDACTED_KEYS);
		List<String> keys = generatedKeys(new Random(42), 3 * RedactedKeys.CACHE_SLOTS);
		Map<String, Boolean> expected = new LinkedHashMap<>();
		keys.forEach((key) -> expected.put(key, reference.decide(key)));
		int threads = 4;
		CyclicBarrier start = new CyclicBarrier(threads);
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		try {
			List<Future<Integer>> results = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				List<String> order = new ArrayList<>(keys);
				Collections.shuffle(order, new Random(t));
				Callable<Integer> task = () -> {
					start.await(30, TimeUnit.SECONDS);
					int wrong = 0;
					for (int round = 0; round < 5; round++) {
						for (String key : order) {
							wrong += (shared.isRedacted(key) != expected.get(key)) ? 1 : 0;
						}
					}
					return wrong;
				};
				results.add(executor.submit(task));
			}
			for (Future<Integer> result : results) {
				assertThat(result.get(60, TimeUnit.SECONDS)).isZero();
			}
		}
		finally {
			executor.shutdownNow();
		}
		assertThat(shared.cached()).isLessThanOrEqualTo(RedactedKeys.CACHE_SLOTS);
	}

	@Test
	void shouldCountTheDecisionsOfACaptureOncePerDistinctKey() {
		PayloadCapture capture = PayloadCapture.builder().build();
		List<Object> messages = new ArrayList<>();
		for (int i = 0; i < 200; i++) {
			Map<String, Object> message = new LinkedHashMap<>();
			message.put("role", (i % 2 == 0) ? "user" : "assistant");
			message.put("content", "message " + i);
			message.put("apiKey", "sk-" + i);
			message.put("max_tokens", i);
			messages.add(message);
		}
		String json = capture.capture(Map.of("messages", messages)).json();
		assertThat(json).contains("\"apiKey\":\"<redacted>\"", "\"max_tokens\":199").doesNotContain("sk-");
		assertThat(capture.redactionCacheMisses()).isEqualTo(5);
		capture.capture(Map.of("messages", messages));
		assertThat(capture.redactionCacheMisses()).isEqualTo(5);
	}

	@Test
	void shouldStopSerializingMapsWithinAnEntryOfTheLimit() {
		PayloadCapture capture = PayloadCapture.builder().build();
		List<Object> turns = new ArrayList<>();
		for (int i = 0; i < 5000; i++) {
			Map<String, Object> turn = new LinkedHashMap<>();
			turn.put("index", i);
			turn.put("text", "x".repeat(100));
			turns.add(turn);
		}
		Map<String, Object> conversation = new LinkedHashMap<>();
		conversation.put("id", "s-1");
		conversation.put("turns", turns);

		Captured captured = capture.capture(conversation);

		assertThat(captured.truncated()).isTrue();
		assertThat(captured.bytesSerialized()).isBetween((long) capture.maxBytes(), capture.maxBytes() + 1024L);
		assertThat(captured.json()).contains("\"preview\":{\"id\":\"s-1\",\"turns\":[{\"index\":0,");
	}

	private static List<String> generatedKeys(Random random, int count) {
		List<String> keys = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			StringBuilder key = new StringBuilder();
			int parts = 1 + random.nextInt(4);
			for (int p = 0; p < parts; p++) {
				if (p > 0) {
					key.append(SEPARATORS.get(random.nextInt(SEPARATORS.size())));
				}
				String fragment = (random.nextInt(5) == 0) ? Integer.toString(random.nextInt(1000), 36)
						: FRAGMENTS.get(random.nextInt(FRAGMENTS.size()));
				key.append(random.nextBoolean() ? fragment : fragment.toUpperCase(java.util.Locale.ROOT));
			}
			if (random.nextInt(20) == 0) {
				key.append("-".repeat(random.nextInt(3))).append("x".repeat(random.nextInt(80)));
			}
			if (random.nextInt(25) == 0) {
				key.append(random.nextBoolean() ? "s" : "_");
			}
			keys.add(key.toString());
		}
		return keys;
	}

}
