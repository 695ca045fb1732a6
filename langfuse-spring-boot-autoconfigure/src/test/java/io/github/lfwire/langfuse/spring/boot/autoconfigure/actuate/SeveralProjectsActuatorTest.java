package io.github.lfwire.langfuse.spring.boot.autoconfigure.actuate;

import java.time.Duration;
import java.util.Map;

import io.github.lfwire.langfuse.LangfuseProjects;
import io.github.lfwire.langfuse.spring.boot.autoconfigure.LangfuseAutoConfiguration;
import io.github.lfwire.langfuse.spring.boot.autoconfigure.actuate.LangfuseEndpoint.LangfuseDescriptor;
import io.github.lfwire.langfuse.spring.boot.autoconfigure.actuate.LangfuseEndpoint.ProjectDescriptor;
import io.github.lfwire.langfuse.testing.FakeLangfuseServer;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /actuator/langfuse}, the health and the meters of an application with a further
 * project {@code b}: the default project's output as before, and each further project's
 * destination and counters, never its secret.
 */
class SeveralProjectsActuatorTest {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private static final String B_PUBLIC_KEY = "pk-lf-b-2222";

	private static final String B_SECRET_KEY = "sk-lf-b-secret-2222";

	private final FakeLangfuseServer serverA = FakeLangfuseServer.start();

