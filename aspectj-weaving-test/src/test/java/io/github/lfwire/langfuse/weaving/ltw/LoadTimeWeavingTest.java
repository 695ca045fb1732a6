package io.github.lfwire.langfuse.weaving.ltw;

import java.time.Duration;
import java.util.List;

import io.github.lfwire.langfuse.LangfuseClient;
import io.github.lfwire.langfuse.observe.ObserveInterceptor;
import io.github.lfwire.langfuse.spring.boot.autoconfigure.observe.ObserveAspect;
import io.github.lfwire.langfuse.testing.FakeLangfuseServer;
import io.github.lfwire.langfuse.testing.ReceivedSpan;
import org.aspectj.lang.Aspects;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static io.github.lfwire.langfuse.testing.ReceivedSpans.named;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link LoadTimePipeline} is woven as it loads by the AspectJ agent
 * ({@code -javaagent:aspectjweaver.jar}) with {@code META-INF/aop.xml} naming
 * {@link ObserveAspect}, as README says; it runs in its own Surefire execution, which has
 * the agent.
 */
@Tag("load-time-weaving")
class LoadTimeWeavingTest {

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
	void shouldObserveSelfInvocationsAndPrivateMethodsOfAClassWovenAtLoadTime() {
		Aspects.aspectOf(ObserveAspect.class).setInterceptor(new ObserveInterceptor(this.client, List.of()));

		assertThat(new LoadTimePipeline().run(" Why ")).isEqualTo("why?");

		assertThat(this.client.flush(WAIT).success()).isTrue();
		List<ReceivedSpan> spans = this.server.awaitSpans(3, WAIT);
		assertThat(spans).hasSize(3);
		ReceivedSpan run = named(spans, "run");
		ReceivedSpan step = named(spans, "step");
		ReceivedSpan normalize = named(spans, "normalize");
		assertThat(run.isRoot()).isTrue();
		assertThat(step.parentSpanId()).isEqualTo(run.spanId());
		assertThat(normalize.parentSpanId()).isEqualTo(step.spanId());
		this.server.assertContractRespected();
	}

}
