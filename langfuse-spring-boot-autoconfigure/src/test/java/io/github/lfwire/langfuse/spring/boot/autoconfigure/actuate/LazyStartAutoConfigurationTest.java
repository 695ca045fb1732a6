package io.github.lfwire.langfuse.spring.boot.autoconfigure.actuate;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.github.lfwire.langfuse.LangfuseClient;
import io.github.lfwire.langfuse.spring.boot.autoconfigure.LangfuseAutoConfiguration;
import io.github.lfwire.langfuse.spring.boot.autoconfigure.actuate.LangfuseEndpoint.LangfuseDescriptor;
import io.github.lfwire.langfuse.testing.FakeLangfuseServer;
import io.github.lfwire.langfuse.testing.OwnThreads;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A started context with keys set opens no connection and starts no thread of the starter
 * until the first observation, while the health indicator and the endpoint still answer
 * truthfully.
 */
class LazyStartAutoConfigurationTest {

	private static final Duration QUIET = Duration.ofMillis(300);

	@RegisterExtension
	final OwnThreads threads = new OwnThreads();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(LangfuseAutoConfiguration.class, LangfuseEndpointAutoConfiguration.class,
						LangfuseHealthAutoConfiguration.class, LangfuseMetricsAutoConfiguration.class))
		.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
		.withPropertyValues("management.endpoints.web.exposure.include=langfuse",
				"langfuse.export.flush-interval=20ms");

	@Test
	@SuppressWarnings("unchecked")
	void shouldContactNothingAndStartNoThreadBeforeTheFirstObservation() {
		try (FakeLangfuseServer server = FakeLangfuseServer.start()) {
			this.runner
				.withPropertyValues("langfuse.host=" + server.baseUrl(),
						"langfuse.public-key=" + FakeLangfuseServer.PUBLIC_KEY,
						"langfuse.secret-key=" + FakeLangfuseServer.SECRET_KEY)
				.run((context) -> {
					assertThat(context).hasNotFailed().hasSingleBean(MeterRegistry.class);
					context.getBean(MeterRegistry.class).getMeters().forEach(Object::toString);
					await().during(QUIET).atMost(QUIET.multipliedBy(3)).until(() -> server.requests().isEmpty());
					assertThat(starterThreads()).isEmpty();

					Health health = context.getBean(LangfuseHealthIndicator.class).health(true);
					assertThat(health.getStatus()).isEqualTo(Status.UP);
					assertThat(health.getDetails()).containsEntry("exportedSpans", 0L)
						.doesNotContainKey("lastSuccessfulExport");
					assertThat(server.requests()).isEmpty();
					assertThat(starterThreads()).isEmpty();

					LangfuseDescriptor status = context.getBean(LangfuseEndpoint.class).status();
					assertThat(status.enabled()).isTrue();
					assertThat(status.lastSuccessfulExport()).isNull();
					assertThat(status.spans()).containsEntry("enqueued", 0L);
					assertThat(status.server().status()).isEqualTo("OK");
					assertThat(server.healthRequests()).isEqualTo(1);
					assertThat(server.traceRequests()).isZero();

					context.getBean(LangfuseClient.class).span("first").close();
					await().atMost(Duration.ofSeconds(10)).until(() -> server.traceRequests() == 1);
					assertThat(starterThreads()).contains("langfuse-export-spans");
				});
		}
	}

	@Test
	void shouldStartNoThreadWhenDisabled() {
		this.runner
			.withPropertyValues("langfuse.enabled=false", "langfuse.public-key=pk-lf-x", "langfuse.secret-key=sk")
			.run((context) -> {
				context.getBean(LangfuseClient.class).span("ignored").close();
				assertThat(context.getBean(LangfuseHealthIndicator.class).health(true).getStatus())
					.isEqualTo(Status.UP);
				assertThat(context.getBean(LangfuseEndpoint.class).status().enabled()).isFalse();
				assertThat(starterThreads()).isEmpty();
			});
	}

	private Set<String> starterThreads() {
		return this.threads.started()
			.stream()
			.filter((name) -> name.startsWith("langfuse-") || name.startsWith("HttpClient-"))
			.collect(Collectors.toSet());
	}

}