	private final FakeLangfuseServer serverB = FakeLangfuseServer.start(B_PUBLIC_KEY, B_SECRET_KEY);

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(LangfuseAutoConfiguration.class, LangfuseEndpointAutoConfiguration.class,
						LangfuseHealthAutoConfiguration.class, LangfuseMetricsAutoConfiguration.class))
		.withPropertyValues("management.endpoints.web.exposure.include=langfuse", "langfuse.export.flush-interval=20ms",
				"langfuse.export.retry-initial-backoff=10ms", "langfuse.export.retry-max-backoff=20ms",
				"langfuse.host=" + this.serverA.baseUrl(), "langfuse.public-key=" + FakeLangfuseServer.PUBLIC_KEY,
				"langfuse.secret-key=" + FakeLangfuseServer.SECRET_KEY,
				"langfuse.projects.b.base-url=" + this.serverB.baseUrl(),
				"langfuse.projects.b.public-key=" + B_PUBLIC_KEY);

	@AfterEach
	void stop() {
		this.serverA.close();
		this.serverB.close();
	}

	@Test
	void shouldShowEachProjectsDestinationAndCountersButNoSecret() {
		this.runner
			.withPropertyValues("langfuse.projects.b.secret-key=" + B_SECRET_KEY, "langfuse.export.flush-interval=30s")
			.run((context) -> {
				LangfuseProjects projects = context.getBean(LangfuseProjects.class);
				projects.client("b").span("in b").close();
				projects.client("b").span("in b too").close();
				projects.defaultClient().span("in default").close();
				LangfuseEndpoint endpoint = context.getBean(LangfuseEndpoint.class);
				assertThat(endpoint.flush(WAIT.toMillis()).delivered()).isEqualTo(3);
				LangfuseDescriptor status = endpoint.status();
				assertThat(status.host()).isEqualTo(this.serverA.baseUrl());
				assertThat(status.spans()).containsEntry("exported", 1L);
				assertThat(status.projects()).containsOnlyKeys("b");
				ProjectDescriptor b = status.projects().get("b");
				assertThat(b.enabled()).isTrue();
				assertThat(b.host()).isEqualTo(this.serverB.baseUrl());
				assertThat(b.publicKey()).isEqualTo("pk-lf-b-22****");
				assertThat(b.destination()).contains(this.serverB.baseUrl());
				assertThat(b.spans()).containsEntry("exported", 2L).containsKeys("queue", "dropped", "exportFailures");
				assertThat(b.scores()).containsKeys("enqueued", "queueCapacity");
				assertThat(b.observations()).containsEntry("started", 2L);
				assertThat(b.media()).isNotEmpty();
				assertThat(b.lastSuccessfulExport()).isNotNull();
				assertThat(b.server().status()).isEqualTo("OK");
				String json = JsonMapper.builder().build().writeValueAsString(status);
				assertThat(json).contains("\"projects\":{\"b\":{")
					.doesNotContain(B_SECRET_KEY, B_PUBLIC_KEY, FakeLangfuseServer.SECRET_KEY);
			});
	}

	@Test
	void shouldShowNoProjectsWithoutFurtherProjects() {
		new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(LangfuseAutoConfiguration.class, LangfuseEndpointAutoConfiguration.class))
			.withPropertyValues("management.endpoints.web.exposure.include=langfuse")
			.run((context) -> assertThat(context.getBean(LangfuseEndpoint.class).status().projects()).isEmpty());
	}

	@Test
	void shouldReportAProjectWhoseKeysAreRefusedInTheHealthWithoutTurningItDown() {
		this.runner.withPropertyValues("langfuse.projects.b.secret-key=sk-lf-wrong").run((context) -> {
			LangfuseProjects projects = context.getBean(LangfuseProjects.class);
			projects.client("b").span("refused").close();
			projects.defaultClient().span("accepted").close();
			projects.flush(WAIT);
			Health health = context.getBean(LangfuseHealthIndicator.class).health(true);
			assertThat(health.getStatus()).isEqualTo(LangfuseHealthIndicator.DEGRADED);
			assertThat(health.getDetails().get("reason").toString())
				.isEqualTo("project b: the server refused the keys (http_401)");
			assertThat(health.getDetails()).containsEntry("exportedSpans", 1L);
			@SuppressWarnings("unchecked")
			Map<String, Map<String, Object>> perProject = (Map<String, Map<String, Object>>) health.getDetails()
				.get("projects");
			assertThat(perProject.get("b")).containsEntry("status", "DEGRADED")
				.containsEntry("exportedSpans", 0L)
				.containsKey("destination");
			assertThat(health.toString()).doesNotContain("sk-lf-wrong");
		});
	}

	@Test
	void shouldBeUpWhenEveryProjectExports() {
		this.runner.withPropertyValues("langfuse.projects.b.secret-key=" + B_SECRET_KEY).run((context) -> {
			LangfuseProjects projects = context.getBean(LangfuseProjects.class);
			projects.client("b").span("ok").close();
			projects.flush(WAIT);
			Health health = context.getBean(LangfuseHealthIndicator.class).health(true);
			assertThat(health.getStatus()).isEqualTo(Status.UP);
			assertThat(health.getDetails()).doesNotContainKey("reason");
			@SuppressWarnings("unchecked")
			Map<String, Map<String, Object>> perProject = (Map<String, Map<String, Object>>) health.getDetails()
				.get("projects");
			assertThat(perProject.get("b")).containsEntry("status", "UP").containsEntry("exportedSpans", 1L);
		});
	}

	@Test
	void shouldTagEveryMeterWithItsProjectWhenThereAreFurtherProjects() {
		this.runner.withPropertyValues("langfuse.projects.b.secret-key=" + B_SECRET_KEY).run((context) -> {
			LangfuseProjects projects = context.getBean(LangfuseProjects.class);
			projects.client("b").span("in b").close();
			projects.flush(WAIT);
			SimpleMeterRegistry registry = new SimpleMeterRegistry();
			context.getBean(LangfuseMetrics.class).bindTo(registry);
			assertThat(registry.get("langfuse.spans.exported").tag("project", "b").functionCounter().count())
				.isEqualTo(1);
			assertThat(registry.get("langfuse.spans.exported").tag("project", "default").functionCounter().count())
				.isZero();
			assertThat(registry.getMeters())
				.allSatisfy((meter) -> assertThat(meter.getId().getTag("project")).as(meter.getId().toString())
					.isIn("default", "b"));
			long defaultMeters = registry.getMeters()
				.stream()
				.map(Meter::getId)
				.filter((id) -> "default".equals(id.getTag("project")))
				.count();
			assertThat(registry.getMeters()).hasSize((int) defaultMeters * 2);
		});
	}

	@Test
	void shouldLeaveTheMetersUntaggedWithoutFurtherProjects() {
		new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(LangfuseAutoConfiguration.class, LangfuseMetricsAutoConfiguration.class))
			.run((context) -> {
				SimpleMeterRegistry registry = new SimpleMeterRegistry();
				context.getBean(LangfuseMetrics.class).bindTo(registry);
				assertThat(registry.getMeters()).isNotEmpty()
					.allSatisfy((meter) -> assertThat(meter.getId().getTag("project")).isNull());
			});
	}

}
