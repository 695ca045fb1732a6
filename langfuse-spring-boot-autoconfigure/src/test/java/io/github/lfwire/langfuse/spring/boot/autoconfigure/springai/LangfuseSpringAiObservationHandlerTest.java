package io.github.lfwire.langfuse.spring.boot.autoconfigure.springai;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.github.lfwire.langfuse.LangfuseClient;
import io.github.lfwire.langfuse.Observation;
import io.github.lfwire.langfuse.ObservationType;
import io.github.lfwire.langfuse.testing.FakeLangfuseServer;
import io.github.lfwire.langfuse.testing.ReceivedSpan;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.ai.chat.client.ChatClientRequest;
import org.springframework.ai.chat.client.advisor.observation.AdvisorObservationContext;
import org.springframework.ai.chat.client.observation.ChatClientObservationContext;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.observation.ChatModelObservationContext;
import org.springframework.ai.chat.observation.ChatModelObservationDocumentation;
import org.springframework.ai.chat.observation.DefaultChatModelObservationConvention;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

import static io.github.lfwire.langfuse.testing.ReceivedSpans.named;
import static io.github.lfwire.langfuse.testing.ReceivedSpans.ofType;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class LangfuseSpringAiObservationHandlerTest {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private final FakeLangfuseServer server = FakeLangfuseServer.start();

	private final RecordingExporter applicationSpans = new RecordingExporter();

	private final SdkTracerProvider applicationTracing = SdkTracerProvider.builder()
		.addSpanProcessor(SimpleSpanProcessor.create(this.applicationSpans))
		.build();

	private LangfuseClient client;

	private LangfuseSpringAiObservationHandler handler;

	@BeforeEach
	void createClient() {
		this.client = LangfuseClient.create(this.server.clientConfig().build());
		StaticListableBeanFactory beans = new StaticListableBeanFactory();
		beans.addBean("langfuseClient", this.client);
		this.handler = new LangfuseSpringAiObservationHandler(beans.getBeanProvider(LangfuseClient.class),
				LangfuseSpringAiAutoConfiguration.mappers(getClass().getClassLoader()));
	}

	@AfterEach
	void close() {
		this.client.close();
		this.applicationTracing.close();
		this.server.close();
	}

	@Test
	void shouldReportOneCallOnceWhenTheHandlerIsRegisteredTwice() {
		ObservationRegistry registry = ObservationRegistry.create();
		registry.observationConfig().observationHandler(this.handler).observationHandler(this.handler);
		chat(registry, () -> {
		});
		assertThat(this.client.flush(WAIT).success()).isTrue();
		assertThat(this.server.awaitSpans(1, WAIT)).hasSize(1);
		assertThat(this.client.stats().observationsStarted()).isEqualTo(1);
	}

	@Test
	void shouldLeavePromptAndAnswerOutWhenCaptureIsOff() {
		this.client.close();
		this.client = LangfuseClient
			.create(this.server.clientConfig().captureInput(false).captureOutput(false).build());
		StaticListableBeanFactory beans = new StaticListableBeanFactory();
		beans.addBean("langfuseClient", this.client);
		LangfuseSpringAiObservationHandler handler = new LangfuseSpringAiObservationHandler(
				beans.getBeanProvider(LangfuseClient.class),
				LangfuseSpringAiAutoConfiguration.mappers(getClass().getClassLoader()));
		ObservationRegistry registry = ObservationRegistry.create();
		registry.observationConfig().observationHandler(handler);
		chat(registry, () -> {
		});
		assertThat(this.client.flush(WAIT).success()).isTrue();
		ReceivedSpan generation = this.server.awaitSpans(1, WAIT).get(0);
		assertThat(generation.attribute("langfuse.observation.type")).isEqualTo("generation");
		assertThat(generation.attribute("langfuse.observation.metadata.provider")).isEqualTo("test");
		assertThat(generation.attribute("langfuse.observation.input")).isNull();
		assertThat(generation.attribute("langfuse.observation.output")).isNull();
	}

	@Test
	void shouldLookTheClientUpOnceAndNotForEveryObservation() {
		StaticListableBeanFactory beans = new StaticListableBeanFactory();
		beans.addBean("langfuseClient", this.client);
		ObjectProvider<LangfuseClient> provider = beans.getBeanProvider(LangfuseClient.class);
		AtomicInteger lookups = new AtomicInteger();
		ObjectProvider<LangfuseClient> counting = new ObjectProvider<>() {

			@Override
			public LangfuseClient getObject() {
				lookups.incrementAndGet();
				return provider.getObject();
			}

			@Override
			public LangfuseClient getIfAvailable() {
				lookups.incrementAndGet();
				return provider.getIfAvailable();
			}

		};
		LangfuseSpringAiObservationHandler handler = new LangfuseSpringAiObservationHandler(counting,
				LangfuseSpringAiAutoConfiguration.mappers(getClass().getClassLoader()));
		ObservationRegistry registry = ObservationRegistry.create();
		registry.observationConfig().observationHandler(handler);
		for (int i = 0; i < 3; i++) {
			chat(registry, () -> {
			});
		}
		assertThat(this.client.flush(WAIT).success()).isTrue();
		assertThat(this.server.awaitSpans(3, WAIT)).hasSize(3);
		assertThat(lookups).hasValue(1);
	}

	@Test
	void shouldNeverThrowIntoTheApplicationWhenNoClientIsAvailable() {
		LangfuseSpringAiObservationHandler handler = new LangfuseSpringAiObservationHandler(
				new StaticListableBeanFactory().getBeanProvider(LangfuseClient.class),
				LangfuseSpringAiAutoConfiguration.mappers(getClass().getClassLoader()));
		ObservationRegistry registry = ObservationRegistry.create();
		registry.observationConfig().observationHandler(handler);
		AtomicReference<Observation> inside = new AtomicReference<>();
		chat(registry, () -> inside.set(Observation.current()));
		assertThat(inside.get()).isSameAs(Observation.noop());
	}

	@Test
	void shouldNestAndReportOnceAlongsideMicrometerTracingRegisteredFirstAsBootDoes() {
		ObservationRegistry registry = ObservationRegistry.create();
		registry.observationConfig().observationHandler(tracingHandler()).observationHandler(this.handler);
		AtomicReference<Observation> insideLangfuse = new AtomicReference<>();
		AtomicReference<Span> insideApplication = new AtomicReference<>();
		Observation root = this.client.span("root");
		try (root) {
			chat(registry, () -> {
				insideLangfuse.set(Observation.current());
				insideApplication.set(Span.current());
			});
			assertThat(Observation.current()).isSameAs(root);
		}
		assertThat(Observation.current()).isSameAs(Observation.noop());
		assertThat(Span.current().getSpanContext().isValid()).isFalse();
		assertThat(this.client.flush(WAIT).success()).isTrue();
		List<ReceivedSpan> spans = this.server.awaitSpans(2, WAIT);
		assertThat(spans).hasSize(2);
		ReceivedSpan generation = spans.stream()
			.filter((span) -> "generation".equals(span.attribute("langfuse.observation.type")))
			.findFirst()
			.orElseThrow();
		assertThat(generation.parentSpanId()).isEqualTo(root.id());
		assertThat(insideLangfuse.get().id()).isEqualTo(generation.spanId());
		assertThat(insideApplication.get().getSpanContext().getSpanId())
			.isEqualTo(this.applicationSpans.spans.get(0).getSpanId());
		assertThat(this.applicationSpans.spans).hasSize(1);
		assertThat(this.applicationSpans.spans.get(0).getSpanId()).isNotEqualTo(generation.spanId());
	}

	@Test
	void shouldEndTheSpringAiObservationsAroundAHeldStreamedGenerationOnlyAfterIt() {
		try (StreamedChat stream = new StreamedChat(this.handler, this.client.span("Answers.stream"))) {
			stream.stopInnermostFirst();
			assertThat(this.client.flush(WAIT).success()).isTrue();
			assertThat(this.server.spans()).as("nothing ends while the generation waits for its subscriber").isEmpty();
			this.handler.firstElement(stream.method, Instant.now());
			this.handler.element(stream.method, "hi");
			ReceivedSpan generation = stream.endAndAssertChildrenEndFirst(this.server, this.client);
			assertThat(generation.attribute("langfuse.observation.output")).contains("hi");
			assertThat(generation.attribute("langfuse.observation.completion_start_time")).isNotNull();
		}
	}

	@Test
	void shouldEndAHeldGenerationAndTheAdvisorAroundItWhenTheStreamEndsBeforeTheUsageChunk() {
		try (StreamedChat stream = new StreamedChat(this.handler, this.client.span("Answers.streamResponses"))) {
			stream.stopInnermostFirst();
			this.handler.firstElement(stream.method, Instant.now());
			this.handler.element(stream.method, new ChatResponse(List.of(new Generation(new AssistantMessage("hi")))));
			assertThat(this.client.flush(WAIT).success()).isTrue();
			assertThat(this.server.spans()).as("the generation still waits for the chunk reporting usage").isEmpty();
			ReceivedSpan generation = stream.endAndAssertChildrenEndFirst(this.server, this.client);
			assertThat(generation.attribute("langfuse.observation.output")).contains("hi");
		}
	}

	@Test
	void shouldEndAnAdvisorThatSpringAiStoppedBeforeTheGenerationInsideItAfterThatGeneration() {
		try (StreamedChat stream = new StreamedChat(this.handler, this.client.span("Answers.stream"))) {
			this.handler.firstElement(stream.method, Instant.now());
			this.handler.element(stream.method, "hi");
			stream.advisor.stop();
			stream.chain.stop();
			assertThat(this.client.flush(WAIT).success()).isTrue();
			assertThat(this.server.spans()).as("the advisor waits for the generation still open inside it").isEmpty();
			stream.chat.stop();
			ReceivedSpan generation = stream.endAndAssertChildrenEndFirst(this.server, this.client);
			assertThat(generation.attribute("langfuse.observation.output")).contains("hi");
		}
	}

	@Test
	void shouldEndAnObservedStreamOnlyAfterTheGenerationCompletingOnAnotherThreadAndTheSpansAroundIt()
			throws InterruptedException {
		PausingChatMapper paused = new PausingChatMapper();
		List<SpringAiObservationMapper<?>> mappers = new ArrayList<>();
		mappers.add(paused);
		mappers.addAll(LangfuseSpringAiAutoConfiguration.mappers(getClass().getClassLoader()));
		StaticListableBeanFactory beans = new StaticListableBeanFactory();
		beans.addBean("langfuseClient", this.client);
		LangfuseSpringAiObservationHandler handler = new LangfuseSpringAiObservationHandler(
				beans.getBeanProvider(LangfuseClient.class), mappers);
		try (StreamedChat stream = new StreamedChat(handler, this.client.span("Answers.stream"))) {
			handler.firstElement(stream.method, Instant.now());
			handler.element(stream.method, "hi");
			stream.advisor.stop();
			stream.chain.stop();
			Thread model = new Thread(stream.chat::stop, "model");
			model.start();
			assertThat(paused.ending.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
			Thread subscriber = new Thread(() -> {
				handler.ended(stream.method);
				stream.method.end();
			}, "subscriber");
			subscriber.start();
			await().atMost(WAIT)
				.until(() -> subscriber.getState() == Thread.State.BLOCKED
						|| subscriber.getState() == Thread.State.TERMINATED);
			paused.proceed.countDown();
			model.join(WAIT.toMillis());
			subscriber.join(WAIT.toMillis());
			stream.endAndAssertChildrenEndFirst(this.server, this.client);
		}
	}

	private DefaultTracingObservationHandler tracingHandler() {
		OtelCurrentTraceContext currentTraceContext = new OtelCurrentTraceContext();
		OtelTracer tracer = new OtelTracer(this.applicationTracing.get("app"), currentTraceContext, (event) -> {
		});
		return new DefaultTracingObservationHandler(tracer);
	}

	private static void chat(ObservationRegistry registry, Runnable inside) {
		ChatModelObservationContext context = ChatModelObservationContext.builder()
			.prompt(new Prompt("hello"))
			.provider("test")
			.build();
		ChatModelObservationDocumentation.CHAT_MODEL_OPERATION
			.observation(null, new DefaultChatModelObservationConvention(), () -> context, registry)
			.observe(() -> {
				inside.run();
				context.setResponse(new ChatResponse(List.of(new Generation(new AssistantMessage("hi")))));
			});
	}

	/**
	 * Records chats as the starter does, pausing a generation's completion on the thread
	 * that completes it once it is no longer among the open ones, until told to proceed.
	 */
	private static final class PausingChatMapper implements SpringAiObservationMapper<ChatModelObservationContext> {

		private final ChatModelObservationMapper chats = new ChatModelObservationMapper();

		final CountDownLatch ending = new CountDownLatch(1);

		final CountDownLatch proceed = new CountDownLatch(1);

		@Override
		public Class<ChatModelObservationContext> contextType() {
			return ChatModelObservationContext.class;
		}

		@Override
		public ObservationType type(ChatModelObservationContext context) {
			return this.chats.type(context);
		}

		@Override
		public void onStart(ChatModelObservationContext context, Observation observation, Capture capture) {
			this.chats.onStart(context, observation, capture);
		}

		@Override
		public void onFirstDelivery(ChatModelObservationContext context, Observation observation, Instant time) {
			this.ending.countDown();
			try {
				this.proceed.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			this.chats.onFirstDelivery(context, observation, time);
		}

		@Override
		public void onStop(ChatModelObservationContext context, Observation observation, Capture capture) {
			this.chats.onStop(context, observation, capture);
		}

	}

	/**
	 * A streamed chat as Spring AI observes it beneath an {@code @Observe} method whose
	 * stream is subscribed to: the chat client's observation, an advisor's inside it and
	 * the chat model's inside that, started in that order, the model's with its answer.
	 */
	private static final class StreamedChat implements AutoCloseable {

		final LangfuseSpringAiObservationHandler handler;

		final Observation method;

		final io.micrometer.observation.Observation chain;

		final io.micrometer.observation.Observation advisor;

		final io.micrometer.observation.Observation chat;

		StreamedChat(LangfuseSpringAiObservationHandler handler, Observation method) {
			this.handler = handler;
			this.method = method;
			handler.subscribed(method);
			ObservationRegistry registry = ObservationRegistry.create();
			registry.observationConfig().observationHandler(handler);
			ChatClientRequest request = new ChatClientRequest(new Prompt("hello"), Map.of());
			this.chain = io.micrometer.observation.Observation
				.createNotStarted("spring_ai chat_client",
						() -> ChatClientObservationContext.builder().request(request).stream(true).build(), registry)
				.start();
			this.advisor = io.micrometer.observation.Observation
				.createNotStarted("advisor",
						() -> AdvisorObservationContext.builder()
							.advisorName("advisor")
							.chatClientRequest(request)
							.order(0)
							.build(),
						registry)
				.parentObservation(this.chain)
				.start();
			ChatModelObservationContext model = ChatModelObservationContext.builder()
				.prompt(new Prompt("hello"))
				.provider("test")
				.streaming(true)
				.build();
			this.chat = io.micrometer.observation.Observation.createNotStarted("chat", () -> model, registry)
				.parentObservation(this.advisor)
				.start();
			model.setResponse(new ChatResponse(List.of(new Generation(new AssistantMessage("hi")))));
		}

		/**
		 * Stops the chat, the advisor and the chain, innermost first, as Spring AI does
		 * when the model's stream completes before the subscriber received anything.
		 */
		void stopInnermostFirst() {
			this.chat.stop();
			this.advisor.stop();
			this.chain.stop();
		}

		/**
		 * Ends the method's stream and its observation, and returns the generation,
		 * having asserted that each observation ends no later than its parent.
		 */
		ReceivedSpan endAndAssertChildrenEndFirst(FakeLangfuseServer server, LangfuseClient client) {
			close();
			assertThat(client.flush(WAIT).success()).isTrue();
			List<ReceivedSpan> spans = server.awaitSpans(4, WAIT);
			assertThat(spans).hasSize(4);
			ReceivedSpan root = spans.stream().filter(ReceivedSpan::isRoot).findFirst().orElseThrow();
			ReceivedSpan chainSpan = named(spans, "spring_ai chat_client");
			ReceivedSpan advisorSpan = named(spans, "advisor");
			ReceivedSpan generation = ofType(spans, "generation").get(0);
			assertThat(generation.parentSpanId()).isEqualTo(advisorSpan.spanId());
			assertThat(advisorSpan.parentSpanId()).isEqualTo(chainSpan.spanId());
			assertThat(chainSpan.parentSpanId()).isEqualTo(root.spanId());
			assertThat(generation.endEpochNanos()).as("the generation ends no later than its advisor")
				.isLessThanOrEqualTo(advisorSpan.endEpochNanos());
			assertThat(advisorSpan.endEpochNanos()).as("the advisor ends no later than the chat client")
				.isLessThanOrEqualTo(chainSpan.endEpochNanos());
			assertThat(chainSpan.endEpochNanos()).as("the chat client ends no later than the method")
				.isLessThanOrEqualTo(root.endEpochNanos());
			return generation;
		}

		/** Ends the method's stream, then its observation, restoring what was current. */
		@Override
		public void close() {
			this.handler.ended(this.method);
			this.method.close();
		}

	}

	static final class RecordingExporter implements SpanExporter {

		final List<SpanData> spans = new CopyOnWriteArrayList<>();

		@Override
		public CompletableResultCode export(Collection<SpanData> batch) {
			this.spans.addAll(batch);
			return CompletableResultCode.ofSuccess();
		}

		@Override
		public CompletableResultCode flush() {
			return CompletableResultCode.ofSuccess();
		}

		@Override
		public CompletableResultCode shutdown() {
			return CompletableResultCode.ofSuccess();
		}

	}

}
