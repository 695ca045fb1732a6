package io.github.lfwire.langfuse.spring.boot.autoconfigure.observe;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import io.github.lfwire.langfuse.LangfuseClient;
import io.github.lfwire.langfuse.Observation;
import io.github.lfwire.langfuse.ObservationType;
import io.github.lfwire.langfuse.observe.Observe;
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

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.core.task.AsyncTaskExecutor;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(classes = ObserveIntegrationTest.App.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "langfuse.export.flush-interval=50ms", "spring.reactor.context-propagation=auto",
				"management.endpoints.web.exposure.include=langfuse" })
@ExtendWith(ReactorHookRestored.class)
class ObserveIntegrationTest {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private static final FakeLangfuseServer server = FakeLangfuseServer.start();

	@Autowired
	private Workflow workflow;

	@Autowired
	private LangfuseClient client;

	@Autowired
	private Generator generator;

	@Autowired
	private AsyncTaskExecutor applicationTaskExecutor;

	@Autowired
	private Environment environment;

	@DynamicPropertySource
	static void langfuse(DynamicPropertyRegistry registry) {
		registry.add("langfuse.host", server::baseUrl);
		registry.add("langfuse.public-key", () -> FakeLangfuseServer.PUBLIC_KEY);
		registry.add("langfuse.secret-key", () -> FakeLangfuseServer.SECRET_KEY);
	}

	@AfterAll
	static void stopServer() {
		server.close();
	}

	@BeforeEach
	void reset() {
		this.client.flush(WAIT);
		server.reset();
	}

	private List<ReceivedSpan> flushed(int count) {
		assertThat(this.client.flush(WAIT).success()).isTrue();
		return server.awaitSpans(count, WAIT);
	}

	@Test
	void shouldNestObservationsAcrossBeansAsyncMethodsExecutorsAndReactor() throws Exception {
		String answer = this.workflow.run("what is langfuse?");
		assertThat(answer).isEqualTo("summary:what is langfuse?|docs:what is langfuse?|docs:parallel|generated");
		List<ReceivedSpan> spans = flushed(6);
		Map<String, ReceivedSpan> byName = spans.stream()
			.collect(Collectors.toMap(ReceivedSpan::name, (span) -> span, (first, second) -> first));
		ReceivedSpan root = byName.get("Workflow.run");
		assertThat(root.isRoot()).isTrue();
		assertThat(root.attribute("langfuse.observation.type")).isEqualTo("agent");
		assertThat(root.attribute("langfuse.observation.input")).isEqualTo("{\"question\":\"what is langfuse?\"}");
		assertThat(spans).hasSize(6).allSatisfy((span) -> {
			assertThat(span.traceId()).isEqualTo(root.traceId());
			assertThat(span.attribute("user.id")).isEqualTo("user-7");
		});
		assertThat(spans.stream().filter((span) -> !span.isRoot()))
			.allSatisfy((span) -> assertThat(span.parentSpanId()).isEqualTo(root.spanId()));
		assertThat(spans.stream().filter((span) -> span.name().equals("Retriever.retrieve")).count()).isEqualTo(2);
		ReceivedSpan generation = byName.get("Generator.generate");
		assertThat(generation.attribute("langfuse.observation.type")).isEqualTo("generation");
		assertThat(generation.attribute("langfuse.observation.model.name")).isEqualTo("fake-model");
		assertThat(generation.attribute("langfuse.observation.output")).isEqualTo("\"generated\"");
		assertThat(byName.get("Generator.stream").attribute("langfuse.observation.output")).isEqualTo("[\"a\",\"b\"]");
		assertThat(byName.get("Summarizer.summarize").attribute("langfuse.observation.output"))
			.isEqualTo("\"summary:what is langfuse?\"");
		server.assertContractRespected();
	}

	@Test
	void shouldLeaveNoObservationOnPooledThreadsAfterTasksEnd() throws Exception {
		this.workflow.run("q");
		for (int i = 0; i < 8; i++) {
			Observation seen = this.applicationTaskExecutor.submit(Observation::current).get();
			assertThat(seen).isSameAs(Observation.noop());
		}
		assertThat(Observation.current()).isSameAs(Observation.noop());
	}

