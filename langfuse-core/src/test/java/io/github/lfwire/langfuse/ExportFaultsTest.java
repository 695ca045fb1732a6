package io.github.lfwire.langfuse;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.function.UnaryOperator;

import io.github.lfwire.langfuse.export.DropReason;
import io.github.lfwire.langfuse.export.ExportStats;
import io.github.lfwire.langfuse.export.FailureCause;
import io.github.lfwire.langfuse.testing.FakeLangfuseServer;
import io.github.lfwire.langfuse.testing.FakeResponse;
import io.github.lfwire.langfuse.testing.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ExportFaultsTest {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private FakeLangfuseServer server;

	private LangfuseClient client;

	@BeforeEach
	void startServer() {
		this.server = FakeLangfuseServer.start();
	}

	@AfterEach
	void stop() {
		if (this.client != null) {
			this.client.shutdown(Duration.ofMillis(500));
		}
		this.server.close();
	}

	private LangfuseClient client(UnaryOperator<LangfuseConfig.Builder> customizer) {
		LangfuseConfig.Builder builder = this.server.clientConfig()
			.flushInterval(Duration.ofMillis(20))
			.retryInitialBackoff(Duration.ofMillis(10))
			.retryMaxBackoff(Duration.ofMillis(40));
		this.client = LangfuseClient.create(customizer.apply(builder).build());
		return this.client;
	}

	private static void observe(LangfuseClient client, int count) {
		for (int i = 0; i < count; i++) {
			try (Observation observation = client.span("op-" + i)) {
				observation.input("input " + i);
			}
		}
	}

	@Test
	void shouldRetryServerErrorsUntilDelivered() {
		LangfuseClient langfuse = client(UnaryOperator.identity());
		this.server.enqueueTraceResponses(FakeResponse.status(500), FakeResponse.status(503), FakeResponse.status(502));
		observe(langfuse, 3);
		FlushResult result = langfuse.flush(WAIT);
		assertThat(result.success()).isTrue();
		assertThat(this.server.awaitSpans(3, WAIT)).hasSize(3);
		ExportStats stats = langfuse.stats().spans();
		assertThat(stats.exported()).isEqualTo(3);
		assertThat(stats.retries()).isEqualTo(3);
		assertThat(stats.failedExports()).containsEntry(FailureCause.HTTP_5XX, 3L);
		assertThat(stats.lastSuccessfulExport()).isNotNull();
	}

	@Test
	void shouldHonourRetryAfterInSecondsOnRateLimit() {
		assertRetryAfterWaited("1", Duration.ofMillis(900));
	}

	@Test
	void shouldHonourRetryAfterAsHttpDateOnRateLimit() {
		String inThreeSeconds = DateTimeFormatter.RFC_1123_DATE_TIME
			.format(Instant.now().plusSeconds(3).atOffset(ZoneOffset.UTC));
		assertRetryAfterWaited(inThreeSeconds, Duration.ofMillis(1_500));
	}

	/**
	 * The backoff is 10 to 40 ms, so a wait of the given minimum can only come from
	 * {@code Retry-After}.
	 */
	private void assertRetryAfterWaited(String retryAfter, Duration minimumWait) {
		LangfuseClient langfuse = client(UnaryOperator.identity());
		this.server.enqueueTraceResponses(FakeResponse.retryAfter(429, retryAfter));
		long start = System.nanoTime();
		observe(langfuse, 1);
		assertThat(langfuse.flush(WAIT).success()).isTrue();
		Duration waited = Duration.ofNanos(System.nanoTime() - start);
		var traceRequests = this.server.requests()
			.stream()
			.filter((request) -> request.path().endsWith("/otel/v1/traces"))
			.toList();
		assertThat(traceRequests).extracting(RecordedRequest::status).containsExactly(429, 200);
		assertThat(waited).isGreaterThanOrEqualTo(minimumWait);
		assertThat(langfuse.stats().spans().failedExports()).containsEntry(FailureCause.HTTP_429, 1L);
		assertThat(langfuse.stats().spans().retries()).isEqualTo(1);
	}

	@Test
	void shouldNotRetryRejectedCredentials() {
		LangfuseClient langfuse = LangfuseClient.create(LangfuseConfig.builder()
			.host(this.server.baseUrl())
			.publicKey(FakeLangfuseServer.PUBLIC_KEY)
			.secretKey("sk-lf-wrong")
			.flushInterval(Duration.ofMillis(20))
			.build());
		this.client = langfuse;
		observe(langfuse, 2);
		FlushResult result = langfuse.flush(WAIT);
		assertThat(result.success()).isFalse();
		assertThat(result.failed()).isEqualTo(2);
		assertThat(this.server.traceRequests()).isEqualTo(1);
		ExportStats stats = langfuse.stats().spans();
		assertThat(stats.dropped()).containsEntry(DropReason.UNAUTHORIZED, 2L);
		assertThat(stats.lastError()).contains("refused the credentials", this.server.baseUrl(), "pk-lf-test")
			.doesNotContain("sk-lf-wrong");
	}

	@Test
	void shouldNotRetryOtherClientErrors() {
		LangfuseClient langfuse = client(UnaryOperator.identity());
		this.server.enqueueTraceResponses(FakeResponse.status(400, "bad request"));
		observe(langfuse, 1);
		langfuse.flush(WAIT);
		assertThat(this.server.traceRequests()).isEqualTo(1);
		assertThat(langfuse.stats().spans().dropped()).containsEntry(DropReason.REJECTED, 1L);
	}

	@Test
	void shouldGiveUpAfterMaxRetriesAndCountTheLoss() {
		LangfuseClient langfuse = client((builder) -> builder.maxRetries(2));
		this.server.enqueueTraceResponses(FakeResponse.status(503), FakeResponse.status(503), FakeResponse.status(503));
		observe(langfuse, 4);
		FlushResult result = langfuse.flush(WAIT);
		assertThat(result.failed()).isEqualTo(4);
		assertThat(langfuse.stats().spans().dropped()).containsEntry(DropReason.RETRIES_EXHAUSTED, 4L);
		assertThat(this.server.traceRequests()).isEqualTo(3);
	}

	@Test
	void shouldDeliverAfterServerComesBack() {
		LangfuseClient langfuse = client((builder) -> builder.maxRetries(50));
		this.server.stop();
		observe(langfuse, 5);
		FlushResult whileDown = langfuse.flush(Duration.ofMillis(200));
		assertThat(whileDown.timedOut()).isTrue();
		assertThat(whileDown.pending()).isEqualTo(5);
		this.server.restart();
		assertThat(langfuse.flush(WAIT).success()).isTrue();
		assertThat(this.server.awaitSpans(5, WAIT)).hasSize(5);
		assertThat(langfuse.stats().spans().failedExports()).containsKey(FailureCause.NETWORK);
	}

	@Test
	void shouldRetryWhenTheServerIsSlowerThanTheExportTimeout() {
		LangfuseClient langfuse = client((builder) -> builder.exportTimeout(Duration.ofMillis(200)));
		this.server.enqueueTraceResponses(FakeResponse.delay(Duration.ofSeconds(2)));
		observe(langfuse, 1);
		assertThat(langfuse.flush(WAIT).success()).isTrue();
		assertThat(langfuse.stats().spans().failedExports().get(FailureCause.TIMEOUT)).isGreaterThanOrEqualTo(1L);
	}

	@Test
	void shouldRetryAfterConnectionReset() {
		LangfuseClient langfuse = client(UnaryOperator.identity());
		this.server.enqueueTraceResponses(FakeResponse.connectionReset());
		observe(langfuse, 1);
		assertThat(langfuse.flush(WAIT).success()).isTrue();
		assertThat(langfuse.stats().spans().failedExports()).containsEntry(FailureCause.NETWORK, 1L);
	}

	@Test
	void shouldNeverBlockFlushLongerThanAsked() {
		LangfuseClient langfuse = client((builder) -> builder.exportTimeout(Duration.ofSeconds(30)));
		this.server.setResponseDelay(Duration.ofSeconds(5));
		observe(langfuse, 1);
		FlushResult result = langfuse.flush(Duration.ofMillis(300));
		assertThat(result.timedOut()).as("returned before the 5 s answer").isTrue();
		assertThat(result.success()).isFalse();
		assertThat(result.delivered()).isZero();
		assertThat(result.pending()).isOne();
		this.server.setResponseDelay(Duration.ZERO);
	}

	@Test
	void shouldDropNewestSpansOfAnAdmittedTraceThatOutgrowsTheQueueAndBalanceTheBooks() {
		LangfuseClient langfuse = client((builder) -> builder.maxQueueSize(10).flushAt(10).maxRetries(100));
		this.server.stop();
		try (Observation root = langfuse.span("root")) {
			observe(langfuse, 100);
		}
		ExportStats stats = langfuse.stats().spans();
		assertThat(stats.queueSize()).isEqualTo(10);
		assertThat(stats.dropped()).as("90 children and the root, which ends last")
			.containsEntry(DropReason.QUEUE_FULL, 91L)
			.containsEntry(DropReason.TRACE_REFUSED, 0L);
		this.server.restart();
		assertThat(langfuse.flush(WAIT).success()).isTrue();
		LangfuseStats after = langfuse.stats();
		assertThat(after.observationsStarted())
			.isEqualTo(after.spans().exported() + after.spans().droppedTotal() + after.observationsSampledOut());
		assertThat(this.server.awaitSpans(10, WAIT)).extracting(io.github.lfwire.langfuse.testing.ReceivedSpan::name)
			.containsExactly("op-0", "op-1", "op-2", "op-3", "op-4", "op-5", "op-6", "op-7", "op-8", "op-9");
	}

	@Test
	void shouldBoundTheQueueInBytes() {
		LangfuseClient langfuse = client(
				(builder) -> builder.captureMaxBytes(1024).maxQueueBytes(8 * 1024).maxRetries(100));
		this.server.stop();
		try (Observation root = langfuse.span("root")) {
			for (int i = 0; i < 50; i++) {
				try (Observation observation = langfuse.span("big")) {
					observation.input("x".repeat(900));
				}
			}
		}
		ExportStats stats = langfuse.stats().spans();
		assertThat(stats.queueBytes()).isLessThanOrEqualTo(8 * 1024);
		assertThat(stats.dropped().get(DropReason.QUEUE_BYTES_FULL)).isGreaterThan(30L);
		assertThat(stats.queueSize() + stats.dropped().get(DropReason.QUEUE_BYTES_FULL)).as("50 children and the root")
			.isEqualTo(51);
	}

	@Test
	void shouldShutDownWithinTimeoutWhenServerIsDownAndCountWhatWasLost() {
		LangfuseClient langfuse = client((builder) -> builder.maxRetries(100));
		this.client = null;
		observe(langfuse, 1);
		assertThat(langfuse.flush(WAIT).delivered()).as("the HTTP client is created by the first export").isOne();
		this.server.stop();
		observe(langfuse, 7);
		FlushResult result = langfuse.shutdown(Duration.ofMillis(300));
		assertThat(result.timedOut()).as("ended by the timeout, not after 100 retries of at least 10 ms each").isTrue();
		assertThat(result.success()).isFalse();
		assertThat(result.delivered()).isZero();
		assertThat(result.failed() + result.pending()).as("failed or still pending when the timeout ended it")
			.isEqualTo(7);
		await().atMost(WAIT).untilAsserted(() -> {
			LangfuseStats stats = langfuse.stats();
			assertThat(stats.spans().dropped()).containsEntry(DropReason.SHUTDOWN, 7L);
			assertThat(stats.spans().queueSize()).isZero();
		});
	}

	@Test
	void shouldDeliverEverythingOnGracefulShutdown() {
		LangfuseClient langfuse = client((builder) -> builder.flushInterval(Duration.ofHours(1)));
		this.client = null;
		observe(langfuse, 25);
		FlushResult result = langfuse.shutdown(WAIT);
		assertThat(result.success()).isTrue();
		assertThat(result.delivered()).isEqualTo(25);
		assertThat(this.server.spans()).hasSize(25);
		try (Observation late = langfuse.span("after-shutdown")) {
			assertThat(late.isRecording()).isFalse();
		}
		assertThat(langfuse.stats().observationsStarted()).isEqualTo(25);
	}

}
