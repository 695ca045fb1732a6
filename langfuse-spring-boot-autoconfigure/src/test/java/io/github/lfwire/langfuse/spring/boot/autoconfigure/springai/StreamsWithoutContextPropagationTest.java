package io.github.lfwire.langfuse.spring.boot.autoconfigure.springai;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.github.lfwire.langfuse.LangfuseClient;
import io.github.lfwire.langfuse.Observation;
import io.github.lfwire.langfuse.observe.Observe;
import io.github.lfwire.langfuse.spring.boot.autoconfigure.llm.AutomaticContextPropagationOff;
import io.github.lfwire.langfuse.test.FakeOpenAiServer;
import io.github.lfwire.langfuse.spring.boot.autoconfigure.llm.OpenAiApplications;
import io.github.lfwire.langfuse.spring.boot.autoconfigure.observe.LangfuseObserveAutoConfiguration;
import io.github.lfwire.langfuse.testing.FakeLangfuseServer;
import io.github.lfwire.langfuse.testing.ReceivedSpan;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Hooks;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Signal;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static io.github.lfwire.langfuse.testing.ReceivedSpans.named;
import static io.github.lfwire.langfuse.testing.ReceivedSpans.ofType;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Streams returned by {@code @Observe} methods stay one trace with Reactor's automatic
 * context propagation off, as it is when an application does not set
 * {@code spring.reactor.context-propagation=auto}.
 */
@ExtendWith(AutomaticContextPropagationOff.class)
class StreamsWithoutContextPropagationTest {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private static final FakeLangfuseServer langfuse = FakeLangfuseServer.start();

	private static final FakeOpenAiServer openAi = FakeOpenAiServer.start();

	private static final JsonMapper json = JsonMapper.builder().build();

	private final ApplicationContextRunner runner = OpenAiApplications
		.runner(langfuse, openAi, AopAutoConfiguration.class, ObservationAutoConfiguration.class,
				LangfuseObserveAutoConfiguration.class)
		.withBean(Lookup.class)
		.withBean(Answers.class);

	@AfterAll
	static void stopServers() {
		langfuse.close();
		openAi.close();
	}

	@BeforeEach
	void reset() {
		langfuse.reset();
		openAi.reset();
	}

	@Test
	void shouldKeepAChatClientStreamReturnedByAnObserveMethodInItsTrace() {
		this.runner.run((context) -> {
			openAi.firstChunkDelay(Duration.ofMillis(200));
			Instant before = Instant.now();
			List<String> chunks = context.getBean(Answers.class).stream("one trace").collectList().block(WAIT);
			assertThat(String.join("", chunks)).isEqualTo("echo: one trace");
			List<ReceivedSpan> spans = flushed(context, 4);
			ReceivedSpan generation = assertOneTraceUnder(spans, "Answers.stream");
			Instant completionStart = Instant.parse(generation.attribute("langfuse.observation.completion_start_time"));
			assertThat(completionStart).isAfterOrEqualTo(openAi.firstChunksSent().get(0)).isAfter(before);
			assertThat(Hooks.isAutomaticContextPropagationEnabled()).isFalse();
		});
	}

	@Test
	void shouldKeepAStreamSubscribedOnAnotherSchedulerInItsTrace() {
		this.runner.run((context) -> {
			List<String> chunks = context.getBean(Answers.class).streamOnElastic("elastic").collectList().block(WAIT);
			assertThat(String.join("", chunks)).isEqualTo("echo: elastic");
			ReceivedSpan generation = assertOneTraceUnder(flushed(context, 4), "Answers.streamOnElastic");
			assertThat(generation.attribute("langfuse.observation.completion_start_time")).isNotNull();
		});
	}

	@Test
	void shouldKeepAStreamStartedByFlatMapManyInItsTrace() {
		this.runner.run((context) -> {
			List<String> chunks = context.getBean(Answers.class)
				.rewrittenThenStreamed("flat")
				.collectList()
				.block(WAIT);
			assertThat(String.join("", chunks)).isEqualTo("echo: FLAT");
			ReceivedSpan generation = assertOneTraceUnder(flushed(context, 5), "Answers.rewrittenThenStreamed");
			assertThat(generation.attribute("langfuse.observation.completion_start_time")).isNotNull();
		});
	}

