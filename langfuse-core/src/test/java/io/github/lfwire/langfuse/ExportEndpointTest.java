package io.github.lfwire.langfuse;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

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

	@Test
	void shouldSendHttp11WithoutAnH2cUpgradeOverPlainHttp() {
		this.client = LangfuseClient.create(this.server.clientConfig().build());
		try (Observation root = this.client.span("plain-http")) {
			root.scoreTrace(Score.numeric("quality", 0.5));
		}
		assertThat(this.client.flush(WAIT).success()).isTrue();
		assertThat(this.server.awaitSpans(1, WAIT)).hasSize(1);
		for (String path : List.of(FakeLangfuseServer.TRACES_PATH, FakeLangfuseServer.INGESTION_PATH)) {
			RecordedRequest request = request(path);
			assertThat(request.header("Upgrade")).as("upgrade header of " + path).isNull();
			assertThat(request.header("HTTP2-Settings")).as("http2-settings header of " + path).isNull();
			assertThat(request.header("Connection")).as("connection header of " + path).isNull();
		}
	}

	@Test
	void shouldNameTheCollectorAndNotTheKeysWhenItRefusesARequestWithoutBasicAuth() {
		this.server.actAsCollector("/v1/traces", COLLECTOR_HEADERS);
		this.client = LangfuseClient.create(this.server.clientConfig()
			.exportEndpoint(this.server.baseUrl() + "/v1/traces?tenant=a")
			.exportBasicAuth(false)
			.build());
		try (Observation root = this.client.span("refused")) {
			root.input("hello");
		}
		this.client.flush(WAIT);
		assertThat(this.client.stats().spans().lastError())
			.contains("OTLP endpoint " + this.server.baseUrl() + "/v1/traces refused the request (HTTP 401)",
					"no Langfuse keys were sent")
			.doesNotContain("public and secret key", "tenant=a");
	}

	@Test
	void shouldNameTheCollectorAndTheKeysWhenItRefusesBasicAuth() {
		this.server.actAsCollector("/v1/traces", COLLECTOR_HEADERS);
		this.client = LangfuseClient
			.create(this.server.clientConfig().exportEndpoint(this.server.baseUrl() + "/v1/traces").build());
		try (Observation root = this.client.span("refused")) {
			root.input("hello");
		}
		this.client.flush(WAIT);
		assertThat(this.client.stats().spans().lastError()).contains(
				"OTLP endpoint " + this.server.baseUrl() + "/v1/traces (public key pk-lf-test",
				"refused the credentials (HTTP 401); check the public and secret key");
	}

	@Test
	void shouldWarnOnceWhenClearTextBasicAuthToAnotherHostIsAllowed() {
		List<String> warnings = new CopyOnWriteArrayList<>();
		Handler handler = new Handler() {

			@Override
			public void publish(LogRecord record) {
				if (record.getLevel().intValue() >= Level.WARNING.intValue()
						&& record.getMessage().contains("otel-collector.invalid")) {
					warnings.add(record.getMessage());
				}
			}

			@Override
			public void flush() {
			}

			@Override
			public void close() {
			}

		};
		Logger logger = Logger.getLogger(LangfuseClient.class.getName());
		logger.addHandler(handler);
		try {
			this.client = LangfuseClient.create(this.server.clientConfig()
				.exportEndpoint("http://otel-collector.invalid:4318/v1/traces")
				.exportAllowInsecureBasicAuth(true)
				.build());
			this.client.span("one").close();
			this.client.span("two").close();
		}
		finally {
			logger.removeHandler(handler);
		}
		assertThat(warnings).singleElement()
			.asString()
			.contains("clear text", "exportAllowInsecureBasicAuth")
			.doesNotContain(FakeLangfuseServer.SECRET_KEY);
	}

	@Test
	void shouldLogTheMessageOfATlsFailure() throws Exception {
		try (ServerSocket plain = new ServerSocket(0, 8, InetAddress.getLoopbackAddress())) {
			Thread answering = new Thread(() -> answerPlainText(plain), "plain-text-server");
			answering.setDaemon(true);
			answering.start();
			this.client = LangfuseClient.create(this.server.clientConfig()
				.exportEndpoint("https://127.0.0.1:" + plain.getLocalPort() + "/v1/traces")
				.maxRetries(0)
				.build());
			try (Observation root = this.client.span("tls")) {
				root.input("hello");
			}
			this.client.flush(WAIT);
		}
		// the JDK client reports the failed handshake as an SSLException, or as an
		// IOException of its HTTP/1.1 header parser when the connection's end reaches
		// that parser before the handshake's error does
		assertThat(this.client.stats().spans().lastError()).as("the exception's class and its message")
			.containsPattern("\\((SSL\\w*Exception|IOException): .+\\)");
	}

	/**
	 * Answers every connection in plain text, as a server without TLS would, after
	 * reading the client's first bytes (its TLS hello), and keeps the connection open
	 * until the client closes it, so the client always reads the plain text and fails in
	 * its handshake rather than seeing the connection end first.
	 */
	private static void answerPlainText(ServerSocket server) {
		while (!server.isClosed()) {
			try (Socket socket = server.accept()) {
				socket.setSoTimeout(10_000);
				byte[] buffer = new byte[4096];
				socket.getInputStream().read(buffer);
				socket.getOutputStream()
					.write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
				socket.getOutputStream().flush();
				while (socket.getInputStream().read(buffer) >= 0) {
					// until the client gives up the handshake and closes
				}
			}
			catch (IOException ex) {
				return;
			}
		}
	}

	private RecordedRequest request(String path) {
		return this.server.requests()
			.stream()
			.filter((request) -> request.path().equals(path))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no request to " + path + " in " + this.server.requests()));
	}

}
