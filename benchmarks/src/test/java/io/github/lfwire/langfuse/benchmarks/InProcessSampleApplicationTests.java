package io.github.lfwire.langfuse.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.lfwire.langfuse.LangfuseClient;
import io.github.lfwire.langfuse.test.FakeOpenAiServer;
import io.github.lfwire.langfuse.testing.FakeLangfuseServer;
import io.github.lfwire.langfuse.testing.ReceivedSpan;
import io.github.lfwire.sample.chat.ChatRequest;
import io.github.lfwire.sample.chat.ChatResponse;
import io.github.lfwire.sample.chat.ChatWorkflow;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;

import static io.github.lfwire.langfuse.testing.ReceivedSpans.ancestors;
import static io.github.lfwire.langfuse.testing.ReceivedSpans.byId;
import static io.github.lfwire.langfuse.testing.ReceivedSpans.named;
import static io.github.lfwire.langfuse.testing.ReceivedSpans.ofType;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The workflow benchmark's application answers Spring AI in process and keeps the trace
 * shape of the sample over HTTP.
 */
class InProcessSampleApplicationTests {

	private static final ChatRequest REQUEST = new ChatRequest("grace", "session-42",
			"My invoice shows two charges for the annual plan, can you refund one?");

	/**
	 * As over HTTP: the workflow and its 16 steps, four {@code ChatClient} calls of four
	 * levels each, the account lookup's second model call and its tool call, three vector
	 * store queries and one embedding.
	 */
	private static final int SPANS_PER_TURN = 17 + 4 * 4 + 2 + 1 + 3 + 1;

	private static final Duration WAIT = Duration.ofSeconds(10);

	private static final Map<String, Integer> GENERATIONS_PER_STEP = Map.of("IntentClassifier.classify", 1,
			"QueryRewriter.rewrite", 1, "AccountLookup.lookup", 2, "AnswerGenerator.generate", 1);

	private final FakeLangfuseServer langfuse = FakeLangfuseServer.start();

	private ConfigurableApplicationContext context;

	@AfterEach
	void stop() {
		if (this.context != null) {
			this.context.close();
		}
		this.langfuse.close();
	}

	@Test
	void shouldAnswerEveryModelCallInProcessWithoutStartingTheSamplesServer() {
		start();
		ChatResponse response = this.context.getBean(ChatWorkflow.class).handle(REQUEST);

		assertThat(response.reply()).isNotBlank();
		assertThat(this.context.getBeanProvider(FakeOpenAiServer.class).getIfAvailable()).isNull();
		assertThat(this.context.getBean(InProcessOpenAi.class).requests()).as("five chat calls and one embedding")
			.isEqualTo(6);
	}

	@Test
	void shouldNestSpringAiGenerationsAndTheEmbeddingUnderTheObserveSteps() {
		start();
		ChatResponse response = this.context.getBean(ChatWorkflow.class).handle(REQUEST);
		this.context.getBean(LangfuseClient.class).flush(WAIT);

		List<ReceivedSpan> spans = this.langfuse.awaitSpans(SPANS_PER_TURN, WAIT);
		assertThat(spans).hasSize(SPANS_PER_TURN);
		assertThat(this.langfuse.traces()).containsOnlyKeys(response.traceId());
		Map<String, ReceivedSpan> byId = byId(spans);
		ReceivedSpan root = named(spans, "ChatWorkflow.handle");
		assertThat(root.isRoot()).isTrue();
		List<ReceivedSpan> generations = ofType(spans, "generation");
		assertThat(generations).hasSize(5).allSatisfy((generation) -> {
			assertThat(generation.attribute("langfuse.observation.model.name")).isEqualTo("fake-gpt-4o-mini");
			assertThat(ancestors(generation, byId)).last().isEqualTo(root);
		});
		GENERATIONS_PER_STEP.forEach((step, count) -> assertThat(generations)
			.filteredOn((generation) -> ancestors(generation, byId).contains(named(spans, step)))
			.as(step)
			.hasSize(count));
		ReceivedSpan embedding = ofType(spans, "embedding").get(0);
		assertThat(byId.get(embedding.parentSpanId()).name()).isEqualTo("QueryEmbedder.embed");
		assertThat(ofType(spans, "tool")).singleElement()
			.satisfies((tool) -> assertThat(ancestors(tool, byId)).contains(named(spans, "AccountLookup.lookup")));
		this.langfuse.assertContractRespected();
	}

	@Test
	void shouldExportNothingWhenSampledOut() {
		start("langfuse.sampling.probability=0");
		this.context.getBean(ChatWorkflow.class).handle(REQUEST);
		this.context.getBean(LangfuseClient.class).flush(WAIT);

		assertThat(this.context.getBean(InProcessOpenAi.class).requests()).isEqualTo(6);
		assertThat(this.langfuse.spans()).isEmpty();
	}

	private void start(String... extra) {
		List<String> properties = new ArrayList<>(List.of("langfuse.host=" + this.langfuse.baseUrl(),
				"langfuse.public-key=" + FakeLangfuseServer.PUBLIC_KEY,
				"langfuse.secret-key=" + FakeLangfuseServer.SECRET_KEY, "langfuse.console.enabled=false",
				"sample.demo.conversations=0", "sample.model.latency=0ms", "sample.retrieval.latency=0ms",
				"logging.level.root=WARN"));
		properties.addAll(InProcessSampleApplication.properties());
		properties.addAll(List.of(extra));
		this.context = BenchApplication.run(InProcessSampleApplication.class, properties);
	}

}
