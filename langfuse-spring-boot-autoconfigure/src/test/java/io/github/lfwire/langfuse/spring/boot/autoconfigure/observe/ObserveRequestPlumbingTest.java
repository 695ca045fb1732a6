package io.github.lfwire.langfuse.spring.boot.autoconfigure.observe;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import io.github.lfwire.langfuse.LangfuseClient;
import io.github.lfwire.langfuse.observe.Observe;
import io.github.lfwire.langfuse.testing.FakeLangfuseServer;
import io.github.lfwire.langfuse.testing.ReceivedSpan;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpHeaders;
import org.springframework.http.RequestEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.CookieValue;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(classes = ObserveRequestPlumbingTest.App.class,
		webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "langfuse.export.flush-interval=50ms")
class ObserveRequestPlumbingTest {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private static final String BEARER = "Bearer sk-bearer-secret-1";

	private static final String COOKIE_SECRET = "cookie-secret-2";

	private static final FakeLangfuseServer server = FakeLangfuseServer.start();

	@Autowired
	private LangfuseClient client;

	@Autowired
	private OutboundClient outbound;

	@LocalServerPort
	private int port;

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

	@BeforeEach
	void reset() {
		this.client.flush(WAIT);
		server.reset();
	}

	private ReceivedSpan onlySpan() {
		assertThat(this.client.flush(WAIT).success()).isTrue();
		List<ReceivedSpan> spans = server.awaitSpans(1, WAIT);
		assertThat(spans).hasSize(1);
		return spans.get(0);
	}

	private String post(String path) throws Exception {
		HttpRequest request = HttpRequest
			.newBuilder(URI.create("http://localhost:" + this.port + path + "?question=why"))
			.header("Authorization", BEARER)
			.header("X-Auth-Token", "header-secret-3")
			.header("Cookie", "SESSION=" + COOKIE_SECRET)
			.POST(HttpRequest.BodyPublishers.ofString("body"))
			.build();
		HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		return response.body();
	}

	private static void assertNoSecret(ReceivedSpan span) {
		assertThat(span.attributes().values()).allSatisfy((value) -> assertThat(String.valueOf(value))
			.doesNotContain("sk-bearer-secret-1", COOKIE_SECRET, "header-secret-3"));
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "/request-header", "/cookie-value", "/http-headers", "/header-map" })
	void shouldLeaveValuesBoundFromHeadersAndCookiesOutOfTheInput(String path) throws Exception {
		assertThat(post(path)).isEqualTo("answered why");
		ReceivedSpan span = onlySpan();
		assertThat(span.attribute("langfuse.observation.input")).isEqualTo("{\"question\":\"why\"}");
		assertNoSecret(span);
	}

	@Test
	void shouldOmitHeadersInsideARequestEntity() throws Exception {
		assertThat(post("/entity")).isEqualTo("answered body");
		ReceivedSpan span = onlySpan();
		assertThat(span.attribute("langfuse.observation.input")).contains("\"body\":\"body\"",
				"\"headers\":\"<omitted org.springframework.http.");
		assertNoSecret(span);
	}

	@Test
	void shouldLeaveAnHttpHeadersArgumentOutOfTheInput() {
		HttpHeaders headers = new HttpHeaders();
		headers.setBearerAuth("sk-bearer-secret-1");
		headers.set("X-Request-Id", "r-1");
		assertThat(this.outbound.send("prompt", headers)).isEqualTo("sent prompt");
		ReceivedSpan span = onlySpan();
		assertThat(span.attribute("langfuse.observation.input")).isEqualTo("{\"prompt\":\"prompt\"}");
		assertNoSecret(span);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class App {

		@Bean
		ChatController chatController() {
			return new ChatController();
		}

		@Bean
		OutboundClient outboundClient() {
			return new OutboundClient();
		}

	}

	/** Endpoints receiving credentials through each kind of request binding. */
	@RestController
	static class ChatController {

		@Observe
		@PostMapping("/request-header")
		public String requestHeader(@RequestHeader("Authorization") String authHeader, @RequestParam String question) {
			return "answered " + question;
		}

		@Observe
		@PostMapping("/cookie-value")
		public String cookieValue(@CookieValue("SESSION") String session, @RequestParam String question) {
			return "answered " + question;
		}

		@Observe
		@PostMapping("/http-headers")
		public String httpHeaders(@RequestHeader HttpHeaders headers, @RequestParam String question) {
			return "answered " + question;
		}

		@Observe
		@PostMapping("/header-map")
		public String headerMap(@RequestHeader java.util.Map<String, String> headers, @RequestParam String question) {
			return "answered " + question;
		}

		@Observe
		@PostMapping("/entity")
		public String entity(RequestEntity<String> request) {
			return "answered " + request.getBody();
		}

	}

	/** A client of another service that takes the headers to send. */
	static class OutboundClient {

		@Observe
		public String send(String prompt, HttpHeaders headers) {
			return "sent " + prompt;
		}

	}

}
