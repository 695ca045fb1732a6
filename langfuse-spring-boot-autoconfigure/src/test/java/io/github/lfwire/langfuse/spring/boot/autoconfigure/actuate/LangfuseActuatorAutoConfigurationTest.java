package io.github.lfwire.langfuse.spring.boot.autoconfigure.actuate;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import io.github.lfwire.langfuse.LangfuseClient;
import io.github.lfwire.langfuse.Observation;
import io.github.lfwire.langfuse.media.LangfuseMedia;
import io.github.lfwire.langfuse.spring.boot.autoconfigure.LangfuseAutoConfiguration;
import io.github.lfwire.langfuse.spring.boot.autoconfigure.LangfuseConfigCustomizer;
import io.github.lfwire.langfuse.spring.boot.autoconfigure.actuate.LangfuseEndpoint.FlushDescriptor;
import io.github.lfwire.langfuse.spring.boot.autoconfigure.actuate.LangfuseEndpoint.LangfuseDescriptor;
import io.github.lfwire.langfuse.testing.FakeLangfuseServer;
import io.github.lfwire.langfuse.testing.TestSpanExporter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class LangfuseActuatorAutoConfigurationTest {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(LangfuseAutoConfiguration.class, LangfuseEndpointAutoConfiguration.class,
						LangfuseHealthAutoConfiguration.class, LangfuseMetricsAutoConfiguration.class))
		.withPropertyValues("management.endpoints.web.exposure.include=langfuse");

	private ApplicationContextRunner against(FakeLangfuseServer server, String secret) {
		return this.runner.withPropertyValues("langfuse.host=" + server.baseUrl(),
				"langfuse.public-key=" + FakeLangfuseServer.PUBLIC_KEY, "langfuse.secret-key=" + secret,
				"langfuse.export.flush-interval=20ms", "langfuse.export.retry-initial-backoff=10ms",
				"langfuse.export.retry-max-backoff=20ms");
	}

	@Test
	void shouldNotCreateEndpointWithoutActuator() {
		this.runner.withClassLoader(new FilteredClassLoader("org.springframework.boot.actuate"))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(LangfuseEndpoint.class));
	}

	@Test
	void shouldNotCreateEndpointUnlessExposed() {
		new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(LangfuseAutoConfiguration.class, LangfuseEndpointAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(LangfuseEndpoint.class));
	}

	@Test
	@SuppressWarnings("unchecked")
	void shouldReportStatusWithoutSecrets() {
		try (FakeLangfuseServer server = FakeLangfuseServer.start()) {
			against(server, FakeLangfuseServer.SECRET_KEY).run((context) -> {
				context.getBean(LangfuseClient.class).span("one").close();
				LangfuseEndpoint endpoint = context.getBean(LangfuseEndpoint.class);
				endpoint.flush(5_000L);
				LangfuseDescriptor status = endpoint.status();
				assertThat(status.enabled()).isTrue();
				assertThat(status.publicKey()).isEqualTo("pk-lf-test****");
				assertThat(status.samplingProbability()).isEqualTo(1.0);
				assertThat(status.spans()).containsEntry("exported", 1L)
					.containsKeys("queue", "queueCapacity", "queueBytes", "queueBytesCapacity");
				assertThat(status.server().status()).isEqualTo("OK");
				assertThat(status.server().version()).isEqualTo("4.16.0");
				assertThat(status.lastSuccessfulExport()).isNotNull();
				assertThat(status.toString()).doesNotContain(FakeLangfuseServer.SECRET_KEY);
			});
		}
	}

	@Test
	void shouldShowTheExportEndpointAndDurationsAsConfiguredButNoHeaderValue() {
		this.runner
			.withPropertyValues("langfuse.public-key=pk-lf-1", "langfuse.secret-key=sk-lf-1",
					"langfuse.export.endpoint=https://otel-collector:4318/v1/traces?tenant=blue",
					"langfuse.export.basic-auth=false", "langfuse.export.headers.Authorization=Bearer collector-9911",
					"langfuse.export.timeout=7", "langfuse.export.flush-interval=500ms", "langfuse.shutdown.timeout=20",
					"langfuse.export.compression=none")
			.run((context) -> {
				LangfuseDescriptor status = context.getBean(LangfuseEndpoint.class).status();
				assertThat(status.export()).containsEntry("endpoint", "https://otel-collector:4318/v1/traces")
					.containsEntry("basicAuth", false)
					.containsEntry("headers", List.of("Authorization"))
					.containsEntry("compression", "none")
					.containsEntry("timeout", "7s")
					.containsEntry("flushInterval", "500ms")
					.containsEntry("retryMaxBackoff", "30s")
					.containsEntry("shutdownTimeout", "20s");
				assertThat(status.destination()).isEqualTo("OTLP endpoint https://otel-collector:4318/v1/traces");
				assertThat(status.toString()).doesNotContain("collector-9911", "tenant=blue", "sk-lf-1");
			});
	}

	@Test
	void shouldExplainDisabledClientInStatus() {
		this.runner.run((context) -> {
			LangfuseDescriptor status = context.getBean(LangfuseEndpoint.class).status();
			assertThat(status.enabled()).isFalse();
			assertThat(status.disabledReason()).contains("langfuse.public-key");
		});
	}

	@Test
	void shouldFlushAndReportWhatWasDelivered() {
		try (FakeLangfuseServer server = FakeLangfuseServer.start()) {
			against(server, FakeLangfuseServer.SECRET_KEY).withPropertyValues("langfuse.export.flush-interval=1h")
				.run((context) -> {
					LangfuseClient client = context.getBean(LangfuseClient.class);
					for (int i = 0; i < 3; i++) {
						client.span("queued").close();
					}
					FlushDescriptor result = context.getBean(LangfuseEndpoint.class).flush(null);
					assertThat(result.success()).isTrue();
					assertThat(result.delivered()).isEqualTo(3L);
					assertThat(server.spans()).hasSize(3);
				});
		}
	}

	@Test
	void shouldBeUpWhileExportsSucceedAndDegradedWhenKeysAreRefused() {
		try (FakeLangfuseServer server = FakeLangfuseServer.start()) {
			against(server, FakeLangfuseServer.SECRET_KEY).run((context) -> {
				context.getBean(LangfuseClient.class).span("ok").close();
				context.getBean(LangfuseClient.class).flush(Duration.ofSeconds(5));
				Health health = context.getBean(LangfuseHealthIndicator.class).health(true);
				assertThat(health.getStatus()).isEqualTo(Status.UP);
			});
			against(server, "sk-lf-wrong").run((context) -> {
				context.getBean(LangfuseClient.class).span("refused").close();
				context.getBean(LangfuseClient.class).flush(Duration.ofSeconds(5));
				Health health = context.getBean(LangfuseHealthIndicator.class).health(true);
				assertThat(health.getStatus()).isEqualTo(LangfuseHealthIndicator.DEGRADED);
				assertThat(health.getDetails().get("reason").toString()).contains("http_401");
				assertThat(health.toString()).doesNotContain("sk-lf-wrong");
			});
		}
	}

	@Test
	void shouldBeDownWhenKeysAreRefusedAndAskedToGoDown() {
		try (FakeLangfuseServer server = FakeLangfuseServer.start()) {
			against(server, "sk-lf-wrong").withPropertyValues("langfuse.health.down-on-failure=true").run((context) -> {
				context.getBean(LangfuseClient.class).span("refused").close();
				context.getBean(LangfuseClient.class).flush(Duration.ofSeconds(5));
				assertThat(context.getBean(LangfuseHealthIndicator.class).health(true).getStatus())
					.isEqualTo(Status.DOWN);
			});
		}
	}

	@Test
	void shouldBeDegradedAfterSustainedFailure() {
		try (FakeLangfuseServer server = FakeLangfuseServer.start()) {
			server.stop();
			against(server, FakeLangfuseServer.SECRET_KEY).run((context) -> {
				context.getBean(LangfuseClient.class).span("lost").close();
				await().atMost(Duration.ofSeconds(30))
					.untilAsserted(
							() -> assertThat(context.getBean(LangfuseHealthIndicator.class).health(true).getStatus())
								.isEqualTo(LangfuseHealthIndicator.DEGRADED));
			});
		}
	}

	@Test
	void shouldNotCreateHealthIndicatorWithoutSpringBootHealth() {
		this.runner.withClassLoader(new FilteredClassLoader("org.springframework.boot.health"))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(LangfuseHealthIndicator.class));
	}

	@Test
	void shouldStayUpWhenDeliberatelyDisabled() {
		this.runner.withPropertyValues("langfuse.enabled=false").run((context) -> {
			Health health = context.getBean(LangfuseHealthIndicator.class).health(true);
			assertThat(health.getStatus()).isEqualTo(Status.UP);
			assertThat(health.getDetails()).containsEntry("enabled", false);
		});
	}

	@Test
	void shouldBindMetersWhenMicrometerIsPresent() {
		this.runner.withPropertyValues("langfuse.console.enabled=true").run((context) -> {
			MeterRegistry registry = new SimpleMeterRegistry();
			context.getBean(LangfuseMetrics.class).bindTo(registry);
			context.getBean(LangfuseClient.class).span("counted").close();
			assertThat(registry.get("langfuse.observations.started").functionCounter().count()).isEqualTo(1);
			assertThat(registry.get("langfuse.spans.queue.capacity").gauge().value()).isEqualTo(8192);
			assertThat(registry.get("langfuse.spans.dropped").tag("reason", "queue_full").functionCounter().count())
				.isZero();
		});
	}

	@Test
	@SuppressWarnings("unchecked")
	void shouldShowTheDropsOfAFailingSpanDestinationInStatusAndMeters() {
		SpanExporter failing = new TestSpanExporter() {

			@Override
			public CompletableResultCode export(Collection<SpanData> spans) {
				return CompletableResultCode.ofFailure();
			}

		};
		this.runner.withPropertyValues("langfuse.console.enabled=true")
			.withBean(LangfuseConfigCustomizer.class, () -> (builder) -> builder.addSpanExporter(failing))
			.run((context) -> {
				MeterRegistry registry = new SimpleMeterRegistry();
				context.getBean(LangfuseMetrics.class).bindTo(registry);
				LangfuseClient client = context.getBean(LangfuseClient.class);
				client.span("to-a-failing-destination").close();
				client.flush(Duration.ofSeconds(10));
				String name = client.stats().destinations().keySet().iterator().next();
				Map<String, Object> destination = context.getBean(LangfuseEndpoint.class)
					.status()
					.destinations()
					.get(name);
				assertThat((Map<String, Long>) destination.get("dropped")).containsEntry("destination_failed", 1L);
				assertThat((Map<String, Long>) destination.get("exportFailures")).containsEntry("exporter_failed", 1L);
				assertThat(registry.get("langfuse.destinations.dropped")
					.tag("destination", name)
					.tag("reason", "destination_failed")
					.functionCounter()
					.count()).isEqualTo(1);
				assertThat(client.stats().spans().droppedTotal()).isZero();
			});
	}

	@Test
	@SuppressWarnings("unchecked")
	void shouldShowTheScoreQueueWithItsOwnBoundInStatusAndMeters() {
		this.runner
			.withPropertyValues("langfuse.console.enabled=true", "langfuse.export.max-queue-size=1000",
					"langfuse.export.max-score-queue-size=7", "langfuse.export.max-score-queue-bytes=2MB")
			.run((context) -> {
				LangfuseDescriptor status = context.getBean(LangfuseEndpoint.class).status();
				assertThat(status.spans()).containsEntry("queueCapacity", 1000L);
				assertThat(status.scores()).containsEntry("queueCapacity", 7L)
					.containsEntry("queueBytesCapacity", 2L * 1024 * 1024)
					.containsKeys("queue", "queueBytes");
				MeterRegistry registry = new SimpleMeterRegistry();
				context.getBean(LangfuseMetrics.class).bindTo(registry);
				assertThat(registry.get("langfuse.scores.queue.capacity").gauge().value()).isEqualTo(7);
				assertThat(registry.get("langfuse.scores.queue.bytes.capacity").gauge().value())
					.isEqualTo(2 * 1024 * 1024);
				assertThat(registry.get("langfuse.scores.queue").gauge().value()).isZero();
			});
	}

	@Test
	@SuppressWarnings("unchecked")
	void shouldReportMediaUploadsInTheEndpointAndAsMeters() {
		try (FakeLangfuseServer server = FakeLangfuseServer.start()) {
			against(server, FakeLangfuseServer.SECRET_KEY).run((context) -> {
				MeterRegistry registry = new SimpleMeterRegistry();
				context.getBean(LangfuseMetrics.class).bindTo(registry);
				LangfuseClient client = context.getBean(LangfuseClient.class);
				try (Observation observation = client.span("with-media")) {
					observation.input(Map.of("image", LangfuseMedia.of(new byte[] { 1, 2, 3 }, "image/png"), "unknown",
							"data:image/x-unknown;base64,AAAA"));
				}
				LangfuseEndpoint endpoint = context.getBean(LangfuseEndpoint.class);
				assertThat(endpoint.flush(5_000L).success()).isTrue();
				Map<String, Object> media = endpoint.status().media();
				assertThat(media).containsEntry("enabled", true)
					.containsEntry("detected", 1L)
					.containsEntry("uploaded", 1L)
					.containsEntry("skipped", Map.of("unsupported_type", 1L, "already_uploaded", 0L))
					.containsEntry("queueCapacity", 1000L);
				assertThat(registry.get("langfuse.media.uploaded").functionCounter().count()).isEqualTo(1);
				assertThat(registry.get("langfuse.media.skipped")
					.tag("reason", "unsupported_type")
					.functionCounter()
					.count()).isEqualTo(1);
				assertThat(registry.get("langfuse.media.failed").functionCounters())
					.allSatisfy((counter) -> assertThat(counter.count()).isZero());
				assertThat(registry.get("langfuse.media.dropped").tag("reason", "queue_full").functionCounter().count())
					.isZero();
			});
		}
	}

	@Test
	void shouldNotBindMetersWithoutMicrometer() {
		this.runner.withClassLoader(new FilteredClassLoader(MeterRegistry.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(LangfuseMetrics.class));
	}

}
