package io.github.lfwire.langfuse.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class FakeLangfuseServerPromptsTest {

	private static final String AUTH = "Basic " + Base64.getEncoder()
		.encodeToString(
				(FakeLangfuseServer.PUBLIC_KEY + ":" + FakeLangfuseServer.SECRET_KEY).getBytes(StandardCharsets.UTF_8));

	private final FakeLangfuseServer server = FakeLangfuseServer.start();

	private final HttpClient http = HttpClient.newHttpClient();

	@AfterEach
	void stop() {
		this.server.close();
	}

	@Test
	void shouldAnswerTheProductionVersionByDefaultAndOthersByLabelOrVersion() throws Exception {
		this.server.prompts().createText("greeting", "v1", "production");
		this.server.prompts().createText("greeting", "v2", "staging");

		JsonNode production = json(get("/greeting", AUTH), 200);
		JsonNode staging = json(get("/greeting?label=staging", AUTH), 200);
		JsonNode first = json(get("/greeting?version=1", AUTH), 200);

		assertThat(production.path("version").asInt()).isEqualTo(1);
		assertThat(production.path("type").asString()).isEqualTo("text");
		assertThat(production.path("isActive").asBoolean()).isTrue();
		assertThat(staging.path("prompt").asString()).isEqualTo("v2");
		assertThat(strings(staging.path("labels"))).containsExactlyInAnyOrder("staging", "latest");
		assertThat(first.path("prompt").asString()).isEqualTo("v1");
		assertThat(first.path("config").isObject()).isTrue();
		assertThat(this.server.promptRequests()).isEqualTo(3);
	}

	@Test
	void shouldAnswerNotFoundAsTheServerDoes() throws Exception {
		HttpResponse<String> byLabel = get("/greeting", AUTH);
		HttpResponse<String> byVersion = get("/greeting?version=3", AUTH);

		assertThat(json(byLabel, 404).path("message").asString())
			.isEqualTo("Prompt not found: 'greeting' with label 'production'");
		assertThat(json(byLabel, 404).path("error").asString()).isEqualTo("LangfuseNotFoundError");
		assertThat(json(byVersion, 404).path("message").asString())
			.isEqualTo("Prompt not found: 'greeting' with version 3");
	}

	@Test
	void shouldRefuseBothLabelAndVersionAndRecordItAsAViolation() throws Exception {
		this.server.prompts().createText("greeting", "v1", "production");

		assertThat(get("/greeting?label=production&version=1", AUTH).statusCode()).isEqualTo(400);
		assertThat(this.server.violations()).anyMatch((violation) -> violation.contains("both label and version"));
	}

	@Test
	void shouldRequireBasicAuth() throws Exception {
		this.server.prompts().createText("greeting", "v1", "production");

		assertThat(get("/greeting", null).statusCode()).isEqualTo(401);
		assertThat(get("/greeting", "Basic " + Base64.getEncoder().encodeToString("pk:wrong".getBytes())).statusCode())
			.isEqualTo(401);
	}

	@Test
	void shouldDecodeFolderNamesAndFlagAnUnencodedSlash() throws Exception {
		this.server.prompts().createText("support/answer", "v1", "production");

		assertThat(get("/support%2Fanswer", AUTH).statusCode()).isEqualTo(200);
		assertThat(this.server.violations()).isEmpty();
		assertThat(get("/support/answer", AUTH).statusCode()).isEqualTo(404);
		assertThat(this.server.violations()).anyMatch((violation) -> violation.contains("not percent-encoded"));
	}

	@Test
	void shouldCreateVersionsThatMoveLabelsKeepLatestOnTheNewestAndShareTags() throws Exception {
		JsonNode first = json(
				post("{\"name\":\"greeting\",\"prompt\":\"v1\",\"labels\":[\"production\"]," + "\"tags\":[\"a\"]}"),
				201);
		JsonNode second = json(post("{\"name\":\"greeting\",\"prompt\":\"v2\",\"labels\":[\"production\"],"
				+ "\"tags\":[\"b\"],\"config\":{\"temperature\":0.1}}"), 201);

		assertThat(first.path("version").asInt()).isEqualTo(1);
		assertThat(second.path("version").asInt()).isEqualTo(2);
		assertThat(strings(second.path("labels"))).containsExactlyInAnyOrder("production", "latest");
		assertThat(second.path("config").path("temperature").asDouble()).isEqualTo(0.1);
		assertThat(this.server.prompts().labels("greeting", 1)).isEmpty();
		JsonNode older = json(get("/greeting?version=1", AUTH), 200);
		assertThat(strings(older.path("tags"))).containsExactly("b");
		assertThat(older.path("isActive").asBoolean()).isFalse();
	}

	@Test
	void shouldRefuseInvalidCreations() throws Exception {
		json(post("{\"name\":\"greeting\",\"prompt\":\"v1\"}"), 201);

		assertThat(post("{\"name\":\"greeting\",\"type\":\"chat\",\"prompt\":[]}").statusCode()).isEqualTo(400);
		assertThat(post("{\"name\":\"/bad\",\"prompt\":\"x\"}").statusCode()).isEqualTo(400);
		assertThat(post("{\"name\":\"ok\",\"prompt\":\"x\",\"labels\":[\"Prod\"]}").statusCode()).isEqualTo(400);
		assertThat(post("{\"name\":\"c\",\"type\":\"chat\",\"prompt\":[{\"role\":\"user\",\"content\":\"{{h}}\"},"
				+ "{\"type\":\"placeholder\",\"name\":\"h\"}]}")
			.statusCode()).isEqualTo(400);
		assertThat(post("{\"name\":\"c\",\"type\":\"chat\",\"prompt\":[{\"type\":\"placeholder\",\"name\":\"1x\"}]}")
			.statusCode()).isEqualTo(400);
	}

	@Test
	void shouldInjectEnqueuedFaultsThenResumeAndForgetPromptsOnReset() throws Exception {
		this.server.prompts().createText("greeting", "v1", "production");
		this.server.enqueuePromptResponses(FakeResponse.retryAfter(429, "2"));

		HttpResponse<String> limited = get("/greeting", AUTH);

		assertThat(limited.statusCode()).isEqualTo(429);
		assertThat(limited.headers().firstValue("Retry-After")).hasValue("2");
		assertThat(get("/greeting", AUTH).statusCode()).isEqualTo(200);
		this.server.reset();
		assertThat(this.server.promptRequests()).isZero();
		assertThat(get("/greeting", AUTH).statusCode()).isEqualTo(404);
	}

	private HttpResponse<String> get(String pathAndQuery, String authorization) throws Exception {
		HttpRequest.Builder request = HttpRequest
			.newBuilder(URI.create(this.server.baseUrl() + FakeLangfuseServer.PROMPTS_PATH + pathAndQuery))
			.GET();
		if (authorization != null) {
			request.header("Authorization", authorization);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> post(String body) throws Exception {
		return this.http
			.send(HttpRequest.newBuilder(URI.create(this.server.baseUrl() + FakeLangfuseServer.PROMPTS_PATH))
				.header("Authorization", AUTH)
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(body))
				.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static JsonNode json(HttpResponse<String> response, int status) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		return JsonMapper.shared().readTree(response.body());
	}

	private static List<String> strings(JsonNode array) {
		return JsonMapper.shared().convertValue(array, List.class);
	}

}