	@Test
	void shouldRecordFailureAndRethrowTheApplicationsException() {
		IllegalStateException thrown = null;
		try {
			this.workflow.fail();
		}
		catch (IllegalStateException ex) {
			thrown = ex;
		}
		assertThat(thrown).isSameAs(Workflow.FAILURE);
		ReceivedSpan span = flushed(1).get(0);
		assertThat(span.attribute("langfuse.observation.level")).isEqualTo("ERROR");
		assertThat(span.attribute("langfuse.observation.status_message")).isEqualTo("IllegalStateException: no model");
	}

	@Test
	void shouldEndFluxObservationOnCancel() {
		assertThat(this.generator.stream().take(1).collectList().block()).containsExactly("a");
		ReceivedSpan span = flushed(1).get(0);
		assertThat(span.attribute("langfuse.observation.metadata.cancelled")).isEqualTo("true");
	}

	@Test
	void shouldServeStatusAndFlushOverHttp() throws Exception {
		this.workflow.run("q");
		HttpClient http = HttpClient.newHttpClient();
		URI uri = URI
			.create("http://localhost:" + this.environment.getProperty("local.server.port") + "/actuator/langfuse");
		HttpResponse<String> status = http.send(HttpRequest.newBuilder(uri).GET().build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(status.statusCode()).isEqualTo(200);
		assertThat(status.body())
			.contains("pk-lf-test", "\"enabled\":true", "\"queueCapacity\":", "\"exportFailures\":{")
			.doesNotContain(FakeLangfuseServer.SECRET_KEY);
		HttpResponse<String> flush = http.send(HttpRequest.newBuilder(uri)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{}"))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(flush.statusCode()).isEqualTo(200);
		assertThat(server.awaitSpans(6, WAIT)).hasSize(6);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@EnableAsync
	static class App {

		@Bean
		Retriever retriever() {
			return new Retriever();
		}

		@Bean
		Summarizer summarizer() {
			return new Summarizer();
		}

		@Bean
		Generator generator() {
			return new Generator();
		}

		@Bean
		Workflow workflow(Retriever retriever, Summarizer summarizer, Generator generator,
				AsyncTaskExecutor applicationTaskExecutor) {
			return new Workflow(retriever, summarizer, generator, applicationTaskExecutor);
		}

	}

	/** The root of the traced workflow. */
	static class Workflow {

		static final IllegalStateException FAILURE = new IllegalStateException("no model");

		final Retriever retriever;

		final Summarizer summarizer;

		final Generator generator;

		final AsyncTaskExecutor executor;

		Workflow(Retriever retriever, Summarizer summarizer, Generator generator, AsyncTaskExecutor executor) {
			this.retriever = retriever;
			this.summarizer = summarizer;
			this.generator = generator;
			this.executor = executor;
		}

		@Observe(type = ObservationType.AGENT)
		public String run(String question) throws Exception {
			Observation.current().trace().userId("user-7");
			CompletableFuture<String> summary = this.summarizer.summarize(question);
			CompletableFuture<String> parallel = this.executor
				.submitCompletable(() -> this.retriever.retrieve("parallel"));
			String docs = this.retriever.retrieve(question);
			String generated = this.generator.generate(question).block();
			this.generator.stream().collectList().block();
			return summary.get() + "|" + docs + "|" + parallel.get() + "|" + generated;
		}

		@Observe
		public void fail() {
			throw FAILURE;
		}

	}

	/** A retriever. */
	static class Retriever {

		@Observe
		public String retrieve(String query) {
			return "docs:" + query;
		}

	}

	/** An {@code @Async} bean. */
	static class Summarizer {

		@Async
		@Observe
		public CompletableFuture<String> summarize(String text) {
			return CompletableFuture.completedFuture("summary:" + text);
		}

	}

	/** A reactive generator. */
	static class Generator {

		@Observe(type = ObservationType.GENERATION)
		public Mono<String> generate(String prompt) {
			return Mono.fromCallable(() -> {
				Observation.current().model("fake-model").usage(3, 1);
				return "generated";
			}).subscribeOn(Schedulers.boundedElastic());
		}

		@Observe
		public Flux<String> stream() {
			return Flux.just("a", "b");
		}

	}

}
