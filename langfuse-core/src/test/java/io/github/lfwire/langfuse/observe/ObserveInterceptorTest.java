package io.github.lfwire.langfuse.observe;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;

import io.github.lfwire.langfuse.LangfuseClient;
import io.github.lfwire.langfuse.LangfuseConfig;
import io.github.lfwire.langfuse.Observation;
import io.github.lfwire.langfuse.ObservationType;
import io.github.lfwire.langfuse.testing.FakeLangfuseServer;
import io.github.lfwire.langfuse.testing.ReceivedSpan;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ObserveInterceptorTest {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private FakeLangfuseServer server;

	private LangfuseClient client;

	private ObserveInterceptor interceptor;

	@BeforeEach
	void start() {
		this.server = FakeLangfuseServer.start();
		this.client = LangfuseClient.create(this.server.clientConfig().build());
		this.interceptor = new ObserveInterceptor(this.client, List.of());
	}

	@AfterEach
	void stop() {
		this.client.shutdown(Duration.ofSeconds(2));
		this.server.close();
	}

	private Object call(Object target, String methodName, Object... args) throws Throwable {
		Method method = java.util.Arrays.stream(target.getClass().getMethods())
			.filter((candidate) -> candidate.getName().equals(methodName))
			.findFirst()
			.orElseThrow();
		return this.interceptor.invoke(target.getClass(), method, args, () -> method.invoke(target, args));
	}

	private List<ReceivedSpan> flushed(int count) {
		this.client.flush(WAIT);
		return this.server.awaitSpans(count, WAIT);
	}

	@Test
	void shouldNameObservationAfterClassAndMethodAndCaptureArgumentsByName() throws Throwable {
		Object result = call(new Assistant(), "answer", "hello", 2);
		assertThat(result).isEqualTo("hello hello");
		ReceivedSpan span = flushed(1).get(0);
		assertThat(span.name()).isEqualTo("Assistant.answer");
		assertThat(span.attribute("langfuse.observation.type")).isEqualTo("span");
		assertThat(span.attribute("langfuse.observation.input")).isEqualTo("{\"question\":\"hello\",\"times\":2}");
		assertThat(span.attribute("langfuse.observation.output")).isEqualTo("\"hello hello\"");
	}

	@Test
	void shouldUseAnnotationNameTypeAndLeaveCaptureOffWhenAsked() throws Throwable {
		call(new Assistant(), "secretStep", "do not capture me");
		ReceivedSpan span = flushed(1).get(0);
		assertThat(span.name()).isEqualTo("retrieve-documents");
		assertThat(span.attribute("langfuse.observation.type")).isEqualTo("retriever");
		assertThat(span.attributes()).doesNotContainKeys("langfuse.observation.input", "langfuse.observation.output");
	}

	@Test
	void shouldLeaveFrameworkArgumentsOut() throws Throwable {
		call(new Assistant(), "upload", "doc.txt", new ByteArrayInputStream(new byte[10]));
		ReceivedSpan span = flushed(1).get(0);
		assertThat(span.attribute("langfuse.observation.input")).isEqualTo("{\"name\":\"doc.txt\"}");
	}

	@Test
	void shouldRecordErrorAndRethrowTheSameException() {
		IllegalStateException failure = new IllegalStateException("boom");
		Assistant assistant = new Assistant(failure);
		assertThatThrownBy(() -> call(assistant, "fail"))
			.isInstanceOf(java.lang.reflect.InvocationTargetException.class)
			.hasCause(failure);
		ReceivedSpan span = flushed(1).get(0);
		assertThat(span.attribute("langfuse.observation.level")).isEqualTo("ERROR");
	}

	@Test
	void shouldObserveEveryPublicMethodOfAnnotatedClass() throws Throwable {
		Object result = call(new Tools(), "lookup", "k");
		assertThat(result).isEqualTo("value-k");
		ReceivedSpan span = flushed(1).get(0);
		assertThat(span.name()).isEqualTo("Tools.lookup");
		assertThat(span.attribute("langfuse.observation.type")).isEqualTo("tool");
	}

	@Test
	void shouldNotObserveObjectMethodsOfAnnotatedClass() throws Throwable {
		Tools tools = new Tools();
		assertThat(call(tools, "toString")).isEqualTo("tools");
		assertThat(call(tools, "equals", tools)).isEqualTo(true);
		assertThat(call(tools, "hashCode")).isEqualTo(7);
		call(tools, "lookup", "k");
		List<ReceivedSpan> spans = flushed(1);
		assertThat(spans).extracting(ReceivedSpan::name).containsExactly("Tools.lookup");
	}

	@Test
	void shouldObserveMethodAnnotatedOnlyOnTheInterfaceItImplements() throws Throwable {
		assertThat(call(new PlainTranslator(), "translate", "hello")).isEqualTo("HELLO");
		ReceivedSpan span = flushed(1).get(0);
		assertThat(span.name()).isEqualTo("PlainTranslator.translate");
		assertThat(span.attribute("langfuse.observation.type")).isEqualTo("generation");
		assertThat(span.attribute("langfuse.observation.input")).isEqualTo("{\"text\":\"hello\"}");
	}

	@Test
	void shouldResolveTheMostSpecificMethodOnlyOnTheFirstCallOfEachMethod() throws Throwable {
		PlainTranslator target = new PlainTranslator();
		Method interfaceMethod = Translator.class.getMethod("translate", String.class);
		Method implementation = PlainTranslator.class.getMethod("translate", String.class);
		AtomicInteger resolutions = new AtomicInteger();
		BiFunction<Method, Class<?>, Method> mostSpecific = (method, targetClass) -> {
			resolutions.incrementAndGet();
			assertThat(method).isEqualTo(interfaceMethod);
			assertThat(targetClass).isEqualTo(PlainTranslator.class);
			return implementation;
		};
		for (String text : List.of("a", "b", "c")) {
			Object[] args = { text };
			assertThat(this.interceptor.invoke(PlainTranslator.class, interfaceMethod, mostSpecific, args,
					() -> target.translate(text)))
				.isEqualTo(text.toUpperCase(java.util.Locale.ROOT));
		}
		assertThat(resolutions).hasValue(1);
		List<ReceivedSpan> spans = flushed(3);
		assertThat(spans).extracting(ReceivedSpan::name).containsOnly("PlainTranslator.translate");
		assertThat(spans).extracting((span) -> span.attribute("langfuse.observation.input"))
			.containsExactlyInAnyOrder("{\"text\":\"a\"}", "{\"text\":\"b\"}", "{\"text\":\"c\"}");
	}

	@Test
	void shouldObservePublicMethodsOfClassWhoseInterfaceIsAnnotated() throws Throwable {
		assertThat(call(new PlainSearch(), "search", "q")).isEqualTo(List.of("q"));
		call(new PlainSearch(), "toString");
		List<ReceivedSpan> spans = flushed(1);
		assertThat(spans).extracting(ReceivedSpan::name).containsExactly("PlainSearch.search");
		assertThat(spans.get(0).attribute("langfuse.observation.type")).isEqualTo("retriever");
	}

	@Test
	void shouldNestObservationsOfNestedCalls() throws Throwable {
		Assistant assistant = new Assistant();
		Method outer = Assistant.class.getMethod("answer", String.class, int.class);
		this.interceptor.invoke(Assistant.class, outer, new Object[] { "q", 1 }, () -> {
			call(new Tools(), "lookup", "inner");
			return assistant.answer("q", 1);
		});
		List<ReceivedSpan> spans = flushed(2);
		ReceivedSpan parent = spans.stream().filter(ReceivedSpan::isRoot).findFirst().orElseThrow();
		ReceivedSpan child = spans.stream().filter((span) -> !span.isRoot()).findFirst().orElseThrow();
		assertThat(child.parentSpanId()).isEqualTo(parent.spanId());
		assertThat(child.traceId()).isEqualTo(parent.traceId());
	}

	@Test
	void shouldEndObservationWhenFutureCompletesAndReturnTheSameFuture() throws Throwable {
		CompletableFuture<String> future = new CompletableFuture<>();
		Object result = call(new Assistant(future), "later");
		assertThat(result).isSameAs(future);
		assertThat(Observation.current()).isSameAs(Observation.noop());
		this.client.flush(Duration.ofMillis(200));
		assertThat(this.server.spans()).isEmpty();
		future.complete("done");
		ReceivedSpan span = flushed(1).get(0);
		assertThat(span.attribute("langfuse.observation.output")).isEqualTo("\"done\"");
	}

	@Test
	void shouldRecordFailedFutureAsError() throws Throwable {
		CompletableFuture<String> future = new CompletableFuture<>();
		call(new Assistant(future), "later");
		future.completeExceptionally(new IllegalArgumentException("bad"));
		ReceivedSpan span = flushed(1).get(0);
		assertThat(span.attribute("langfuse.observation.level")).isEqualTo("ERROR");
		assertThat(span.attribute("langfuse.observation.status_message")).contains("IllegalArgumentException: bad");
	}

	@Test
	void shouldNotCaptureAnythingWhenSampledOut() throws Throwable {
		this.client.shutdown(Duration.ofSeconds(1));
		this.client = LangfuseClient.create(this.server.clientConfig().sampleRate(0).build());
		this.interceptor = new ObserveInterceptor(this.client, List.of());
		Explosive explosive = new Explosive();
		assertThat(call(new Assistant(), "echo", explosive)).isSameAs(explosive);
		assertThat(explosive.reads).isZero();
	}

	/** A bean of the application. */
	public static class Assistant {

		private final Object state;

		public Assistant() {
			this(null);
		}

		public Assistant(Object state) {
			this.state = state;
		}

		@Observe
		public String answer(String question, int times) {
			return String.join(" ", java.util.Collections.nCopies(times, question));
		}

		@Observe(name = "retrieve-documents", type = ObservationType.RETRIEVER, captureInput = Observe.Capture.OFF,
				captureOutput = Observe.Capture.OFF)
		public List<String> secretStep(String query) {
			return List.of("a", "b");
		}

		@Observe
		public int upload(String name, InputStream content) {
			return 1;
		}

		@Observe
		public void fail() {
			throw (RuntimeException) this.state;
		}

		@Observe
		@SuppressWarnings("unchecked")
		public CompletableFuture<String> later() {
			return (CompletableFuture<String>) this.state;
		}

		@Observe
		public Object echo(Object value) {
			return value;
		}

	}

	/** A bean whose every public method is observed. */
	@Observe(type = ObservationType.TOOL)
	public static class Tools {

		public String lookup(String key) {
			return "value-" + key;
		}

		@Override
		public String toString() {
			return "tools";
		}

		@Override
		public boolean equals(Object other) {
			return other == this;
		}

		@Override
		public int hashCode() {
			return 7;
		}

	}

	/** A translation service, observed on the interface. */
	public interface Translator {

		@Observe(type = ObservationType.GENERATION)
		String translate(String text);

	}

	/** An implementation that does not repeat the annotation. */
	public static class PlainTranslator implements Translator {

		@Override
		public String translate(String text) {
			return text.toUpperCase(java.util.Locale.ROOT);
		}

	}

	/** A search service whose every method is observed. */
	@Observe(type = ObservationType.RETRIEVER)
	public interface Search {

		List<String> search(String query);

	}

	/** An implementation without annotations. */
	public static class PlainSearch implements Search {

		@Override
		public List<String> search(String query) {
			return List.of(query);
		}

		@Override
		public String toString() {
			return "search";
		}

	}

	/** Counts how often capture reads it. */
	public static class Explosive {

		int reads;

		public Map<String, String> getData() {
			this.reads++;
			return Map.of("a", "b");
		}

	}

}
