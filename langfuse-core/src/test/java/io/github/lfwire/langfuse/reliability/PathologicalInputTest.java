package io.github.lfwire.langfuse.reliability;

import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import io.github.lfwire.langfuse.LangfuseClient;
import io.github.lfwire.langfuse.LangfuseConfig;
import io.github.lfwire.langfuse.observe.Observe;
import io.github.lfwire.langfuse.observe.ObserveInterceptor;
import io.github.lfwire.langfuse.testing.FakeLangfuseServer;
import io.github.lfwire.langfuse.testing.ReceivedSpan;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * Pathological arguments and return values: each call returns exactly what it would
 * untraced, nothing is thrown, the captured input and output are valid JSON within the
 * limit, and the span is exported.
 */
class PathologicalInputTest {

	private static final int LIMIT = 4096;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static FakeLangfuseServer server;

	private static LangfuseClient client;

	private static ObserveInterceptor interceptor;

	@BeforeAll
	static void start() {
		server = FakeLangfuseServer.start();
		client = LangfuseClient
			.create(server.clientConfig().captureMaxBytes(LIMIT).flushInterval(Duration.ofMillis(20)).build());
		interceptor = new ObserveInterceptor(client, List.of());
	}

	@AfterAll
	static void stop() {
		client.shutdown(Duration.ofSeconds(5));
		server.close();
	}

	static Stream<Arguments> corpus() {
		Map<String, Object> selfMap = new HashMap<>();
		selfMap.put("self", selfMap);
		List<Object> selfList = new ArrayList<>();
		selfList.add(selfList);
		Cycle a = new Cycle();
		Cycle b = new Cycle();
		a.next = b;
		b.next = a;
		List<Object> deep = new ArrayList<>();
		List<Object> cursor = deep;
		for (int i = 0; i < 10_000; i++) {
			List<Object> next = new ArrayList<>();
			cursor.add(next);
			cursor = next;
		}
		Map<Object, Object> oddKeys = new HashMap<>();
		oddKeys.put(null, "null key");
		oddKeys.put(new Point(1, 2), "record key");
		oddKeys.put(7, null);
		Object proxy = Proxy.newProxyInstance(PathologicalInputTest.class.getClassLoader(),
				new Class<?>[] { Runnable.class }, (self, method, args) -> null);
		return Stream.of(Arguments.of("cycle through two objects", a), Arguments.of("map containing itself", selfMap),
				Arguments.of("list containing itself", selfList),
				Arguments.of("getter that throws", new ThrowingGetter()),
				Arguments.of("toString that throws", new ThrowingToString()), Arguments.of("lazy proxy", proxy),
				Arguments.of("hibernate-like proxy", new Entity$HibernateProxy$x()),
				Arguments.of("10,000-deep nesting", deep),
				Arguments.of("1,000,000-element list", IntStream.range(0, 1_000_000).boxed().toList()),
				Arguments.of("5 MB byte array", new byte[5 * 1024 * 1024]),
				Arguments.of("input stream", new ByteArrayInputStream(new byte[] { 1, 2 })),
				Arguments.of("reader", new StringReader("text")), Arguments.of("java stream", Stream.of(1, 2, 3)),
				Arguments.of("iterator", List.of(1, 2).iterator()), Arguments.of("optional", Optional.of("x")),
				Arguments.of("empty optional", Optional.empty()), Arguments.of("record", new Point(3, 4)),
				Arguments.of("instant", Instant.parse("2026-11-25T00:00:00Z")),
				Arguments.of("big decimal", new BigDecimal("1234567890.123456789")), Arguments.of("NaN", Double.NaN),
				Arguments.of("infinity", Double.NEGATIVE_INFINITY), Arguments.of("map with null and odd keys", oddKeys),
				Arguments.of("5 MB string", "x".repeat(5 * 1024 * 1024)),
				Arguments.of("lone surrogates", "a\uD800b\uDC00c"), Arguments.of("enum", Level.HIGH),
				Arguments.of("object without getters", new Opaque()), Arguments.of("thread", Thread.currentThread()),
				Arguments.of("completed future inside a map", Map.of("f", CompletableFuture.completedFuture(1))),
				Arguments.of("class object", String.class), Arguments.of("null", null),
				Arguments.of("char array", "chars".toCharArray()),
				Arguments.of("primitive matrix", new int[][] { { 1 } }),
				Arguments.of("multibyte text at the limit", "é".repeat(LIMIT)));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("corpus")
	void shouldReturnTheValueUnchangedAndExportValidBoundedJson(String description, Object value) throws Throwable {
		server.reset();
		Echo echo = new Echo();
		Method method = Echo.class.getMethod("echo", Object.class);
		Object[] result = new Object[1];
		assertThatCode(() -> result[0] = interceptor.invoke(Echo.class, method, new Object[] { value },
				() -> echo.echo(value)))
			.doesNotThrowAnyException();
		assertThat(result[0]).isSameAs(value);
		assertThat(client.flush(Duration.ofSeconds(10)).success()).isTrue();
		ReceivedSpan span = server.awaitSpans(1, Duration.ofSeconds(10)).get(0);
		for (String key : List.of("langfuse.observation.input", "langfuse.observation.output")) {
			String captured = span.attribute(key);
			assertThat(captured).as(key).isNotNull();
			assertThat(captured.getBytes(StandardCharsets.UTF_8).length).as(key).isLessThanOrEqualTo(LIMIT);
			assertThatCode(() -> JSON.readTree(captured)).as(key + " is JSON").doesNotThrowAnyException();
		}
		server.assertContractRespected();
	}

	/** The observed bean. */
	public static class Echo {

		@Observe
		public Object echo(Object value) {
			return value;
		}

	}

	record Point(int x, int y) {
	}

	enum Level {

		HIGH

	}

	static class Cycle {

		public Cycle next;

	}

	static class ThrowingGetter {

		public String getValue() {
			throw new IllegalStateException("boom");
		}

	}

	static class ThrowingToString {

		public int value = 1;

		@Override
		public String toString() {
			throw new IllegalStateException("boom");
		}

	}

	static class Opaque {

		private final int hidden = 1;

	}

	static class Entity$HibernateProxy$x {

		public String getId() {
			throw new IllegalStateException("LazyInitializationException");
		}

	}

}