	@Test
	void shouldNestWorkOnSubscribeOnAndPublishOnThreadsUnderTheObserveMethod() {
		this.runner.run((context) -> {
			Answers answers = context.getBean(Answers.class);
			assertThat(answers.lookedUpOnElastic("paris").block(WAIT)).isEqualTo("sunny in paris");
			assertThat(answers.lookedUpAfterPublishOn().collectList().block(WAIT)).containsExactly("sunny in 0",
					"sunny in 1", "sunny in 2");
			List<ReceivedSpan> spans = flushed(context, 6);
			Map<String, ReceivedSpan> byId = spans.stream()
				.collect(Collectors.toMap(ReceivedSpan::spanId, Function.identity()));
			ReceivedSpan elastic = named(spans, "Answers.lookedUpOnElastic");
			ReceivedSpan published = named(spans, "Answers.lookedUpAfterPublishOn");
			List<ReceivedSpan> lookups = spans.stream().filter((span) -> span.name().equals("Lookup.weather")).toList();
			assertThat(lookups).hasSize(4).allSatisfy((lookup) -> {
				ReceivedSpan parent = byId.get(lookup.parentSpanId());
				assertThat(parent).as("parent of a lookup").isIn(elastic, published);
				assertThat(lookup.traceId()).isEqualTo(parent.traceId());
			});
			assertThat(lookups.stream().filter((lookup) -> lookup.parentSpanId().equals(published.spanId())))
				.hasSize(3);
		});
	}

	@Test
	void shouldMarkTheGenerationOfACancelledStream() {
		this.runner.run((context) -> {
			openAi.firstChunkDelay(Duration.ofSeconds(3));
			List<String> first = context.getBean(Answers.class)
				.stream("cancel me")
				.take(Duration.ofMillis(300))
				.collectList()
				.block(WAIT);
			assertThat(first).as("cancelled before the model answered").isEmpty();
			List<ReceivedSpan> spans = flushed(context, 4);
			ReceivedSpan generation = ofType(spans, "generation").get(0);
			assertThat(generation.attribute("langfuse.observation.level")).isEqualTo("WARNING");
			assertThat(generation.attribute("langfuse.observation.status_message")).contains("cancelled");
			assertThat(named(spans, "Answers.stream").attribute("langfuse.observation.metadata.cancelled"))
				.isEqualTo("true");
		});
	}

	@Test
	void shouldKeepTheTextDeliveredBeforeTheClientCancelledAsTheGenerationsOutput() {
		this.runner.run((context) -> {
			openAi.enqueue(FakeOpenAiServer.Reply.text("alpha beta gamma delta epsilon"));
			openAi.chunkInterval(Duration.ofMillis(300));
			List<String> first = context.getBean(Answers.class)
				.stream("cancel later")
				.take(2)
				.collectList()
				.block(WAIT);
			assertThat(first).containsExactly("alpha ", "beta ");
			List<ReceivedSpan> spans = flushed(context, 4);
			ReceivedSpan generation = ofType(spans, "generation").get(0);
			assertThat(generation.attribute("langfuse.observation.level")).isEqualTo("WARNING");
			assertThat(generation.attribute("langfuse.observation.metadata.cancelled")).isEqualTo("true");
			JsonNode output = tree(generation, "langfuse.observation.output");
			assertThat(output.path("role").asString()).isEqualTo("assistant");
			assertThat(output.path("content").asString()).isEqualTo("alpha beta ");
			ReceivedSpan root = named(spans, "Answers.stream");
			assertThat(root.attribute("langfuse.observation.metadata.cancelled")).isEqualTo("true");
			assertThat(tree(root, "langfuse.observation.output")).isEqualTo(json.readTree("[\"alpha \",\"beta \"]"));
		});
	}

	@Test
	void shouldKeepTheTextDeliveredBeforeTheModelFailedAsTheGenerationsOutput() {
		this.runner.run((context) -> {
			openAi.enqueue(FakeOpenAiServer.Reply.text("alpha beta gamma delta epsilon"));
			openAi.failStreamAfter(3);
			List<Signal<String>> signals = context.getBean(Answers.class)
				.stream("fail later")
				.materialize()
				.collectList()
				.block(WAIT);
			assertThat(signals).extracting(Signal::get).containsExactly("alpha ", "beta ", "gamma ", null);
			assertThat(signals.get(3).isOnError()).isTrue();
			List<ReceivedSpan> spans = flushed(context, 4);
			ReceivedSpan generation = ofType(spans, "generation").get(0);
			assertThat(generation.attribute("langfuse.observation.level")).isEqualTo("ERROR");
			assertThat(generation.attribute("langfuse.observation.status_message")).isNotBlank();
			assertThat(generation.attribute("langfuse.observation.metadata.cancelled")).isNull();
			assertThat(tree(generation, "langfuse.observation.output").path("content").asString())
				.isEqualTo("alpha beta gamma ");
			ReceivedSpan root = named(spans, "Answers.stream");
			assertThat(root.attribute("langfuse.observation.level")).isEqualTo("ERROR");
			assertThat(tree(root, "langfuse.observation.output"))
				.isEqualTo(json.readTree("[\"alpha \",\"beta \",\"gamma \"]"));
		});
	}

