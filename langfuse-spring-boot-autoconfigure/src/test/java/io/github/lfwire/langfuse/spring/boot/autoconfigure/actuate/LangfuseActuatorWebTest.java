package io.github.lfwire.langfuse.spring.boot.autoconfigure.actuate;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.github.lfwire.langfuse.LangfuseClient;
import io.github.lfwire.langfuse.testing.FakeLangfuseServer;
import io.github.lfwire.langfuse.testing.FakeResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/** The actuator over a real web server: what a load balancer and {@code curl} see. */
class LangfuseActuatorWebTest {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private final FakeLangfuseServer server = FakeLangfuseServer.start();

	private final List<ConfigurableApplicationContext> contexts = new ArrayList<>();

	@AfterEach
	void close() {
		this.contexts.forEach(ConfigurableApplicationContext::close);
		this.server.close();
	}

	private ConfigurableApplicationContext start(String secretKey, String... properties) {
		List<String> all = new ArrayList<>(List.of("server.port=0", "spring.main.banner-mode=off",
				"management.endpoints.web.exposure.include=health,langfuse",
				"management.endpoint.health.show-details=always", "langfuse.host=" + this.server.baseUrl(),
				"langfuse.public-key=" + FakeLangfuseServer.PUBLIC_KEY, "langfuse.secret-key=" + secretKey,
				"langfuse.export.flush-interval=1h", "langfuse.export.max-retries=5",
				"langfuse.export.retry-initial-backoff=10ms", "langfuse.export.retry-max-backoff=20ms"));
		all.addAll(List.of(properties));
		ConfigurableApplicationContext context = new SpringApplicationBuilder(App.class)
			.properties(all.toArray(String[]::new))
			.run();
		this.contexts.add(context);
		return context;
	}

	@Test
	void shouldFlushOnPlainPostWithoutBodyOrContentType() throws IOException {
		ConfigurableApplicationContext context = start(FakeLangfuseServer.SECRET_KEY);
		LangfuseClient client = context.getBean(LangfuseClient.class);
		client.span("queued").close();
		client.span("queued").close();
		Answer answer = send(context, "POST", "/actuator/langfuse");
		assertThat(answer.status()).isEqualTo(200);
		assertThat(answer.body()).contains("\"delivered\":2");
		assertThat(this.server.spans()).hasSize(2);
	}

	@Test
	void shouldStillFlushWithinTimeoutGivenInJsonBody() throws IOException {
		ConfigurableApplicationContext context = start(FakeLangfuseServer.SECRET_KEY);
		context.getBean(LangfuseClient.class).span("queued").close();
		Answer answer = send(context, "POST", "/actuator/langfuse", "{\"timeoutMillis\":5000}");
		assertThat(answer.status()).isEqualTo(200);
		assertThat(answer.body()).contains("\"delivered\":1");
	}

	@Test
	void shouldKeepApplicationHealthyWhenServerRefusesTheKeys() throws IOException {
		ConfigurableApplicationContext context = start("sk-lf-wrong");
		exportOnce(context);
		Answer health = send(context, "GET", "/actuator/health");
		assertThat(health.status()).isEqualTo(200);
		assertThat(health.json().path("status").asString()).isEqualTo("UP");
		JsonNode langfuse = health.json().path("components").path("langfuse");
		assertThat(langfuse.path("status").asString()).isEqualTo("DEGRADED");
		assertThat(langfuse.path("details").path("reason").asString()).contains("refused the keys (http_401)");
		assertThat(health.body()).doesNotContain("sk-lf-wrong");
	}

	@Test
	void shouldKeepApplicationHealthyWhileServerAnswers503() throws IOException {
		FakeResponse[] unavailable = new FakeResponse[20];
		Arrays.fill(unavailable, FakeResponse.status(503));
		this.server.enqueueTraceResponses(unavailable);
		ConfigurableApplicationContext context = start(FakeLangfuseServer.SECRET_KEY);
		exportOnce(context);
		Answer health = send(context, "GET", "/actuator/health");
		assertThat(health.status()).isEqualTo(200);
		assertThat(health.json().path("status").asString()).isEqualTo("UP");
		JsonNode langfuse = health.json().path("components").path("langfuse");
		assertThat(langfuse.path("status").asString()).isEqualTo("DEGRADED");
		assertThat(langfuse.path("details").path("reason").asString()).contains("failed exports in a row");
		assertThat(langfuse.path("details").path("lastError").asString()).contains("HTTP 503");
	}

	@Test
	void shouldTakeApplicationDownOnRefusedKeysWhenAskedTo() throws IOException {
		ConfigurableApplicationContext context = start("sk-lf-wrong", "langfuse.health.down-on-failure=true");
		exportOnce(context);
		Answer health = send(context, "GET", "/actuator/health");
		assertThat(health.status()).isEqualTo(503);
		assertThat(health.json().path("status").asString()).isEqualTo("DOWN");
		assertThat(health.json().path("components").path("langfuse").path("status").asString()).isEqualTo("DOWN");
	}

	@Test
	void shouldTakeApplicationDownWhileServerAnswers503WhenAskedTo() throws IOException {
		FakeResponse[] unavailable = new FakeResponse[20];
		Arrays.fill(unavailable, FakeResponse.status(503));
		this.server.enqueueTraceResponses(unavailable);
		ConfigurableApplicationContext context = start(FakeLangfuseServer.SECRET_KEY,
				"langfuse.health.down-on-failure=true");
		exportOnce(context);
		assertThat(send(context, "GET", "/actuator/health").status()).isEqualTo(503);
	}

	private static void exportOnce(ConfigurableApplicationContext context) {
		LangfuseClient client = context.getBean(LangfuseClient.class);
		client.span("work").close();
		client.flush(WAIT);
		assertThat(client.stats().spans().consecutiveFailures()).isGreaterThanOrEqualTo(1);
	}

	private static Answer send(ConfigurableApplicationContext context, String method, String path) throws IOException {
		return send(context, method, path, null);
	}

	private static Answer send(ConfigurableApplicationContext context, String method, String path, String json)
			throws IOException {
		String port = context.getEnvironment().getProperty("local.server.port");
		HttpURLConnection connection = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + path)
			.toURL()
			.openConnection();
		connection.setRequestMethod(method);
		connection.setConnectTimeout((int) WAIT.toMillis());
		connection.setReadTimeout((int) WAIT.toMillis());
		if (json != null) {
			connection.setDoOutput(true);
			connection.setRequestProperty("Content-Type", "application/json");
			connection.getOutputStream().write(json.getBytes(StandardCharsets.UTF_8));
		}
		int status = connection.getResponseCode();
		var stream = (status < 400) ? connection.getInputStream() : connection.getErrorStream();
		String body = (stream != null) ? new String(stream.readAllBytes(), StandardCharsets.UTF_8) : "";
		connection.disconnect();
		return new Answer(status, body);
	}

	record Answer(int status, String body) {

		JsonNode json() {
			return JsonMapper.builder().build().readTree(this.body);
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class App {

	}

}
