package io.github.lfwire.langfuse.spring.boot.autoconfigure.observe;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import io.github.lfwire.langfuse.LangfuseClient;
import io.github.lfwire.langfuse.Observation;
import io.github.lfwire.langfuse.ObservationType;
import io.github.lfwire.langfuse.observe.Observe;
import io.github.lfwire.langfuse.testing.FakeLangfuseServer;
import io.github.lfwire.langfuse.testing.ReceivedSpan;
import io.opentelemetry.context.Scope;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.core.task.AsyncTaskExecutor;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.AsyncHandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitter;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import static io.github.lfwire.langfuse.testing.ReceivedSpans.named;
import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(classes = StreamingResponseObservationTest.App.class,
		webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "langfuse.export.flush-interval=50ms")
class StreamingResponseObservationTest {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private static final FakeLangfuseServer server = FakeLangfuseServer.start();

	private static final String LATE_EMITTER = "lateEmitter";

	private static final BlockingQueue<ResponseBodyEmitter> initializedEmitters = new LinkedBlockingQueue<>();

	private final HttpClient http = HttpClient.newHttpClient();

	private final JsonMapper json = JsonMapper.builder().build();

	@Autowired
	private LangfuseClient client;

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

	@Test
	void shouldEndAnSseGenerationAfterItsLastEventWithTheEventsAsOutput() throws Exception {
		Instant before = Instant.now();
		HttpResponse<String> response = get("/sse");
		Instant after = Instant.now();
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("data:Hello", "data:streaming", "data:world");
		List<ReceivedSpan> spans = flushed(4);
		ReceivedSpan generation = named(spans, "StreamController.sse");
		assertThat(generation.attribute("langfuse.observation.type")).isEqualTo("generation");
		assertThat(output(generation).toString()).isEqualTo("[\"Hello\",\"streaming\",\"world\"]");
		assertThat(Instant.parse(generation.attribute("langfuse.observation.completion_start_time"))).isBetween(before,
				after);
		assertThat(generation.attribute("langfuse.observation.level")).isNull();
		assertEndedAfterEachChild(spans, generation, "sent", 3);
		server.assertContractRespected();
	}

	@Test
	void shouldMarkAFailedStreamAsErrorWithTheEventsSentBeforeTheFailure() throws Exception {
		try {
			get("/sse-failing");
		}
		catch (IOException ex) {
			// the server aborts the response of a stream completed with an error
		}
		List<ReceivedSpan> spans = flushed(2);
		ReceivedSpan stream = named(spans, "StreamController.failing");
		assertThat(stream.attribute("langfuse.observation.level")).isEqualTo("ERROR");
		assertThat(stream.attribute("langfuse.observation.status_message"))
			.isEqualTo("IllegalStateException: model failed");
		assertThat(output(stream).toString()).isEqualTo("[\"partial\"]");
		assertEndedAfterEachChild(spans, stream, "sent", 1);
	}

	@Test
	void shouldEndAStreamThatTimesOutAsWarning() throws Exception {
		get("/sse-timeout");
		ReceivedSpan stream = named(flushed(1), "StreamController.timingOut");
		assertThat(stream.attribute("langfuse.observation.level")).isEqualTo("WARNING");
		assertThat(stream.attribute("langfuse.observation.status_message")).isEqualTo("the stream timed out");
		assertThat(output(stream).toString()).isEqualTo("[\"waiting\"]");
	}

	@Test
	void shouldMarkTheCutWhenAStreamSendsMoreEventsThanTheCaptureKeeps() throws Exception {
		assertThat(get("/sse-many").body()).contains("data:149");
		JsonNode output = output(named(flushed(1), "StreamController.many"));
		assertThat(output.path("truncated").asBoolean()).isTrue();
		assertThat(output.path("items").asLong()).isEqualTo(150);
		assertThat(output.path("shown").asInt()).isEqualTo(100);
		assertThat(output.path("elements")).hasSize(100);
		assertThat(output.path("elements").get(99).asString()).isEqualTo("99");
	}