	@Test
	void shouldRecordTheCachedTokensOfTheLastChunkOfAStreamedChatResponse() {
		this.runner.run((context) -> {
			List<ChatResponse> chunks = context.getBean(Answers.class)
				.streamResponses("cached")
				.collectList()
				.block(WAIT);
			assertThat(chunks).isNotEmpty();
			ReceivedSpan generation = ofType(flushed(context, 4), "generation").get(0);
			assertThat(tree(generation, "langfuse.observation.usage_details"))
				.isEqualTo(json.readTree("{\"input\":21,\"output\":9,\"total\":30,\"input_cached_tokens\":"
						+ FakeOpenAiServer.CACHED_TOKENS + "}"));
			assertThat(tree(generation, "langfuse.observation.output").path("content").asString())
				.isEqualTo("echo: cached");
		});
	}

	@Test
	void shouldCarryNothingToSchedulerTasksScheduledOutsideAnyObservation() {
		this.runner.run((context) -> {
			Observation seen = Mono.fromCallable(Observation::current)
				.subscribeOn(Schedulers.boundedElastic())
				.block(WAIT);
			assertThat(seen).isSameAs(Observation.noop());
		});
	}

	private ReceivedSpan assertOneTraceUnder(List<ReceivedSpan> spans, String rootName) {
		ReceivedSpan root = named(spans, rootName);
		assertThat(root.isRoot()).isTrue();
		assertThat(spans).allSatisfy((span) -> assertThat(span.traceId()).as(span.name()).isEqualTo(root.traceId()));
		ReceivedSpan chain = ofType(spans, "chain").get(0);
		assertThat(chain.parentSpanId()).isEqualTo(root.spanId());
		assertThat(chain.attribute("langfuse.observation.output")).as("the chain's answer").isNotNull();
		Map<String, ReceivedSpan> byId = spans.stream()
			.collect(Collectors.toMap(ReceivedSpan::spanId, Function.identity()));
		assertThat(spans).filteredOn((span) -> !span.isRoot()).allSatisfy((child) -> {
			ReceivedSpan parent = byId.get(child.parentSpanId());
			assertThat(child.endEpochNanos()).as("%s ends no later than its parent %s", child.name(), parent.name())
				.isLessThanOrEqualTo(parent.endEpochNanos());
		});
		List<ReceivedSpan> generations = ofType(spans, "generation");
		assertThat(generations).hasSize(1);
		return generations.get(0);
	}

	private static JsonNode tree(ReceivedSpan span, String attribute) {
		return json.readTree(span.attribute(attribute));
	}

	private List<ReceivedSpan> flushed(AssertableApplicationContext context, int count) {
		LangfuseClient client = context.getBean(LangfuseClient.class);
		await().atMost(WAIT).untilAsserted(() -> {
			client.flush(WAIT);
			assertThat(langfuse.spans()).hasSizeGreaterThanOrEqualTo(count);
		});
		return langfuse.spans();
	}

	static class Answers {

		private final ChatClient chatClient;

		private final Lookup lookup;

		Answers(ChatClient.Builder chatClient, Lookup lookup) {
			this.chatClient = chatClient.build();
			this.lookup = lookup;
		}

		@Observe
		public Flux<String> stream(String question) {
			return this.chatClient.prompt().user(question).stream().content();
		}

		@Observe
		public Flux<ChatResponse> streamResponses(String question) {
			return this.chatClient.prompt().user(question).stream().chatResponse();
		}

		@Observe
		public Flux<String> streamOnElastic(String question) {
			return this.chatClient.prompt().user(question).stream().content().subscribeOn(Schedulers.boundedElastic());
		}

		@Observe
		public Flux<String> rewrittenThenStreamed(String question) {
			return Mono.fromCallable(() -> this.lookup.rewrite(question))
				.subscribeOn(Schedulers.boundedElastic())
				.flatMapMany((rewritten) -> this.chatClient.prompt().user(rewritten).stream().content());
		}

		@Observe
		public Mono<String> lookedUpOnElastic(String city) {
			return Mono.fromCallable(() -> this.lookup.weather(city)).subscribeOn(Schedulers.boundedElastic());
		}

		@Observe
		public Flux<String> lookedUpAfterPublishOn() {
			return Flux.range(0, 3).publishOn(Schedulers.parallel()).map((i) -> this.lookup.weather(String.valueOf(i)));
		}

	}

	static class Lookup {

		@Observe
		public String weather(String city) {
			return "sunny in " + city;
		}

		@Observe
		public String rewrite(String question) {
			return question.toUpperCase();
		}

	}

}
