package io.github.lfwire.langfuse.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class FakeLangfuseServerTest {

	private static final Duration WAIT = Duration.ofSeconds(5);

	/**
	 * A response delay longer than every request's timeout: a request answered at all was
	 * not delayed by it.
	 */
	private static final Duration LONGER_THAN_WAIT = WAIT.multipliedBy(60);

	private static final String TRACE_A = "4bf92f3577b34da6a3ce929d0e0e4736";

	private static final String TRACE_B = "0af7651916cd43dd8448eb211c80319c";

	private static final String TRACE_C = "5b8efff798038103d269b633813fc60c";

	private static final String ROOT = "00f067aa0ba902b7";

	private static final String CHILD = "b7ad6b7169203331";

	private static final String OTHER = "53995c3f42cd8ad8";

	private static final JsonMapper JSON = JsonMapper.shared();

	private FakeLangfuseServer server;

	private HttpClient http;

	@BeforeEach
	void startServer() {
		this.server = FakeLangfuseServer.start();
		this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
	}

	@AfterEach
	void closeServer() {
		this.server.close();
	}

	@Test
	void shouldAcceptAndDecodeAValidGzipProtobufRequest() throws Exception {
		List<KeyValue> traceLevel = List.of(string("user.id", "user-1"), strings("langfuse.trace.tags", "a", "b"),
				bool("langfuse.trace.public", true));
		Span root = span(TRACE_A, ROOT, null, "chat").addAllAttributes(traceLevel)
			.addAttributes(string("langfuse.observation.type", "agent"))
			.addAttributes(string("langfuse.observation.input", "{\"message\":\"hello\"}"))
			.setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_OK))
			.build();
		Span child = span(TRACE_A, CHILD, ROOT, "answer").addAllAttributes(traceLevel)
			.addAttributes(string("langfuse.observation.type", "generation"))
			.addAttributes(string("langfuse.observation.usage_details", "{\"input\":3,\"output\":4,\"total\":7}"))
			.addAttributes(string("langfuse.observation.cost_details", "{\"total\":0.0042}"))
			.addAttributes(string("langfuse.observation.model.parameters",
					"{\"temperature\":0.2,\"stream\":false,\"stop\":[\"\\n\"],\"headers\":{\"x\":\"y\"}}"))
			.addAttributes(string("langfuse.observation.completion_start_time", "2026-01-01T00:00:00.250Z"))
			.addAttributes(string("langfuse.observation.prompt.name", "answer-prompt"))
			.addAttributes(integer("langfuse.observation.prompt.version", 3))
			.addAttributes(string("langfuse.observation.level", "WARNING"))
			.addAttributes(integer("gen_ai.usage.input_tokens", 3))
			.addAttributes(dbl("gen_ai.request.temperature", 0.2))
			.setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR).setMessage("boom"))
			.build();
		ExportTraceServiceRequest request = request(
				List.of(string("service.name", "svc"), string("langfuse.environment", "staging")), root, child);
		Map<String, String> headers = traceHeaders();
		headers.put("Content-Encoding", "gzip");

		HttpResponse<byte[]> response = post(FakeLangfuseServer.TRACES_PATH, gzip(request.toByteArray()), headers);

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/x-protobuf");
		assertThat(ExportTraceServiceResponse.parseFrom(response.body()))
			.isEqualTo(ExportTraceServiceResponse.getDefaultInstance());
		List<ReceivedSpan> spans = this.server.spans();
		assertThat(spans).extracting(ReceivedSpan::name).containsExactly("chat", "answer");
		ReceivedSpan receivedRoot = spans.get(0);
		ReceivedSpan receivedChild = spans.get(1);
		assertThat(receivedRoot.traceId()).isEqualTo(TRACE_A);
		assertThat(receivedRoot.spanId()).isEqualTo(ROOT);
		assertThat(receivedRoot.parentSpanId()).isNull();
		assertThat(receivedRoot.isRoot()).isTrue();
		assertThat(receivedRoot.statusCode()).isEqualTo("OK");
		assertThat(receivedRoot.statusMessage()).isNull();
		assertThat(receivedChild.parentSpanId()).isEqualTo(ROOT);
		assertThat(receivedChild.isRoot()).isFalse();
		assertThat(receivedChild.statusCode()).isEqualTo("ERROR");
		assertThat(receivedChild.statusMessage()).isEqualTo("boom");
		assertThat(receivedChild.startEpochNanos()).isEqualTo(1_700_000_000_000_000_000L);
		assertThat(receivedChild.endEpochNanos()).isEqualTo(1_700_000_001_000_000_000L);
		assertThat(receivedChild.attributes().get("gen_ai.usage.input_tokens")).isEqualTo(3L);
		assertThat(receivedChild.attributes().get("gen_ai.request.temperature")).isEqualTo(0.2);
		assertThat(receivedChild.attributes().get("langfuse.trace.tags")).isEqualTo(List.of("a", "b"));
		assertThat(receivedChild.attributes().get("langfuse.trace.public")).isEqualTo(Boolean.TRUE);
		assertThat(receivedChild.attribute("langfuse.observation.prompt.version")).isEqualTo("3");
		assertThat(receivedChild.attribute("langfuse.observation.type")).isEqualTo("generation");
		assertThat(receivedChild.attribute("missing")).isNull();
		assertThat(receivedChild.resourceAttributes()).containsEntry("service.name", "svc")
			.containsEntry("langfuse.environment", "staging");
		assertThat(this.server.traces()).containsOnlyKeys(TRACE_A);
		assertThat(this.server.traces().get(TRACE_A)).containsExactlyElementsOf(spans);
		assertThat(this.server.violations()).isEmpty();
		assertThatCode(this.server::assertContractRespected).doesNotThrowAnyException();
		assertThat(this.server.traceRequests()).isEqualTo(1);
		RecordedRequest recorded = this.server.requests().get(0);
		assertThat(recorded.method()).isEqualTo("POST");
		assertThat(recorded.path()).isEqualTo(FakeLangfuseServer.TRACES_PATH);
		assertThat(recorded.status()).isEqualTo(200);
		assertThat(recorded.headers()).containsEntry("content-encoding", "gzip")
			.containsEntry("x-langfuse-ingestion-version", "4");
		assertThat(recorded.header("X-Langfuse-Sdk-Name")).isEqualTo("fake-test");
	}

	@Test
	void shouldAcceptUncompressedProtobufAndOtlpJson() throws Exception {
		HttpResponse<byte[]> protobuf = postTraces(request(span(TRACE_A, ROOT, null, "plain").build()));
		Map<String, String> headers = traceHeaders();
		headers.put("Content-Type", "application/json");
		String json = """
				{"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"svc"}}]},
				 "scopeSpans":[{"scope":{"name":"test"},"spans":[{"traceId":"%s","spanId":"%s","parentSpanId":"%s",
				 "name":"json-child","startTimeUnixNano":"1700000000000000000","endTimeUnixNano":1700000001000000000,
				 "attributes":[{"key":"count","value":{"intValue":"42"}},{"key":"ok","value":{"boolValue":true}},
				  {"key":"tags","value":{"arrayValue":{"values":[{"stringValue":"x"}]}}}],
				 "status":{"code":2,"message":"failed"}}]}]}]}
				""".formatted(TRACE_A, CHILD, ROOT);

		HttpResponse<byte[]> otlpJson = post(FakeLangfuseServer.TRACES_PATH, json.getBytes(StandardCharsets.UTF_8),
				headers);

		assertThat(protobuf.statusCode()).isEqualTo(200);
		assertThat(otlpJson.statusCode()).isEqualTo(200);
		assertThat(otlpJson.headers().firstValue("Content-Type")).hasValue("application/json");
		ReceivedSpan decoded = this.server.spans().get(1);
		assertThat(decoded.name()).isEqualTo("json-child");
		assertThat(decoded.parentSpanId()).isEqualTo(ROOT);
		assertThat(decoded.attributes()).containsEntry("count", 42L)
			.containsEntry("ok", true)
			.containsEntry("tags", List.of("x"));
		assertThat(decoded.statusCode()).isEqualTo("ERROR");
		assertThat(decoded.startEpochNanos()).isEqualTo(1_700_000_000_000_000_000L);
		assertThat(decoded.resourceAttributes()).containsEntry("service.name", "svc");
		assertThat(this.server.violations()).isEmpty();
	}

	@Test
	void shouldRejectOtlpJsonWithBase64Ids() throws Exception {
		Map<String, String> headers = traceHeaders();
		headers.put("Content-Type", "application/json");
		String json = "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"traceId\":\"S/kvNXezTaajzpKdDg5HNg==\","
				+ "\"spanId\":\"APBnqgupArc=\",\"name\":\"b64\"}]}]}]}";

		HttpResponse<byte[]> response = post(FakeLangfuseServer.TRACES_PATH, json.getBytes(StandardCharsets.UTF_8),
				headers);

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(this.server.spans()).isEmpty();
		assertThat(this.server.violations()).singleElement().asString().contains("traceId", "lowercase hex");
	}

	@Test
	void shouldRefuseWrongKeysWith401() throws Exception {
		Map<String, String> headers = traceHeaders();
		headers.put("Authorization", basic(FakeLangfuseServer.PUBLIC_KEY, "sk-lf-wrong"));

		HttpResponse<byte[]> response = post(FakeLangfuseServer.TRACES_PATH,
				request(span(TRACE_A, ROOT, null, "x").build()).toByteArray(), headers);

		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(this.server.spans()).isEmpty();
		assertThat(this.server.traceRequests()).isEqualTo(1);
		assertThat(this.server.requests()).extracting(RecordedRequest::status).containsExactly(401);
	}

	@Test
	void shouldAcceptTheKeysItWasStartedWith() throws Exception {
		try (FakeLangfuseServer custom = FakeLangfuseServer.start("pk-lf-custom", "sk-lf-custom")) {
			byte[] body = request(span(TRACE_A, ROOT, null, "x").build()).toByteArray();
			Map<String, String> defaults = traceHeaders();
			Map<String, String> customKeys = traceHeaders();
			customKeys.put("Authorization", basic("pk-lf-custom", "sk-lf-custom"));

			HttpResponse<Void> withDefaultKeys = send(custom.baseUrl(), FakeLangfuseServer.TRACES_PATH, body, defaults,
					HttpResponse.BodyHandlers.discarding());
			HttpResponse<Void> withCustomKeys = send(custom.baseUrl(), FakeLangfuseServer.TRACES_PATH, body, customKeys,
					HttpResponse.BodyHandlers.discarding());

			assertThat(withDefaultKeys.statusCode()).isEqualTo(401);
			assertThat(withCustomKeys.statusCode()).isEqualTo(200);
			assertThat(custom.spans()).hasSize(1);
			assertThat(custom.port()).isNotEqualTo(this.server.port());
		}
	}

	@Test
	void shouldRefuseBearerAuthWith401AndRecordAViolation() throws Exception {
		Map<String, String> headers = traceHeaders();
		headers.put("Authorization", "Bearer " + FakeLangfuseServer.SECRET_KEY);

		HttpResponse<byte[]> response = post(FakeLangfuseServer.TRACES_PATH,
				request(span(TRACE_A, ROOT, null, "x").build()).toByteArray(), headers);

		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(this.server.spans()).isEmpty();
		assertThat(this.server.violations()).singleElement().asString().contains("Bearer");
	}

	@ParameterizedTest
	@ValueSource(strings = { "x-langfuse-ingestion-version", "x-langfuse-sdk-name", "x-langfuse-sdk-version" })
	void shouldRejectRequestsWithoutARequiredHeader(String header) throws Exception {
		Map<String, String> headers = traceHeaders();
		headers.keySet().removeIf(header::equalsIgnoreCase);

		HttpResponse<byte[]> response = post(FakeLangfuseServer.TRACES_PATH,
				request(span(TRACE_A, ROOT, null, "x").build()).toByteArray(), headers);

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(this.server.spans()).isEmpty();
		assertThat(this.server.violations()).singleElement().asString().contains(header, "missing");
	}

	@Test
	void shouldRejectAnIngestionVersionOtherThanFour() throws Exception {
		Map<String, String> headers = traceHeaders();
		headers.put("x-langfuse-ingestion-version", "3");

		HttpResponse<byte[]> response = post(FakeLangfuseServer.TRACES_PATH,
				request(span(TRACE_A, ROOT, null, "x").build()).toByteArray(), headers);

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(this.server.violations()).singleElement().asString().contains("'3'", "expected '4'");
	}

	@Test
	void shouldRejectAContentTypeThatIsNeitherProtobufNorJson() throws Exception {
		Map<String, String> headers = traceHeaders();
		headers.put("Content-Type", "text/plain");

		HttpResponse<byte[]> response = post(FakeLangfuseServer.TRACES_PATH,
				request(span(TRACE_A, ROOT, null, "x").build()).toByteArray(), headers);

		assertThat(response.statusCode()).isEqualTo(415);
		assertThat(this.server.violations()).singleElement().asString().contains("Content-Type");
	}

	static Stream<Arguments> invalidIds() {
		ByteString validTrace = hex(TRACE_A);
		ByteString validSpan = hex(OTHER);
		return Stream.of(Arguments.of("zero trace id", ByteString.copyFrom(new byte[16]), validSpan, "trace id"),
				Arguments.of("short trace id", hex("4bf92f3577b34da6"), validSpan, "trace id"),
				Arguments.of("empty trace id", ByteString.EMPTY, validSpan, "trace id"),
				Arguments.of("zero span id", validTrace, ByteString.copyFrom(new byte[8]), "span id"),
				Arguments.of("short span id", validTrace, hex("53995c3f"), "span id"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("invalidIds")
	void shouldRejectTheWholeRequestWhenOneSpanHasAnInvalidId(String description, ByteString traceId, ByteString spanId,
			String rule) throws Exception {
		Span valid = span(TRACE_A, ROOT, null, "valid").build();
		Span invalid = span(TRACE_A, ROOT, null, "invalid").setTraceId(traceId).setSpanId(spanId).build();

		HttpResponse<byte[]> response = postTraces(request(valid, invalid));

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(this.server.spans()).isEmpty();
		assertThat(this.server.violations()).singleElement()
			.asString()
			.contains("whole request rejected", "'invalid'", rule);
	}

	@Test
	void shouldRecordBadUsageDetailsButStillAcceptTheSpan() throws Exception {
		Span generation = span(TRACE_A, ROOT, null, "answer")
			.addAttributes(string("langfuse.observation.type", "generation"))
			.addAttributes(string("langfuse.observation.usage_details", "{\"input\":-1,\"output\":2.5,\"total\":9}"))
			.build();

		HttpResponse<byte[]> response = postTraces(request(generation));

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(this.server.spans()).hasSize(1);
		assertThat(this.server.violations()).hasSize(2)
			.allSatisfy((violation) -> assertThat(violation).contains(ROOT, "'answer'",
					"langfuse.observation.usage_details", "non-negative integer"))
			.anySatisfy((violation) -> assertThat(violation).contains("'input'", "-1"))
			.anySatisfy((violation) -> assertThat(violation).contains("'output'", "2.5"));
	}

	static Stream<Arguments> spanRuleViolations() {
		return Stream.of(Arguments.of(string("langfuse.observation.type", "llm"), "not one of"),
				Arguments.of(string("langfuse.observation.level", "INFO"), "not one of DEBUG"),
				Arguments.of(string("langfuse.observation.input", "hello, not JSON"), "valid JSON"),
				Arguments.of(integer("langfuse.observation.output", 5), "string attribute holding JSON"),
				Arguments.of(string("langfuse.trace.output", "{broken"), "valid JSON"),
				Arguments.of(string("langfuse.observation.metadata", "[1,2]"), "JSON object"),
				Arguments.of(string("langfuse.trace.metadata", "\"plain\""), "JSON object"),
				Arguments.of(string("langfuse.observation.model.parameters", "{\"tools\":[{\"name\":\"x\"}]}"),
						"parameter 'tools'"),
				Arguments.of(string("langfuse.observation.model.parameters", "{\"retry\":null}"), "parameter 'retry'"),
				Arguments.of(string("langfuse.observation.cost_details", "{\"total\":\"0.1\"}"), "must be a number"),
				Arguments.of(string("langfuse.observation.usage_details", "[3]"), "JSON object"),
				Arguments.of(string("langfuse.observation.completion_start_time", "2026-01-01T00:00:00"),
						"zone or offset"),
				Arguments.of(string("langfuse.observation.prompt.name", "p"), "send both or neither"),
				Arguments.of(strings("langfuse.trace.tags", "a").toBuilder()
					.setValue(AnyValue.newBuilder().setStringValue("[\"a\"]"))
					.build(), "string array"),
				Arguments.of(string("langfuse.trace.public", "true"), "boolean"),
				Arguments.of(string("langfuse.environment", "Production"), "lowercase"),
				Arguments.of(string("langfuse.environment", "langfuse-prod"), "'langfuse'"),
				Arguments.of(string("langfuse.environment", "e".repeat(41)), "{1,40}"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("spanRuleViolations")
	void shouldRecordEachPerSpanRuleViolationAndStillAnswer200(KeyValue attribute, String rule) throws Exception {
		Span.Builder span = span(TRACE_A, ROOT, null, "checked");
		if (!attribute.getKey().equals("langfuse.observation.type")) {
			span.addAttributes(string("langfuse.observation.type", "generation"));
		}

		HttpResponse<byte[]> response = postTraces(request(span.addAttributes(attribute).build()));

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(this.server.spans()).hasSize(1);
		assertThat(this.server.violations()).singleElement()
			.asString()
			.contains("span " + ROOT + " 'checked'", attribute.getKey(), rule);
	}

	@Test
	void shouldRecordAPromptVersionThatIsNotAnIntegerAndAPromptOnANonGeneration() throws Exception {
		Span generation = span(TRACE_A, ROOT, null, "gen")
			.addAttributes(string("langfuse.observation.type", "generation"))
			.addAttributes(string("langfuse.observation.prompt.name", "p"))
			.addAttributes(string("langfuse.observation.prompt.version", "three"))
			.build();
		Span tool = span(TRACE_A, CHILD, ROOT, "tool").addAttributes(string("langfuse.observation.type", "tool"))
			.addAttributes(string("langfuse.observation.prompt.name", "p"))
			.addAttributes(integer("langfuse.observation.prompt.version", 2))
			.build();

		postTraces(request(generation, tool));

		assertThat(this.server.violations()).hasSize(2)
			.anySatisfy((violation) -> assertThat(violation).contains("'gen'", "must be an integer", "three"))
			.anySatisfy((violation) -> assertThat(violation).contains("'tool'", "generations only"));
	}

	@Test
	void shouldRecordAnInvalidEnvironmentOnTheResource() throws Exception {
		postTraces(request(List.of(string("langfuse.environment", "PROD")), span(TRACE_A, ROOT, null, "x").build()));

		assertThat(this.server.spans()).hasSize(1);
		assertThat(this.server.violations()).singleElement()
			.asString()
			.contains("resource attribute langfuse.environment", "PROD");
	}

	@Test
	void shouldRecordASpanReceivedTwice() throws Exception {
		Span span = span(TRACE_A, ROOT, null, "again").build();

		postTraces(request(span));
		postTraces(request(span));

		assertThat(this.server.spans()).hasSize(2);
		assertThat(this.server.violations()).singleElement().asString().contains(ROOT, "more than once");
		assertThat(this.server.parentLinkViolations()).isEmpty();
	}

	@Test
	void shouldDetectBrokenParentLinksAcrossRequests() throws Exception {
		postTraces(request(span(TRACE_A, ROOT, null, "a-root").build(), span(TRACE_B, CHILD, OTHER, "b-orphan").build(),
				span(TRACE_C, ROOT, null, "c-root-1").build(), span(TRACE_C, OTHER, null, "c-root-2").build()));
		postTraces(request(span(TRACE_A, CHILD, ROOT, "a-child-in-a-later-batch").build()));

		List<String> violations = this.server.parentLinkViolations();

		assertThat(violations).hasSize(3)
			.noneMatch((violation) -> violation.contains(TRACE_A))
			.anySatisfy((violation) -> assertThat(violation).contains(TRACE_B, "'b-orphan'", OTHER, "not received"))
			.anySatisfy((violation) -> assertThat(violation).contains(TRACE_B, "0 root spans"))
			.anySatisfy((violation) -> assertThat(violation).contains(TRACE_C, "2 root spans", "c-root-1", "c-root-2"));
		assertThat(this.server.violations()).isEmpty();
		assertThatThrownBy(this.server::assertContractRespected).isInstanceOf(AssertionError.class)
			.hasMessageContaining("parent link violations (3)")
			.hasMessageContaining("b-orphan");
	}

	@Test
	void shouldAcceptRootsJoinedToAnUnsentApplicationSpanButNotMixedWithOwnRoots() throws Exception {
		postTraces(request(
				span(TRACE_A, ROOT, OTHER, "a-app-root-1").addAttributes(bool("langfuse.internal.is_app_root", true))
					.build(),
				span(TRACE_A, CHILD, OTHER, "a-app-root-2").addAttributes(bool("langfuse.internal.is_app_root", true))
					.build(),
				span(TRACE_B, ROOT, null, "b-root").build(),
				span(TRACE_B, CHILD, OTHER, "b-app-root").addAttributes(bool("langfuse.internal.is_app_root", true))
					.build(),
				span(TRACE_C, ROOT, OTHER, "c-unmarked").build()));

		List<String> violations = this.server.parentLinkViolations();

		assertThat(violations).hasSize(3)
			.noneMatch((violation) -> violation.contains(TRACE_A))
			.anySatisfy((violation) -> assertThat(violation).contains(TRACE_B, "mixes", "b-root", "b-app-root"))
			.anySatisfy((violation) -> assertThat(violation).contains(TRACE_C, "c-unmarked", "not received"))
			.anySatisfy((violation) -> assertThat(violation).contains(TRACE_C, "0 root spans"));
	}

	@Test
	void shouldDetectTraceAttributesThatDifferBetweenSpansOfATrace() throws Exception {
		postTraces(request(
				span(TRACE_A, ROOT, null, "a-root").addAttributes(string("user.id", "u1"))
					.addAttributes(string("session.id", "s1"))
					.addAttributes(string("langfuse.trace.metadata.plan", "pro"))
					.build(),
				span(TRACE_A, CHILD, ROOT, "a-child").addAttributes(string("user.id", "u1"))
					.addAttributes(string("session.id", "s2"))
					.build(),
				span(TRACE_B, ROOT, null, "b-root").addAttributes(string("langfuse.environment", "prod"))
					.addAttributes(strings("langfuse.trace.tags", "x", "y"))
					.build()));
		postTraces(request(List.of(string("langfuse.environment", "prod")),
				span(TRACE_B, CHILD, ROOT, "b-child").addAttributes(strings("langfuse.trace.tags", "x", "y")).build()));

		List<String> violations = this.server.traceAttributeViolations();

		assertThat(violations).hasSize(2)
			.noneMatch((violation) -> violation.contains(TRACE_B) || violation.contains("user.id"))
			.anySatisfy((violation) -> assertThat(violation).contains(TRACE_A, "session.id", "\"s1\"", "\"s2\"",
					"'a-child'"))
			.anySatisfy((violation) -> assertThat(violation).contains(TRACE_A, "langfuse.trace.metadata.plan",
					"absent on [span " + CHILD + " 'a-child']"));
		assertThat(this.server.violations()).isEmpty();
		assertThatThrownBy(this.server::assertContractRespected).hasMessageContaining("trace attribute violations (2)");
	}

	@Test
	void shouldStoreAValidScoreAndAnswer207With201() throws Exception {
		ObjectNode event = scoreEvent("evt-1", (body) -> body.put("observationId", CHILD).put("comment", "good"));

		HttpResponse<String> response = postIngestion(batch(event));

		assertThat(response.statusCode()).isEqualTo(207);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
		JsonNode answer = JSON.readTree(response.body());
		assertThat(answer.path("successes")).hasSize(1);
		assertThat(answer.path("successes").get(0).path("id").asString()).isEqualTo("evt-1");
		assertThat(answer.path("successes").get(0).path("status").asInt()).isEqualTo(201);
		assertThat(answer.path("errors")).isEmpty();
		ReceivedScore score = this.server.awaitScores(1, WAIT).get(0);
		assertThat(score.eventId()).isEqualTo("evt-1");
		assertThat(score.scoreId()).isEqualTo("score-evt-1");
		assertThat(score.name()).isEqualTo("relevance");
		assertThat(score.traceId()).isEqualTo(TRACE_A);
		assertThat(score.observationId()).isEqualTo(CHILD);
		assertThat(score.sessionId()).isNull();
		assertThat(score.dataType()).isEqualTo("NUMERIC");
		assertThat(score.value()).isEqualTo(0.9);
		assertThat(score.comment()).isEqualTo("good");
		assertThat(this.server.ingestionRequests()).isEqualTo(1);
		assertThat(this.server.violations()).isEmpty();
	}

	@Test
	void shouldAcknowledgeButNotStoreAScoreWithoutBodyId() throws Exception {
		ObjectNode event = scoreEvent("evt-no-id", (body) -> body.remove("id"));

		HttpResponse<String> response = postIngestion(batch(event));

		assertThat(response.statusCode()).isEqualTo(207);
		JsonNode answer = JSON.readTree(response.body());
		assertThat(answer.path("successes").get(0).path("status").asInt()).isEqualTo(201);
		assertThat(answer.path("errors")).isEmpty();
		assertThat(this.server.scores()).isEmpty();
		assertThat(this.server.violations()).singleElement().asString().contains("evt-no-id", "body.id");
	}

	@Test
	void shouldRejectEveryEventTypeButScoreCreateLikeAV4Server() throws Exception {
		ObjectNode trace = JSON.createObjectNode()
			.put("id", "evt-trace")
			.put("timestamp", "2026-01-01T00:00:00.000Z")
			.put("type", "trace-create");
		trace.putObject("body").put("id", TRACE_A).put("name", "legacy");

		HttpResponse<String> response = postIngestion(batch(trace, scoreEvent("evt-score", (body) -> {
		})));

		assertThat(response.statusCode()).isEqualTo(207);
		JsonNode answer = JSON.readTree(response.body());
		assertThat(answer.path("successes")).hasSize(1);
		assertThat(answer.path("successes").get(0).path("id").asString()).isEqualTo("evt-score");
		JsonNode error = answer.path("errors").get(0);
		assertThat(error.path("id").asString()).isEqualTo("evt-trace");
		assertThat(error.path("status").asInt()).isEqualTo(400);
		assertThat(error.path("message").asString()).isEqualTo("Event type not accepted");
		assertThat(error.path("error").asString()).contains("trace-create");
		assertThat(this.server.scores()).extracting(ReceivedScore::eventId).containsExactly("evt-score");
		assertThat(this.server.violations()).singleElement().asString().contains("evt-trace", "trace-create");
	}

	@Test
	void shouldRejectACategoricalScoreWithANumericValue() throws Exception {
		ObjectNode event = scoreEvent("evt-cat", (body) -> body.put("dataType", "CATEGORICAL").put("value", 1));

		HttpResponse<String> response = postIngestion(batch(event));

		JsonNode error = JSON.readTree(response.body()).path("errors").get(0);
		assertThat(response.statusCode()).isEqualTo(207);
		assertThat(error.path("status").asInt()).isEqualTo(400);
		assertThat(error.path("message").asString()).isEqualTo("Invalid request data");
		assertThat(error.path("error").asString()).contains("CATEGORICAL", "string");
		assertThat(this.server.scores()).isEmpty();
		assertThat(this.server.violations()).singleElement().asString().contains("evt-cat", "CATEGORICAL");
	}

	static Stream<Arguments> invalidScores() {
		return Stream.of(
				Arguments.of("BOOLEAN 2",
						(Consumer<ObjectNode>) (e) -> body(e).put("dataType", "BOOLEAN").put("value", 2), "0 or 1"),
				Arguments.of("NUMERIC as string", (Consumer<ObjectNode>) (e) -> body(e).put("value", "0.9"),
						"must be a number"),
				Arguments.of("TEXT too long",
						(Consumer<ObjectNode>) (e) -> body(e).put("dataType", "TEXT").put("value", "x".repeat(501)),
						"1-500"),
				Arguments.of("TEXT empty",
						(Consumer<ObjectNode>) (e) -> body(e).put("dataType", "TEXT").put("value", ""), "1-500"),
				Arguments.of("boolean JSON value", (Consumer<ObjectNode>) (e) -> body(e).put("value", true),
						"/body/value"),
				Arguments.of("unknown dataType", (Consumer<ObjectNode>) (e) -> body(e).put("dataType", "PERCENT"),
						"/body/dataType"),
				Arguments.of("missing name", (Consumer<ObjectNode>) (e) -> body(e).remove("name"), "'name'"),
				Arguments.of("empty name", (Consumer<ObjectNode>) (e) -> body(e).put("name", ""), "body.name"),
				Arguments.of("trace and session", (Consumer<ObjectNode>) (e) -> body(e).put("sessionId", "s"),
						"exactly one of"),
				Arguments.of("no target", (Consumer<ObjectNode>) (e) -> body(e).remove("traceId"), "exactly one of"),
				Arguments.of("observation without trace",
						(Consumer<ObjectNode>) (
								e) -> body(e).put("observationId", CHILD).put("sessionId", "s").remove("traceId"),
						"observationId"),
				Arguments.of("invalid environment", (Consumer<ObjectNode>) (e) -> body(e).put("environment", "Prod"),
						"body.environment"),
				Arguments.of("zoneless timestamp",
						(Consumer<ObjectNode>) (e) -> e.put("timestamp", "2026-01-01T00:00:00.000"), "timestamp"),
				Arguments.of("timestamp without seconds",
						(Consumer<ObjectNode>) (e) -> e.put("timestamp", "2026-01-01T00:00Z"), "timestamp"),
				Arguments.of("missing timestamp", (Consumer<ObjectNode>) (e) -> e.remove("timestamp"), "'timestamp'"),
				Arguments.of("envelope id too long", (Consumer<ObjectNode>) (e) -> e.put("id", "e".repeat(801)),
						"1-800"),
				Arguments.of("envelope id not a string", (Consumer<ObjectNode>) (e) -> e.put("id", 7), "/id"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("invalidScores")
	void shouldRejectInvalidScoreEventsOneByOne(String description, Consumer<ObjectNode> breakIt, String rule)
			throws Exception {
		ObjectNode event = scoreEvent("evt-bad", (body) -> {
		});
		breakIt.accept(event);

		HttpResponse<String> response = postIngestion(batch(event, scoreEvent("evt-good", (body) -> {
		})));

		assertThat(response.statusCode()).isEqualTo(207);
		JsonNode answer = JSON.readTree(response.body());
		assertThat(answer.path("successes")).hasSize(1);
		JsonNode error = answer.path("errors").get(0);
		assertThat(error.path("status").asInt()).isEqualTo(400);
		assertThat(error.path("error").asString()).contains(rule);
		assertThat(this.server.scores()).extracting(ReceivedScore::eventId).containsExactly("evt-good");
		assertThat(this.server.violations()).singleElement().asString().contains(rule);
	}

	@Test
	void shouldRefuseIngestionWithBadAuthGzipOrNoBatch() throws Exception {
		String body = batch(scoreEvent("evt-1", (b) -> {
		}));
		Map<String, String> wrongKey = ingestionHeaders();
		wrongKey.put("Authorization", basic("pk-lf-other", FakeLangfuseServer.SECRET_KEY));
		Map<String, String> gzipped = ingestionHeaders();
		gzipped.put("Content-Encoding", "gzip");

		assertThat(
				post(FakeLangfuseServer.INGESTION_PATH, body.getBytes(StandardCharsets.UTF_8), wrongKey).statusCode())
			.isEqualTo(401);
		assertThat(post(FakeLangfuseServer.INGESTION_PATH, gzip(body.getBytes(StandardCharsets.UTF_8)), gzipped)
			.statusCode()).isEqualTo(400);
		assertThat(postIngestion("{\"events\":[]}").statusCode()).isEqualTo(400);
		assertThat(this.server.scores()).isEmpty();
		assertThat(this.server.ingestionRequests()).isEqualTo(3);
		assertThat(this.server.violations()).hasSize(2)
			.anySatisfy((violation) -> assertThat(violation).contains("Content-Encoding"))
			.anySatisfy((violation) -> assertThat(violation).contains("\"batch\""));
	}

	@Test
	void shouldAnswer413ToAnIngestionBodyOver45Megabytes() throws Exception {
		ObjectNode event = scoreEvent("evt-big",
				(body) -> body.put("comment", "x".repeat(FakeLangfuseServer.MAX_INGESTION_BODY_BYTES)));

		HttpResponse<String> response = postIngestion(batch(event));

		assertThat(response.statusCode()).isEqualTo(413);
		assertThat(this.server.scores()).isEmpty();
		assertThat(this.server.violations()).singleElement().asString().contains("4.5 MB");
	}

	@Test
	void shouldAnswerEnqueuedStatusesInOrderThenResumeNormalBehaviour() throws Exception {
		this.server.enqueueTraceResponses(FakeResponse.status(503), FakeResponse.status(500, "oops"));
		ExportTraceServiceRequest request = request(span(TRACE_A, ROOT, null, "x").build());

		HttpResponse<byte[]> first = postTraces(request);
		HttpResponse<byte[]> second = postTraces(request);
		HttpResponse<byte[]> third = postTraces(request);

		assertThat(first.statusCode()).isEqualTo(503);
		assertThat(second.statusCode()).isEqualTo(500);
		assertThat(new String(second.body(), StandardCharsets.UTF_8)).isEqualTo("oops");
		assertThat(third.statusCode()).isEqualTo(200);
		assertThat(this.server.spans()).hasSize(1);
		assertThat(this.server.traceRequests()).isEqualTo(3);
		assertThat(this.server.requests()).extracting(RecordedRequest::status).containsExactly(503, 500, 200);
	}

	@Test
	void shouldSendRetryAfterWithAnEnqueuedRateLimit() throws Exception {
		this.server.enqueueTraceResponses(FakeResponse.retryAfter(429, "7"));

		HttpResponse<byte[]> limited = postTraces(request(span(TRACE_A, ROOT, null, "x").build()));

		assertThat(limited.statusCode()).isEqualTo(429);
		assertThat(limited.headers().firstValue("Retry-After")).hasValue("7");
		assertThat(this.server.spans()).isEmpty();
		assertThat(postTraces(request(span(TRACE_A, ROOT, null, "x").build())).statusCode()).isEqualTo(200);
	}

	@Test
	void shouldDropTheConnectionWithoutAnswerOnAnEnqueuedReset() throws Exception {
		this.server.enqueueTraceResponses(FakeResponse.connectionReset());
		ExportTraceServiceRequest request = request(span(TRACE_A, ROOT, null, "x").build());

		assertThatThrownBy(() -> postTraces(request)).isInstanceOf(IOException.class);

		assertThat(this.server.traceRequests()).isEqualTo(1);
		assertThat(this.server.requests()).extracting(RecordedRequest::status)
			.containsExactly(RecordedRequest.NO_ANSWER);
		assertThat(this.server.spans()).isEmpty();
		assertThat(this.server.violations()).isEmpty();
		assertThat(postTraces(request).statusCode()).isEqualTo(200);
		assertThat(this.server.spans()).hasSize(1);
	}

	@Test
	void shouldSendNotASingleByteBeforeClosingOnAnEnqueuedReset() throws Exception {
		this.server.enqueueIngestionResponses(FakeResponse.connectionReset());
		byte[] body = "{\"batch\":[]}".getBytes(StandardCharsets.UTF_8);
		try (Socket socket = new Socket("127.0.0.1", this.server.port())) {
			socket.setSoTimeout(5000);
			String head = "POST " + FakeLangfuseServer.INGESTION_PATH + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
					+ "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n";
			socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
			socket.getOutputStream().write(body);
			socket.getOutputStream().flush();

			assertThat(readUntilClosed(socket)).isEmpty();
		}
		assertThat(this.server.ingestionRequests()).isEqualTo(1);
	}

	@Test
	void shouldAnswerAGarbageBodyOnAnEnqueuedMalformedResponse() throws Exception {
		this.server.enqueueTraceResponses(FakeResponse.malformedBody(200));
		this.server.enqueueIngestionResponses(FakeResponse.malformedBody(207));

		HttpResponse<byte[]> traces = postTraces(request(span(TRACE_A, ROOT, null, "x").build()));
		HttpResponse<String> ingestion = postIngestion(batch(scoreEvent("evt-1", (body) -> {
		})));

		assertThat(traces.statusCode()).isEqualTo(200);
		assertThat(traces.body()).isNotEmpty();
		assertThatThrownBy(() -> ExportTraceServiceResponse.parseFrom(traces.body()))
			.isInstanceOf(InvalidProtocolBufferException.class);
		assertThat(ingestion.statusCode()).isEqualTo(207);
		assertThatThrownBy(() -> JSON.readTree(ingestion.body())).isInstanceOf(JacksonException.class);
		assertThat(this.server.spans()).hasSize(1);
		assertThat(this.server.scores()).hasSize(1);
	}

	@Test
	void shouldAnswerAnEnqueuedIngestionStatusWithoutStoring() throws Exception {
		this.server.enqueueIngestionResponses(FakeResponse.status(500));

		HttpResponse<String> response = postIngestion(batch(scoreEvent("evt-1", (body) -> {
		})));

		assertThat(response.statusCode()).isEqualTo(500);
		assertThat(this.server.scores()).isEmpty();
		assertThat(this.server.ingestionRequests()).isEqualTo(1);
	}

	@Test
	void shouldDelayOneAnswerWithoutBlockingOtherRequests() throws Exception {
		this.server.enqueueTraceResponses(FakeResponse.delay(Duration.ofSeconds(2)));
		long start = System.nanoTime();
		CompletableFuture<HttpResponse<byte[]>> delayed = this.http.sendAsync(
				traceRequest(request(span(TRACE_A, ROOT, null, "slow").build()).toByteArray(), traceHeaders()),
				HttpResponse.BodyHandlers.ofByteArray());
		awaitCount(this.server::traceRequests, 1);

		HttpResponse<String> health = get(FakeLangfuseServer.HEALTH_PATH);

		assertThat(health.statusCode()).isEqualTo(200);
		assertThat(delayed).isNotDone();
		assertThat(delayed.get().statusCode()).isEqualTo(200);
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
		assertThat(this.server.spans()).extracting(ReceivedSpan::name).containsExactly("slow");
	}

	@Test
	void shouldDelayEveryAnswerUntilTheDelayIsCleared() throws Exception {
		this.server.setResponseDelay(Duration.ofMillis(1500));
		long start = System.nanoTime();
		assertThat(get(FakeLangfuseServer.HEALTH_PATH).statusCode()).isEqualTo(200);
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(1500));

		this.server.setResponseDelay(LONGER_THAN_WAIT);
		CompletableFuture<HttpResponse<String>> delayed = this.http.sendAsync(
				HttpRequest.newBuilder(URI.create(this.server.baseUrl() + FakeLangfuseServer.HEALTH_PATH)).build(),
				HttpResponse.BodyHandlers.ofString());
		awaitCount(this.server::healthRequests, 2);
		this.server.setResponseDelay(Duration.ZERO);
		assertThat(get(FakeLangfuseServer.HEALTH_PATH).statusCode()).as("answered within the request timeout")
			.isEqualTo(200);
		assertThat(delayed).as("the request that came under the long delay").isNotDone();
		delayed.cancel(true);
	}

	@Test
	void shouldRefuseConnectionsWhileStoppedAndListenOnTheSamePortAfterRestart() throws Exception {
		int port = this.server.port();
		String baseUrl = this.server.baseUrl();
		assertThat(get(FakeLangfuseServer.HEALTH_PATH).statusCode()).isEqualTo(200);
		postTraces(request(span(TRACE_A, ROOT, null, "before-stop").build()));

		this.server.stop();

		assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(ConnectException.class);
		HttpClient fresh = HttpClient.newHttpClient();
		assertThatThrownBy(
				() -> fresh.send(HttpRequest.newBuilder(URI.create(baseUrl + FakeLangfuseServer.HEALTH_PATH)).build(),
						HttpResponse.BodyHandlers.ofString()))
			.isInstanceOf(ConnectException.class);

		this.server.restart();

		assertThat(this.server.port()).isEqualTo(port);
		assertThat(this.server.baseUrl()).isEqualTo(baseUrl);
		assertThat(get(FakeLangfuseServer.HEALTH_PATH).statusCode()).isEqualTo(200);
		assertThat(postTraces(request(span(TRACE_A, CHILD, ROOT, "after-restart").build())).statusCode())
			.isEqualTo(200);
		assertThat(this.server.spans()).extracting(ReceivedSpan::name).containsExactly("before-stop", "after-restart");
		assertThat(this.server.healthRequests()).isEqualTo(2);
	}

	@Test
	void shouldAnswerHealthWithoutAuthAndAsConfigured() throws Exception {
		HttpResponse<String> healthy = get(FakeLangfuseServer.HEALTH_PATH);
		this.server.setHealthResponse(503, "<html>maintenance</html>");
		HttpResponse<String> down = get(FakeLangfuseServer.HEALTH_PATH);
		this.server.reset();
		HttpResponse<String> afterReset = get(FakeLangfuseServer.HEALTH_PATH);

		assertThat(healthy.statusCode()).isEqualTo(200);
		assertThat(healthy.headers().firstValue("Content-Type")).hasValue("application/json");
		assertThat(JSON.readTree(healthy.body()))
			.isEqualTo(JSON.readTree("{\"status\":\"OK\",\"version\":\"4.16.0\"}"));
		assertThat(down.statusCode()).isEqualTo(503);
		assertThat(down.body()).isEqualTo("<html>maintenance</html>");
		assertThat(down.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("text/plain"));
		assertThat(afterReset.body()).isEqualTo(FakeLangfuseServer.DEFAULT_HEALTH_BODY);
		assertThat(this.server.healthRequests()).isEqualTo(1);
		assertThat(this.server.requests()).singleElement()
			.satisfies((request) -> assertThat(request.headers()).doesNotContainKey("authorization"));
	}

	@Test
	void shouldClearEverythingOnReset() throws Exception {
		postTraces(request(span(TRACE_A, CHILD, OTHER, "orphan").build()));
		postIngestion(batch(scoreEvent("evt-1", (body) -> body.remove("id"))));
		this.server.enqueueTraceResponses(FakeResponse.status(500));
		this.server.setResponseDelay(LONGER_THAN_WAIT);

		this.server.reset();

		assertThat(this.server.spans()).isEmpty();
		assertThat(this.server.scores()).isEmpty();
		assertThat(this.server.violations()).isEmpty();
		assertThat(this.server.parentLinkViolations()).isEmpty();
		assertThat(this.server.requests()).isEmpty();
		assertThat(this.server.traceRequests()).isZero();
		assertThat(this.server.ingestionRequests()).isZero();
		assertThat(postTraces(request(span(TRACE_A, ROOT, null, "x").build())).statusCode())
			.as("answered within the request timeout, which the delay before the reset exceeds")
			.isEqualTo(200);
	}

	@Test
	void shouldWaitForSpansAndFailWithAUsefulMessageOnTimeout() throws Exception {
		Map<String, String> wrongKey = traceHeaders();
		wrongKey.put("Authorization", basic(FakeLangfuseServer.PUBLIC_KEY, "sk-lf-wrong"));
		post(FakeLangfuseServer.TRACES_PATH, request(span(TRACE_A, ROOT, null, "x").build()).toByteArray(), wrongKey);

		assertThatThrownBy(() -> this.server.awaitSpans(1, Duration.ofMillis(200))).isInstanceOf(AssertionError.class)
			.hasMessageContaining("at least 1 spans")
			.hasMessageContaining("has 0")
			.hasMessageContaining(FakeLangfuseServer.TRACES_PATH + " -> 401");
		assertThatThrownBy(() -> this.server.awaitScores(1, Duration.ofMillis(50))).isInstanceOf(AssertionError.class)
			.hasMessageContaining("scores");

		ExecutorService later = Executors.newSingleThreadExecutor();
		try {
			later.submit(() -> {
				Thread.sleep(300);
				return postTraces(request(span(TRACE_A, ROOT, null, "late").build()));
			});
			assertThat(this.server.awaitSpans(1, WAIT)).extracting(ReceivedSpan::name).containsExactly("late");
		}
		finally {
			later.shutdownNow();
		}
	}

	@Test
	void shouldRecordEverySpanWhenManyClientsPostConcurrently() throws Exception {
		ExecutorService clients = Executors.newFixedThreadPool(8);
		try {
			List<Future<Integer>> statuses = new ArrayList<>();
			for (int i = 0; i < 40; i++) {
				String traceId = String.format("%032x", i + 1);
				statuses.add(clients.submit(() -> postTraces(
						request(span(traceId, ROOT, null, "root").build(), span(traceId, CHILD, ROOT, "child").build()))
					.statusCode()));
			}
			for (Future<Integer> status : statuses) {
				assertThat(status.get()).isEqualTo(200);
			}
		}
		finally {
			clients.shutdownNow();
		}
		assertThat(this.server.spans()).hasSize(80);
		assertThat(this.server.traces()).hasSize(40).allSatisfy((traceId, spans) -> assertThat(spans).hasSize(2));
		assertThatCode(this.server::assertContractRespected).doesNotThrowAnyException();
	}

	private HttpResponse<byte[]> postTraces(ExportTraceServiceRequest request)
			throws IOException, InterruptedException {
		return post(FakeLangfuseServer.TRACES_PATH, request.toByteArray(), traceHeaders());
	}

	private HttpResponse<String> postIngestion(String json) throws IOException, InterruptedException {
		return send(this.server.baseUrl(), FakeLangfuseServer.INGESTION_PATH, json.getBytes(StandardCharsets.UTF_8),
				ingestionHeaders(), HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<byte[]> post(String path, byte[] body, Map<String, String> headers)
			throws IOException, InterruptedException {
		return send(this.server.baseUrl(), path, body, headers, HttpResponse.BodyHandlers.ofByteArray());
	}

	private <T> HttpResponse<T> send(String baseUrl, String path, byte[] body, Map<String, String> headers,
			HttpResponse.BodyHandler<T> bodyHandler) throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
			.timeout(WAIT)
			.POST(HttpRequest.BodyPublishers.ofByteArray(body));
		headers.forEach(request::header);
		return this.http.send(request.build(), bodyHandler);
	}

	private HttpRequest traceRequest(byte[] body, Map<String, String> headers) {
		HttpRequest.Builder request = HttpRequest
			.newBuilder(URI.create(this.server.baseUrl() + FakeLangfuseServer.TRACES_PATH))
			.timeout(WAIT)
			.POST(HttpRequest.BodyPublishers.ofByteArray(body));
		headers.forEach(request::header);
		return request.build();
	}

	private HttpResponse<String> get(String path) throws IOException, InterruptedException {
		return this.http.send(HttpRequest.newBuilder(URI.create(this.server.baseUrl() + path)).timeout(WAIT).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	private static void awaitCount(IntSupplier count, int expected) {
		await().atMost(WAIT).until(() -> count.getAsInt() >= expected);
	}

	private static byte[] readUntilClosed(Socket socket) {
		ByteArrayOutputStream received = new ByteArrayOutputStream();
		try {
			socket.getInputStream().transferTo(received);
		}
		catch (SocketException ex) {
			// A reset instead of an orderly close is as good.
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return received.toByteArray();
	}

	private static Map<String, String> traceHeaders() {
		Map<String, String> headers = new LinkedHashMap<>();
		headers.put("Authorization", basic(FakeLangfuseServer.PUBLIC_KEY, FakeLangfuseServer.SECRET_KEY));
		headers.put("Content-Type", "application/x-protobuf");
		headers.put("x-langfuse-ingestion-version", "4");
		headers.put("x-langfuse-sdk-name", "fake-test");
		headers.put("x-langfuse-sdk-version", "0.0.1");
		return headers;
	}

	private static Map<String, String> ingestionHeaders() {
		Map<String, String> headers = new LinkedHashMap<>();
		headers.put("Authorization", basic(FakeLangfuseServer.PUBLIC_KEY, FakeLangfuseServer.SECRET_KEY));
		headers.put("Content-Type", "application/json");
		return headers;
	}

	private static String basic(String publicKey, String secretKey) {
		return "Basic "
				+ Base64.getEncoder().encodeToString((publicKey + ":" + secretKey).getBytes(StandardCharsets.UTF_8));
	}

	private static ObjectNode scoreEvent(String eventId, Consumer<ObjectNode> bodyCustomizer) {
		ObjectNode event = JSON.createObjectNode()
			.put("id", eventId)
			.put("timestamp", "2026-01-01T00:00:00.123Z")
			.put("type", "score-create");
		ObjectNode body = event.putObject("body")
			.put("id", "score-" + eventId)
			.put("traceId", TRACE_A)
			.put("name", "relevance")
			.put("value", 0.9)
			.put("dataType", "NUMERIC");
		bodyCustomizer.accept(body);
		return event;
	}

	private static ObjectNode body(ObjectNode event) {
		return (ObjectNode) event.path("body");
	}

	private static String batch(ObjectNode... events) {
		ObjectNode batch = JSON.createObjectNode();
		for (ObjectNode event : events) {
			batch.withArray("batch").add(event);
		}
		return batch.toString();
	}

	private static ExportTraceServiceRequest request(Span... spans) {
		return request(List.of(string("service.name", "fake-test")), spans);
	}

	private static ExportTraceServiceRequest request(List<KeyValue> resourceAttributes, Span... spans) {
		return ExportTraceServiceRequest.newBuilder()
			.addResourceSpans(ResourceSpans.newBuilder()
				.setResource(Resource.newBuilder().addAllAttributes(resourceAttributes))
				.addScopeSpans(ScopeSpans.newBuilder().addAllSpans(List.of(spans))))
			.build();
	}

	private static Span.Builder span(String traceId, String spanId, String parentSpanId, String name) {
		Span.Builder span = Span.newBuilder()
			.setTraceId(hex(traceId))
			.setSpanId(hex(spanId))
			.setName(name)
			.setKind(Span.SpanKind.SPAN_KIND_INTERNAL)
			.setStartTimeUnixNano(1_700_000_000_000_000_000L)
			.setEndTimeUnixNano(1_700_000_001_000_000_000L);
		if (parentSpanId != null) {
			span.setParentSpanId(hex(parentSpanId));
		}
		return span;
	}

	private static ByteString hex(String hex) {
		return ByteString.copyFrom(HexFormat.of().parseHex(hex));
	}

	private static KeyValue string(String key, String value) {
		return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
	}

	private static KeyValue strings(String key, String... values) {
		ArrayValue.Builder array = ArrayValue.newBuilder();
		for (String value : values) {
			array.addValues(AnyValue.newBuilder().setStringValue(value));
		}
		return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setArrayValue(array)).build();
	}

	private static KeyValue bool(String key, boolean value) {
		return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setBoolValue(value)).build();
	}

	private static KeyValue integer(String key, long value) {
		return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setIntValue(value)).build();
	}

	private static KeyValue dbl(String key, double value) {
		return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setDoubleValue(value)).build();
	}

	private static byte[] gzip(byte[] bytes) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
			gzip.write(bytes);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return out.toByteArray();
	}

}
