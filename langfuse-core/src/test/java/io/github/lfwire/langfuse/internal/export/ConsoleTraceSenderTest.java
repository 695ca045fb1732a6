package io.github.lfwire.langfuse.internal.export;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.github.lfwire.langfuse.ApplicationTrace;
import io.github.lfwire.langfuse.LangfuseClient;
import io.github.lfwire.langfuse.LangfuseConfig;
import io.github.lfwire.langfuse.Observation;
import io.github.lfwire.langfuse.ObservationType;
import io.github.lfwire.langfuse.Score;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ConsoleTraceSenderTest {

	@Test
	void shouldPrintEachFinishedTraceAsAnIndentedTree() {
		ByteArrayOutputStream printed = new ByteArrayOutputStream();
		PrintStream original = System.out;
		System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
		try {
			LangfuseClient client = LangfuseClient.create(LangfuseConfig.builder()
				.consoleExport(true)
				.captureMaxBytes(256)
				.flushInterval(Duration.ofMillis(20))
				.build());
			assertThat(client.destination()).isEqualTo("the console");
			try (Observation root = client.start(ObservationType.AGENT, "chat-turn")) {
				root.trace().userId("ada").sessionId("s-1");
				try (Observation generation = client.generation("answer")) {
					generation.input("short question");
					try (Observation guard = client.start(ObservationType.GUARDRAIL, "check")) {
						guard.recordException(new IllegalStateException("blocked"));
					}
				}
				try (Observation persist = client.span("persist")) {
					persist.input("x".repeat(10_000));
				}
				root.scoreTrace(Score.numeric("relevance", 0.8));
			}
			assertThat(client.shutdown(Duration.ofSeconds(5)).success()).isTrue();
		}
		finally {
			System.setOut(original);
		}
		String text = printed.toString(StandardCharsets.UTF_8);
		assertThat(text).contains("Langfuse trace ", "(4 observations, user ada, session s-1)");
		assertThat(text).containsPattern("\n  chat-turn \\[agent\\] [0-9.]+ ms");
		assertThat(text).containsPattern("\n    └─ answer \\[generation\\] [0-9.]+ ms in=16 B");
		assertThat(text).containsPattern("\n      └─ check \\[guardrail\\] [0-9.]+ ms level=ERROR");
		assertThat(text).containsPattern("└─ persist \\[span\\] [0-9.]+ ms in=2[0-9]{2} B \\(truncated\\)");
		assertThat(text).contains("Langfuse score relevance=0.8 [numeric] on trace ");
	}

	@Test
	void shouldPrintATraceJoinedToAnApplicationSpanAsSoonAsItsRootEnds() {
		ByteArrayOutputStream printed = new ByteArrayOutputStream();
		PrintStream original = System.out;
		System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
		try (SdkTracerProvider app = SdkTracerProvider.builder().build()) {
			LangfuseClient client = LangfuseClient.create(LangfuseConfig.builder()
				.consoleExport(true)
				.applicationTrace(ApplicationTrace.JOIN)
				.flushInterval(Duration.ofMillis(20))
				.build());
			Span http = app.get("app").spanBuilder("GET /chat").startSpan();
			try (Scope ignored = http.makeCurrent()) {
				try (Observation root = client.span("joined-root")) {
					try (Observation child = client.generation("answer")) {
						child.model("m");
					}
				}
			}
			finally {
				http.end();
			}
			assertThat(client.flush(Duration.ofSeconds(5)).success()).isTrue();
			String text = printed.toString(StandardCharsets.UTF_8);
			assertThat(text).contains("Langfuse trace " + http.getSpanContext().getTraceId(), "(2 observations")
				.containsPattern("\n  joined-root \\[span\\] [0-9.]+ ms")
				.containsPattern("\n    └─ answer \\[generation\\]");
			client.shutdown(Duration.ofSeconds(5));
		}
		finally {
			System.setOut(original);
		}
	}

}
