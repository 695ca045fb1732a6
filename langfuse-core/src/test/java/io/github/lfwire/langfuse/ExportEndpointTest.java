package io.github.lfwire.langfuse;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.github.lfwire.langfuse.testing.FakeLangfuseServer;
import io.github.lfwire.langfuse.testing.ReceivedSpan;
import io.github.lfwire.langfuse.testing.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spans go through an OpenTelemetry Collector at its own path with its own headers;
 * scores still go to Langfuse.
 */
class ExportEndpointTest {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private static final Map<String, String> COLLECTOR_HEADERS = Map.of("x-collector-token", "fleet-42");

	private final FakeLangfuseServer server = FakeLangfuseServer.start();

	private LangfuseClient client;

	@AfterEach
	void stop() {
		if (this.client != null) {
			this.client.shutdown(Duration.ofSeconds(2));
		}
		this.server.close();
	}

	@Test
	void shouldSendSpansToTheCollectorWithItsHeadersAndScoresStraightToLangfuse() {
		this.server.actAsCollector("/v1/traces", COLLECTOR_HEADERS);
		this.client = LangfuseClient.create(this.server.clientConfig()
			.exportEndpoint(this.server.baseUrl() + "/v1/traces")
			.exportHeaders(COLLECTOR_HEADERS)
			.exportBasicAuth(false)
			.build());
		try (Observation root = this.client.span("through-collector")) {
			root.scoreTrace(Score.numeric("quality", 0.5));
		}
		assertThat(this.client.flush(WAIT).success()).isTrue();
		List<ReceivedSpan> spans = this.server.awaitSpans(1, WAIT);
		assertThat(spans).extracting(ReceivedSpan::name).containsExactly("through-collector");
		assertThat(this.server.awaitScores(1, WAIT)).hasSize(1);
		RecordedRequest traces = request("/v1/traces");
		assertThat(traces.header("x-collector-token")).isEqualTo("fleet-42");
		assertThat(traces.header("Authorization")).as("the collector adds Basic auth").isNull();
		assertThat(traces.header("x-langfuse-ingestion-version")).isEqualTo("4");
		assertThat(request(FakeLangfuseServer.INGESTION_PATH).header("Authorization")).startsWith("Basic ");
		assertThat(request(FakeLangfuseServer.INGESTION_PATH).header("x-collector-token")).isNull();
		this.server.assertContractRespected();
	}

	@Test
	void shouldKeepBasicAuthAndAddHeadersForAProxyAtTheDefaultEndpoint() {
		this.client = LangfuseClient
			.create(this.server.clientConfig().exportHeaders(Map.of("x-proxy-route", "langfuse")).build());
		try (Observation root = this.client.span("through-proxy")) {
			root.input("hello");
		}
		assertThat(this.client.flush(WAIT).success()).isTrue();
		assertThat(this.server.awaitSpans(1, WAIT)).hasSize(1);
		RecordedRequest traces = request(FakeLangfuseServer.TRACES_PATH);
		assertThat(traces.header("x-proxy-route")).isEqualTo("langfuse");
		assertThat(traces.header("Authorization")).startsWith("Basic ");
		this.server.assertContractRespected();
	}

	@Test
	void shouldCountSpansRefusedByACollectorMissingItsHeader() {
		this.server.actAsCollector("/v1/traces", COLLECTOR_HEADERS);
		this.client = LangfuseClient.create(this.server.clientConfig()
			.exportEndpoint(this.server.baseUrl() + "/v1/traces")
			.exportBasicAuth(false)
			.build());
		try (Observation root = this.client.span("refused")) {
			root.input("hello");
		}
		this.client.flush(WAIT);
		assertThat(this.server.spans()).isEmpty();
		assertThat(this.client.stats().spans().exported()).isZero();
		assertThat(this.client.stats().spans().dropped()).isNotEmpty();
	}

	private RecordedRequest request(String path) {
		return this.server.requests()
			.stream()
			.filter((request) -> request.path().equals(path))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no request to " + path + " in " + this.server.requests()));
	}

}
