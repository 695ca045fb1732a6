package io.github.lfwire.langfuse.spring.boot.autoconfigure.springai;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.github.lfwire.langfuse.LangfuseClient;
import io.github.lfwire.langfuse.Observation;
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

import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.observation.ChatModelObservationContext;
import org.springframework.ai.chat.observation.ChatModelObservationDocumentation;
import org.springframework.ai.chat.observation.DefaultChatModelObservationConvention;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

import static org.assertj.core.api.Assertions.assertThat;

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
