package io.github.lfwire.langfuse.weaving;

import java.time.Duration;
import java.util.List;

import io.github.lfwire.langfuse.LangfuseClient;
import io.github.lfwire.langfuse.observe.ObserveInterceptor;
import io.github.lfwire.langfuse.spring.boot.autoconfigure.observe.ObserveAspect;
import io.github.lfwire.langfuse.testing.FakeLangfuseServer;
import io.github.lfwire.langfuse.testing.ReceivedSpan;
import org.aspectj.lang.Aspects;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static io.github.lfwire.langfuse.testing.ReceivedSpans.named;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link Pipeline} is compiled by ajc with the starter as an aspect library, as README
 * says.
 */
class CompileTimeWeavingTest {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private final FakeLangfuseServer server = FakeLangfuseServer.start();

	private final LangfuseClient client = LangfuseClient
		.create(this.server.clientConfig().flushInterval(Duration.ofMillis(50)).build());

	@AfterEach
	void stop() {
		Aspects.aspectOf(ObserveAspect.class).setInterceptor(null);
		this.client.shutdown(WAIT);
		this.server.close();
	}

	@Test
	void shouldObserveSelfInvocationsAndPrivateMethodsAsNestedObservations() {
		Aspects.aspectOf(ObserveAspect.class).setInterceptor(new ObserveInterceptor(this.client, List.of()));

		assertThat(new Pipeline().run(" Why ")).isEqualTo("why?");

		assertThat(this.client.flush(WAIT).success()).isTrue();
		assertNested(this.server.awaitSpans(3, WAIT));
		this.server.assertContractRespected();
	}

	@Test
	void shouldRunWovenMethodsUnobservedUntilTheInterceptorIsSet() {
		assertThat(new Pipeline().run(" Why ")).isEqualTo("why?");

		ObserveAspect aspect = Aspects.aspectOf(ObserveAspect.class);
		aspect.setInterceptor(new ObserveInterceptor(this.client, List.of()));
		aspect.setInterceptor(null);
		assertThat(new Pipeline().run(" Why ")).isEqualTo("why?");
		assertThat(this.client.flush(WAIT).success()).isTrue();
		assertThat(this.server.spans()).as("nothing observed while the interceptor was unset").isEmpty();

		aspect.setInterceptor(new ObserveInterceptor(this.client, List.of()));
		assertThat(new Pipeline().run(" Why ")).isEqualTo("why?");
		assertThat(this.client.flush(WAIT).success()).isTrue();
		assertNested(this.server.awaitSpans(3, WAIT));
	}

	static void assertNested(List<ReceivedSpan> spans) {
		assertThat(spans).hasSize(3);
		ReceivedSpan run = named(spans, "run");
		ReceivedSpan step = named(spans, "step");
		ReceivedSpan normalize = named(spans, "normalize");
		assertThat(run.isRoot()).isTrue();
		assertThat(step.parentSpanId()).isEqualTo(run.spanId());
		assertThat(normalize.parentSpanId()).isEqualTo(step.spanId());
		assertThat(normalize.attribute("langfuse.observation.input")).isEqualTo("{\"question\":\"Why\"}");
		assertThat(normalize.attribute("langfuse.observation.output")).isEqualTo("\"why\"");
	}

}
