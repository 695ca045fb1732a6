package io.github.lfwire.langfuse.spring.boot.autoconfigure.observe;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.github.lfwire.langfuse.LangfuseClient;
import io.github.lfwire.langfuse.Observation;
import io.github.lfwire.langfuse.observe.Observe;
import io.github.lfwire.langfuse.testing.FakeLangfuseServer;
import io.github.lfwire.langfuse.testing.ReceivedSpan;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.core.task.TaskDecorator;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application's own {@link TaskDecorator} runs together with the starter's, so
 * {@code @Async} work stays in the trace.
 */
@SpringBootTest(classes = ApplicationTaskDecoratorTest.App.class, properties = "langfuse.export.flush-interval=50ms")
class ApplicationTaskDecoratorTest {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private static final FakeLangfuseServer server = FakeLangfuseServer.start();

	@Autowired
	private Parent parent;

	@Autowired
	private LangfuseClient client;

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

	@Test
	void shouldKeepAsyncChildInParentTraceWhenApplicationHasItsOwnTaskDecorator() throws Exception {
		String childMdc = this.parent.run();
		assertThat(childMdc).as("the application's MDC-copying decorator ran").isEqualTo("request-42");
		assertThat(this.client.flush(WAIT).success()).isTrue();
		List<ReceivedSpan> spans = server.awaitSpans(2, WAIT);
		ReceivedSpan root = spans.stream().filter((span) -> span.name().equals("Parent.run")).findFirst().orElseThrow();
		ReceivedSpan child = spans.stream()
			.filter((span) -> span.name().equals("Child.work"))
			.findFirst()
			.orElseThrow();
		assertThat(child.traceId()).isEqualTo(root.traceId());
		assertThat(child.parentSpanId()).isEqualTo(root.spanId());
		assertThat(child.attribute("user.id")).isEqualTo("user-7");
		assertThat(child.attribute("session.id")).isEqualTo("session-3");
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@EnableAsync
	static class App {

		@Bean
		TaskDecorator mdcTaskDecorator() {
			return (runnable) -> {
				Map<String, String> context = MDC.getCopyOfContextMap();
				return () -> {
					Map<String, String> previous = MDC.getCopyOfContextMap();
					if (context != null) {
						MDC.setContextMap(context);
					}
					try {
						runnable.run();
					}
					finally {
						if (previous != null) {
							MDC.setContextMap(previous);
						}
						else {
							MDC.clear();
						}
					}
				};
			};
		}

		@Bean
		Child child() {
			return new Child();
		}

		@Bean
		Parent parent(Child child) {
			return new Parent(child);
		}

	}

	/** Starts the trace and calls the {@code @Async} child. */
	static class Parent {

		private final Child child;

		Parent(Child child) {
			this.child = child;
		}

		@Observe
		public String run() throws Exception {
			Observation.current().trace().userId("user-7").sessionId("session-3");
			MDC.put("requestId", "request-42");
			try {
				return this.child.work().get();
			}
			finally {
				MDC.remove("requestId");
			}
		}

	}

	/** An {@code @Async} bean. */
	static class Child {

		@Async
		@Observe
		public CompletableFuture<String> work() {
			return CompletableFuture.completedFuture(MDC.get("requestId"));
		}

	}

}