	@Test
	void shouldCaptureEachSendOfAResponseBodyEmitter() throws Exception {
		assertThat(get("/emitter").body()).isEqualTo("{\"token\":\"a\"}{\"token\":\"b\"}{\"token\":\"c\"}");
		List<ReceivedSpan> spans = flushed(4);
		ReceivedSpan stream = named(spans, "StreamController.emitter");
		assertThat(output(stream)).extracting(JsonNode::asString)
			.containsExactly("{\"token\":\"a\"}", "{\"token\":\"b\"}", "{\"token\":\"c\"}");
		assertEndedAfterEachChild(spans, stream, "sent", 3);
	}

	@Test
	void shouldCaptureEachSendOfAResponseBodyEmitterWhenAllSendsPrecedeItsInitialization() throws Exception {
		assertThat(get("/emitter-early").body()).isEqualTo("{\"token\":\"a\"}{\"token\":\"b\"}{\"token\":\"c\"}");
		List<ReceivedSpan> spans = flushed(4);
		ReceivedSpan stream = named(spans, "StreamController.emitterEarly");
		assertThat(output(stream)).extracting(JsonNode::asString)
			.containsExactly("{\"token\":\"a\"}", "{\"token\":\"b\"}", "{\"token\":\"c\"}");
		assertEndedAfterEachChild(spans, stream, "sent", 3);
	}

	@Test
	void shouldCaptureEachSendOfAResponseBodyEmitterWhenSendsFollowItsInitialization() throws Exception {
		CompletableFuture<HttpResponse<String>> response = this.http.sendAsync(request("/emitter-late"),
				HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
		ResponseBodyEmitter emitter = initializedEmitters.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
		assertThat(emitter).isNotNull();
		for (String token : List.of("a", "b", "c")) {
			emitter.send(Map.of("token", token));
		}
		emitter.complete();
		assertThat(response.get(WAIT.toSeconds(), TimeUnit.SECONDS).body())
			.isEqualTo("{\"token\":\"a\"}{\"token\":\"b\"}{\"token\":\"c\"}");
		ReceivedSpan stream = named(flushed(1), "StreamController.emitterLate");
		assertThat(output(stream)).extracting(JsonNode::asString)
			.containsExactly("{\"token\":\"a\"}", "{\"token\":\"b\"}", "{\"token\":\"c\"}");
	}

	@Test
	void shouldEndAStreamingResponseBodyWhenItHasWrittenWithObservationsInsideNested() throws Exception {
		HttpResponse<String> response = get("/body");
		assertThat(response.body()).isEqualTo("first second");
		assertThat(response.headers().firstValue("X-Stream")).hasValue("yes");
		List<ReceivedSpan> spans = flushed(3);
		ReceivedSpan body = named(spans, "StreamController.body");
		assertThat(output(body).toString()).isEqualTo("[\"first \",\"second\"]");
		assertEndedAfterEachChild(spans, body, "written", 2);
	}

	@Test
	void shouldStillEndAResponseEntityWithAPlainBodyAtReturn() throws Exception {
		assertThat(get("/entity").body()).isEqualTo("plain");
		ReceivedSpan entity = named(flushed(1), "StreamController.entity");
		assertThat(output(entity).path("body").asString()).isEqualTo("plain");
	}

	private HttpResponse<String> get(String path) throws Exception {
		return this.http.send(request(path), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
	}

	private HttpRequest request(String path) {
		return HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path)).timeout(WAIT).GET().build();
	}

	private List<ReceivedSpan> flushed(int count) {
		assertThat(this.client.flush(WAIT).success()).isTrue();
		List<ReceivedSpan> spans = server.awaitSpans(count, WAIT);
		assertThat(spans).hasSize(count);
		return spans;
	}

	private JsonNode output(ReceivedSpan span) {
		return this.json.readTree(span.attribute("langfuse.observation.output"));
	}

