package io.github.lfwire.langfuse.spring.boot.autoconfigure.observe;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.github.lfwire.langfuse.LangfuseClient;
import io.github.lfwire.langfuse.observe.Observe;
import io.github.lfwire.langfuse.spring.boot.autoconfigure.LangfuseAutoConfiguration;
import io.github.lfwire.langfuse.testing.FakeLangfuseServer;
import io.github.lfwire.langfuse.testing.ReceivedSpan;
import io.github.lfwire.langfuse.spring.boot.autoconfigure.llm.ReactorHookRestored;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.reactor.autoconfigure.ReactorAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(ReactorHookRestored.class)
class ReactiveObservationTest {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private static final int ITERATIONS = 40;

	private static final FakeLangfuseServer server = FakeLangfuseServer.start();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class, LangfuseAutoConfiguration.class,
				LangfuseObserveAutoConfiguration.class, LangfuseContextPropagationAutoConfiguration.class,
				ReactorAutoConfiguration.class))
		.withPropertyValues("langfuse.host=" + server.baseUrl(), "langfuse.public-key=" + FakeLangfuseServer.PUBLIC_KEY,
				"langfuse.secret-key=" + FakeLangfuseServer.SECRET_KEY, "spring.reactor.context-propagation=auto")
		.withBean(Inner.class)
		.withBean(Outer.class);

	@AfterAll
	static void stopServer() {
		server.close();
	}

	@BeforeEach
	void reset() {
		server.reset();
	}

	@Test
	void shouldEndNestedFluxObservationsBeforeTheirParent() {
		this.runner.run((context) -> {
			Outer outer = context.getBean(Outer.class);
			for (int i = 0; i < ITERATIONS; i++) {
				assertThat(outer.concatenated().collectList().block()).containsExactly(0, 1, 2, 0, 1);
				assertThat(outer.flattened().collectList().block()).containsExactlyInAnyOrder(0, 1, 0, 1);
			}
			assertChildrenEndBeforeParents(flushed(context, ITERATIONS * 6), ITERATIONS * 4);
		});
	}

	@Test
	void shouldEndTheLastMonoOfAFlatMapBeforeItsParent() {
		this.runner.run((context) -> {
			Outer outer = context.getBean(Outer.class);
			for (int i = 0; i < ITERATIONS; i++) {
				assertThat(outer.lookedUp().block()).isEqualTo("Q");
				assertThat(outer.lookedUpEach().collectList().block()).containsExactlyInAnyOrder("Q0", "Q1", "Q2");
			}
			assertChildrenEndBeforeParents(flushed(context, ITERATIONS * 6), ITERATIONS * 4);
		});
	}

	@Test
	void shouldEndNestedObservationsBeforeTheirParentOnErrorAndCancel() {
		this.runner.run((context) -> {
			Outer outer = context.getBean(Outer.class);
			for (int i = 0; i < ITERATIONS; i++) {
				assertThat(outer.failing().onErrorReturn("fallback").block()).isEqualTo("fallback");
				assertThat(outer.firstTwo().collectList().block()).containsExactly(0, 1);
			}
			List<ReceivedSpan> spans = flushed(context, ITERATIONS * 4);
			assertChildrenEndBeforeParents(spans, ITERATIONS * 2);
			assertThat(spans).filteredOn((span) -> span.name().equals("Inner.fail"))
				.hasSize(ITERATIONS)
				.allSatisfy((span) -> assertThat(span.attribute("langfuse.observation.level")).isEqualTo("ERROR"));
		});
	}

	@Test
	void shouldMarkTheCutWhenAFluxHasMoreElementsThanTheCaptureKeeps() {
		this.runner.run((context) -> {
			assertThat(context.getBean(Inner.class).items(150).count().block()).isEqualTo(150);
			JsonNode output = output(flushed(context, 1).get(0));
			assertThat(output.path("truncated").asBoolean()).isTrue();
			assertThat(output.path("items").asLong()).isEqualTo(150);
			assertThat(output.path("shown").asInt()).isEqualTo(100);
			assertThat(output.path("elements")).hasSize(100);
			assertThat(output.path("elements").get(99).asInt()).isEqualTo(99);
			assertThat(context.getBean(LangfuseClient.class).stats().capturesTruncated()).isEqualTo(1);
		});
	}

	@Test
	void shouldKeepAsManyFluxElementsAsConfigured() {
		this.runner.withPropertyValues("langfuse.capture.max-stream-elements=3").run((context) -> {
			Inner inner = context.getBean(Inner.class);
			inner.items(3).blockLast();
			inner.items(4).blockLast();
			Map<String, JsonNode> outputs = flushed(context, 2).stream()
				.collect(Collectors.toMap((span) -> span.attribute("langfuse.observation.input"), this::output));
			assertThat(outputs.get("{\"count\":3}").toString()).isEqualTo("[0,1,2]");
			JsonNode cut = outputs.get("{\"count\":4}");
			assertThat(cut.path("truncated").asBoolean()).isTrue();
			assertThat(cut.path("items").asLong()).isEqualTo(4);
			assertThat(cut.path("shown").asInt()).isEqualTo(3);
			assertThat(cut.path("elements").toString()).isEqualTo("[0,1,2]");
		});
	}

	private List<ReceivedSpan> flushed(AssertableApplicationContext context, int count) {
		assertThat(context.getBean(LangfuseClient.class).flush(WAIT).success()).isTrue();
		List<ReceivedSpan> spans = server.awaitSpans(count, WAIT);
		assertThat(spans).hasSize(count);
		return spans;
	}

	private JsonNode output(ReceivedSpan span) {
		return JsonMapper.builder().build().readTree(span.attribute("langfuse.observation.output"));
	}

	private static void assertChildrenEndBeforeParents(List<ReceivedSpan> spans, int expectedChildren) {
		Map<String, ReceivedSpan> byId = spans.stream()
			.collect(Collectors.toMap(ReceivedSpan::spanId, Function.identity()));
		List<ReceivedSpan> children = spans.stream().filter((span) -> !span.isRoot()).toList();
		assertThat(children).hasSize(expectedChildren).allSatisfy((child) -> {
			ReceivedSpan parent = byId.get(child.parentSpanId());
			assertThat(parent).as("parent of %s", child.name()).isNotNull();
			assertThat(child.endEpochNanos()).as("%s ends no later than %s", child.name(), parent.name())
				.isLessThanOrEqualTo(parent.endEpochNanos());
		});
	}

	/** Nested observed streams. */
	static class Outer {

		private final Inner inner;

		Outer(Inner inner) {
			this.inner = inner;
		}

		@Observe
		public Flux<Integer> concatenated() {
			return this.inner.items(3).concatWith(this.inner.items(2));
		}

		@Observe
		public Flux<Integer> flattened() {
			return Flux.range(0, 2).flatMap((i) -> this.inner.items(2));
		}

		@Observe
		public Mono<String> lookedUp() {
			return Mono.just("q").flatMap(this.inner::lookup);
		}

		@Observe
		public Flux<String> lookedUpEach() {
			return Flux.range(0, 3).flatMap((i) -> this.inner.lookup("q" + i));
		}

		@Observe
		public Mono<String> failing() {
			return Mono.just("q").flatMap(this.inner::fail);
		}

		@Observe
		public Flux<Integer> firstTwo() {
			return this.inner.items(10).take(2);
		}

	}

	/**
	 * Observed streams called by {@link Outer}; like network responses, they emit on
	 * another thread.
	 */
	static class Inner {

		@Observe
		public Flux<Integer> items(int count) {
			return Flux.range(0, count).publishOn(Schedulers.parallel());
		}

		@Observe
		public Mono<String> lookup(String query) {
			return Mono.just(query).map(String::toUpperCase);
		}

		@Observe
		public Mono<String> fail(String query) {
			return Mono.error(new IllegalStateException("no " + query));
		}

	}

}
