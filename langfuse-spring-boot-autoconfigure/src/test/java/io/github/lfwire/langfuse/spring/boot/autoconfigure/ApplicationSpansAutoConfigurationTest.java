package io.github.lfwire.langfuse.spring.boot.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.github.lfwire.langfuse.ApplicationSpans;
import io.github.lfwire.langfuse.LangfuseClient;
import io.github.lfwire.langfuse.Observation;
import io.github.lfwire.langfuse.SpanFilter;
import io.github.lfwire.langfuse.testing.FakeLangfuseServer;
import io.github.lfwire.langfuse.testing.ReceivedSpan;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code langfuse.tracing.application-spans}, a {@link SpanFilter} bean and the
 * {@link SpanProcessor} bean that joins the application's OpenTelemetry SDK.
 */
class ApplicationSpansAutoConfigurationTest {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private FakeLangfuseServer server;

	private ApplicationContextRunner runner;

	@BeforeEach
	void start() {
		this.server = FakeLangfuseServer.start();
		this.runner = new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(LangfuseAutoConfiguration.class))
			.withPropertyValues("langfuse.host=" + this.server.baseUrl(),
					"langfuse.public-key=" + FakeLangfuseServer.PUBLIC_KEY,
					"langfuse.secret-key=" + FakeLangfuseServer.SECRET_KEY, "langfuse.export.flush-interval=50ms");
	}

	@AfterEach
	void stop() {
		this.server.close();
	}

	@Test
	void shouldAddNoProcessorOutsideJoinMode() {
		this.runner.run((context) -> {
			assertThat(context).doesNotHaveBean(SpanProcessor.class);
			assertThat(context.getBean(LangfuseClient.class).config().tracing().applicationSpans())
				.isEqualTo(ApplicationSpans.LLM);
		});
	}

	@Test
	void shouldFailStartupNamingTheCapacityProperty() {
		this.runner.withPropertyValues("langfuse.tracing.application-span-capacity=0").run((context) -> {
			assertThat(context).hasFailed();
			FailureAnalysis analysis = new LangfuseConfigFailureAnalyzer(null).analyze(context.getStartupFailure());
			assertThat(analysis.getDescription()).contains("'langfuse.tracing.application-span-capacity'");
			assertThat(analysis.getAction()).contains("langfuse.tracing.application-span-capacity");
		});
	}

	@Test
	void shouldSendLlmSpansAndAncestorsByDefaultInJoinMode() {
		this.runner.withPropertyValues("langfuse.tracing.application-trace=join").run((context) -> {
			Map<String, ReceivedSpan> spans = request(context, 3);
			assertThat(spans).containsOnlyKeys("GET /chat", "chat", "llm call");
			assertThat(spans.get("chat").isAppRoot()).isFalse();
			assertThat(spans.get("GET /chat").isRoot()).isTrue();
			this.server.assertContractRespected();
		});
	}

	@Test
	void shouldSendEverySpanWithAll() {
		this.runner
			.withPropertyValues("langfuse.tracing.application-trace=join", "langfuse.tracing.application-spans=all",
					"langfuse.tracing.application-span-capacity=16")
			.run((context) -> {
				assertThat(context.getBean(LangfuseClient.class).config().tracing().applicationSpanCapacity())
					.isEqualTo(16);
				Map<String, ReceivedSpan> spans = request(context, 4);
				assertThat(spans).containsOnlyKeys("GET /chat", "chat", "llm call", "SELECT");
				this.server.assertContractRespected();
			});
	}

	@Test
	void shouldUseASpanFilterBeanInsteadOfTheProperty() {
		this.runner.withPropertyValues("langfuse.tracing.application-trace=join")
			.withBean(SpanFilter.class, () -> (span) -> span.getName().equals("SELECT"))
			.run((context) -> {
				Map<String, ReceivedSpan> spans = request(context, 3);
				assertThat(spans).containsOnlyKeys("GET /chat", "chat", "SELECT");
				assertThat(context.getBean(LangfuseClient.class).stats().applicationSpans().filtered()).isEqualTo(1);
				this.server.assertContractRespected();
			});
	}

	@Test
	void shouldKeepTheAppRootMarkWithNone() {
		this.runner
			.withPropertyValues("langfuse.tracing.application-trace=join", "langfuse.tracing.application-spans=none")
			.run((context) -> {
				Map<String, ReceivedSpan> spans = request(context, 1);
				assertThat(spans).containsOnlyKeys("chat");
				assertThat(spans.get("chat").isAppRoot()).isTrue();
				this.server.assertContractRespected();
			});
	}

	/**
	 * An application tracer provider built with the context's span processors, as Boot's
	 * OpenTelemetry auto-configuration builds it, runs a request.
	 */
	private Map<String, ReceivedSpan> request(ApplicationContext context, int expected) {
		LangfuseClient client = context.getBean(LangfuseClient.class);
		List<SpanProcessor> processors = context.getBeanProvider(SpanProcessor.class).orderedStream().toList();
		assertThat(processors).hasSize(1);
		try (SdkTracerProvider provider = SdkTracerProvider.builder()
			.addSpanProcessor(SpanProcessor.composite(processors))
			.build()) {
			Tracer app = provider.get("org.springframework.boot");
			Span http = app.spanBuilder("GET /chat").startSpan();
			try (Scope ignored = http.makeCurrent()) {
				try (Observation root = client.span("chat")) {
					root.output("ok");
				}
				app.spanBuilder("llm call").setAttribute("gen_ai.operation.name", "chat").startSpan().end();
				app.spanBuilder("SELECT").startSpan().end();
			}
			finally {
				http.end();
			}
		}
		assertThat(client.flush(WAIT).success()).isTrue();
		List<ReceivedSpan> received = this.server.awaitSpans(expected, WAIT);
		assertThat(received).hasSize(expected);
		return received.stream().collect(Collectors.toMap(ReceivedSpan::name, (span) -> span));
	}

}