	private static void assertEndedAfterEachChild(List<ReceivedSpan> spans, ReceivedSpan parent, String childName,
			int children) {
		assertThat(spans).filteredOn((span) -> span.name().equals(childName)).hasSize(children).allSatisfy((child) -> {
			assertThat(child.parentSpanId()).isEqualTo(parent.spanId());
			assertThat(child.endEpochNanos()).isLessThanOrEqualTo(parent.endEpochNanos());
		});
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class App {

		@Bean
		StreamController streamController(LangfuseClient client, AsyncTaskExecutor applicationTaskExecutor) {
			return new StreamController(client, applicationTaskExecutor);
		}

		@Bean
		WebMvcConfigurer initializedEmitters() {
			AsyncHandlerInterceptor interceptor = new AsyncHandlerInterceptor() {

				@Override
				public void afterConcurrentHandlingStarted(HttpServletRequest request, HttpServletResponse response,
						Object handler) {
					if (request.getAttribute(LATE_EMITTER) instanceof ResponseBodyEmitter emitter) {
						initializedEmitters.add(emitter);
					}
				}

			};
			return new WebMvcConfigurer() {

				@Override
				public void addInterceptors(InterceptorRegistry registry) {
					registry.addInterceptor(interceptor);
				}

			};
		}

	}

	/** Streams answers the ways Spring MVC applications do. */
	@RestController
	static class StreamController {

		private final LangfuseClient client;

		private final AsyncTaskExecutor executor;

		StreamController(LangfuseClient client, AsyncTaskExecutor executor) {
			this.client = client;
			this.executor = executor;
		}

		@Observe(type = ObservationType.GENERATION)
		@GetMapping("/sse")
		public SseEmitter sse() {
			SseEmitter emitter = new SseEmitter();
			Observation generation = Observation.current();
			this.executor.execute(() -> {
				for (String token : List.of("Hello", "streaming", "world")) {
					send(generation, emitter, token);
				}
				emitter.complete();
			});
			return emitter;
		}

		@Observe
		@GetMapping("/sse-failing")
		public SseEmitter failing() {
			SseEmitter emitter = new SseEmitter();
			Observation stream = Observation.current();
			this.executor.execute(() -> {
				send(stream, emitter, "partial");
				emitter.completeWithError(new IllegalStateException("model failed"));
			});
			return emitter;
		}

		@Observe
		@GetMapping("/sse-timeout")
		public SseEmitter timingOut() throws IOException {
			SseEmitter emitter = new SseEmitter(200L);
			emitter.send("waiting");
			return emitter;
		}

		@Observe
		@GetMapping("/sse-many")
		public SseEmitter many() throws IOException {
			SseEmitter emitter = new SseEmitter();
			for (int i : IntStream.range(0, 150).toArray()) {
				emitter.send(String.valueOf(i));
			}
			emitter.complete();
			return emitter;
		}

		@Observe
		@GetMapping("/emitter")
		public ResponseBodyEmitter emitter() {
			ResponseBodyEmitter emitter = new ResponseBodyEmitter();
			Observation stream = Observation.current();
			send(stream, emitter, Map.of("token", "a"));
			this.executor.execute(() -> {
				send(stream, emitter, Map.of("token", "b"));
				send(stream, emitter, Map.of("token", "c"));
				emitter.complete();
			});
			return emitter;
		}

		@Observe
		@GetMapping("/emitter-early")
		public ResponseBodyEmitter emitterEarly() throws Exception {
			ResponseBodyEmitter emitter = new ResponseBodyEmitter();
			Observation stream = Observation.current();
			send(stream, emitter, Map.of("token", "a"));
			this.executor.submit(() -> {
				send(stream, emitter, Map.of("token", "b"));
				send(stream, emitter, Map.of("token", "c"));
				emitter.complete();
			}).get(WAIT.toSeconds(), TimeUnit.SECONDS);
			return emitter;
		}

		@Observe
		@GetMapping("/emitter-late")
		public ResponseBodyEmitter emitterLate(HttpServletRequest request) {
			ResponseBodyEmitter emitter = new ResponseBodyEmitter();
			request.setAttribute(LATE_EMITTER, emitter);
			return emitter;
		}

		@Observe
		@GetMapping("/body")
		public ResponseEntity<StreamingResponseBody> body() {
			StreamingResponseBody body = (outputStream) -> {
				for (String chunk : List.of("first ", "second")) {
					try (Observation written = this.client.event("written")) {
						outputStream.write(chunk.getBytes(StandardCharsets.UTF_8));
						outputStream.flush();
					}
				}
			};
			return ResponseEntity.ok().header("X-Stream", "yes").body(body);
		}

		@Observe
		@GetMapping("/entity")
		public ResponseEntity<String> entity() {
			return ResponseEntity.ok("plain");
		}

		private void send(Observation stream, ResponseBodyEmitter emitter, Object data) {
			try (Scope scope = stream.makeCurrent(); Observation sent = this.client.event("sent")) {
				emitter.send(data);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

	}

}
