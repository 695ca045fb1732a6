package io.github.lfwire.langfuse;

import java.time.Duration;
import java.util.List;

import io.github.lfwire.langfuse.testing.FakeLangfuseServer;
import io.github.lfwire.langfuse.testing.ReceivedSpan;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Trace-wide span attributes and a trace's own environment reach every span of the trace;
 * an observation's own attribute stays on it.
 */
class TraceAttributesHookTest {

	@Test
	void shouldStampTraceAttributesAndTheTraceEnvironmentOnEverySpanAndKeepOwnAttributesLocal() {
		try (FakeLangfuseServer server = FakeLangfuseServer.start();
				LangfuseClient client = LangfuseClient
					.create(server.clientConfig().environment("production").build())) {
			try (Observation root = client.span("root")) {
				root.trace().environment("sdk-experiment").attribute("langfuse.experiment.id", "run-1");
				root.trace().environment("Not Valid");
				root.attribute("langfuse.experiment.description", "only here");
				try (Observation child = client.span("child")) {
					child.output("x");
				}
			}
			client.flush(Duration.ofSeconds(5));

			List<ReceivedSpan> spans = server.awaitSpans(2, Duration.ofSeconds(5));
			assertThat(spans).allSatisfy(
					(span) -> assertThat(span.attributes()).containsEntry("langfuse.environment", "sdk-experiment")
						.containsEntry("langfuse.experiment.id", "run-1"));
			assertThat(spans).filteredOn((span) -> span.attributes().containsKey("langfuse.experiment.description"))
				.extracting(ReceivedSpan::name)
				.containsExactly("root");
		}
	}

}
