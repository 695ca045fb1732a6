package io.github.lfwire.langfuse.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** The fake's media endpoints behave as CONTRACT.md section 7 says the server does. */
class FakeMediaStoreTest {

	private static final byte[] CONTENT = "a tiny png".getBytes(StandardCharsets.UTF_8);

	private FakeLangfuseServer server;

	private HttpClient http;

	@BeforeEach
	void start() {
		this.server = FakeLangfuseServer.start();
		this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
	}

	@AfterEach
	void stop() {
		this.server.close();
	}

	private HttpResponse<String> media(String method, String path, String json) throws Exception {
		String auth = Base64.getEncoder()
			.encodeToString((FakeLangfuseServer.PUBLIC_KEY + ":" + FakeLangfuseServer.SECRET_KEY)
				.getBytes(StandardCharsets.UTF_8));
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.server.baseUrl() + path))
			.header("Authorization", "Basic " + auth)
			.header("Content-Type", "application/json");
		request.method(method,
				(json != null) ? HttpRequest.BodyPublishers.ofString(json) : HttpRequest.BodyPublishers.noBody());
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> put(String url, String contentType, String checksum, byte[] body) throws Exception {
		return this.http.send(HttpRequest.newBuilder(URI.create(url))
			.header("Content-Type", contentType)
			.header("x-amz-checksum-sha256", checksum)
			.PUT(HttpRequest.BodyPublishers.ofByteArray(body))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static String hash(byte[] content) throws Exception {
		return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(content));
	}

	private static String create(String contentType, byte[] content) throws Exception {
		return "{\"traceId\":\"0123456789abcdef0123456789abcdef\",\"observationId\":\"0123456789abcdef\","
				+ "\"field\":\"input\",\"contentType\":\"" + contentType + "\",\"contentLength\":" + content.length
				+ ",\"sha256Hash\":\"" + hash(content) + "\"}";
	}

	@Test
	void shouldAnswer201WithAnUploadUrlThenStoreCheckedBytesAndServeThemAfterThePatch() throws Exception {
		HttpResponse<String> created = media("POST", "/api/public/media", create("image/png", CONTENT));
		assertThat(created.statusCode()).isEqualTo(201);
		JsonNode answer = JsonMapper.shared().readTree(created.body());
		String mediaId = FakeMediaStore.mediaId(CONTENT);
		assertThat(answer.path("mediaId").asString()).isEqualTo(mediaId);
		assertThat(media("GET", "/api/public/media/" + mediaId, null).statusCode()).isEqualTo(404);
		assertThat(put(answer.path("uploadUrl").asString(), "image/png", hash(CONTENT), CONTENT).statusCode())
			.isEqualTo(200);
		HttpResponse<String> patched = media("PATCH", "/api/public/media/" + mediaId,
				"{\"uploadedAt\":\"2026-11-28T04:00:00Z\",\"uploadHttpStatus\":200,\"uploadTimeMs\":3}");
		assertThat(patched.statusCode()).isEqualTo(200);
		assertThat(patched.body()).isEqualTo("{\"message\":\"OK\"}");
		HttpResponse<String> fetched = media("GET", "/api/public/media/" + mediaId, null);
		assertThat(fetched.statusCode()).isEqualTo(200);
		assertThat(JsonMapper.shared().readTree(fetched.body()).path("contentLength").asLong())
			.isEqualTo(CONTENT.length);
		assertThat(this.server.media().media().get(mediaId).bytes()).isEqualTo(CONTENT);
		this.server.assertContractRespected();
	}

	@Test
	void shouldAnswerANullUploadUrlForBytesAlreadyUploadedWithTheSameType() throws Exception {
		this.server.media().preload(CONTENT, "image/png");
		JsonNode answer = JsonMapper.shared()
			.readTree(media("POST", "/api/public/media", create("image/png", CONTENT)).body());
		assertThat(answer.path("uploadUrl").isNull()).isTrue();
		JsonNode otherType = JsonMapper.shared()
			.readTree(media("POST", "/api/public/media", create("image/jpeg", CONTENT)).body());
		assertThat(otherType.path("uploadUrl").isString()).isTrue();
	}

	@Test
	void shouldRejectAnUploadWhoseChecksumOrTypeDiffersAndRecordTheViolation() throws Exception {
		String url = JsonMapper.shared()
			.readTree(media("POST", "/api/public/media", create("image/png", CONTENT)).body())
			.path("uploadUrl")
			.asString();
		assertThat(put(url, "image/png", hash("other".getBytes(StandardCharsets.UTF_8)), CONTENT).statusCode())
			.isEqualTo(400);
		assertThat(put(url, "image/jpeg", hash(CONTENT), CONTENT).statusCode()).isEqualTo(400);
		assertThat(this.server.violations()).anyMatch((violation) -> violation.contains("x-amz-checksum-sha256"))
			.anyMatch((violation) -> violation.contains("Content-Type"));
	}

	@Test
	void shouldRejectAnUnsupportedContentTypeOrAMissingHashWith400() throws Exception {
		assertThat(media("POST", "/api/public/media", create("image/x-unknown", CONTENT)).statusCode()).isEqualTo(400);
		assertThat(media("POST", "/api/public/media",
				"{\"traceId\":\"0123456789abcdef0123456789abcdef\","
						+ "\"field\":\"input\",\"contentType\":\"image/png\",\"contentLength\":3}")
			.statusCode()).isEqualTo(400);
		assertThat(this.server.violations()).anyMatch((violation) -> violation.contains("image/x-unknown"))
			.anyMatch((violation) -> violation.contains("sha256Hash"));
	}

	@Test
	void shouldInjectFaultsOnTheMediaEndpointAndTheUploadSeparately() throws Exception {
		this.server.enqueueMediaResponses(FakeResponse.status(503));
		this.server.enqueueUploadResponses(FakeResponse.status(500));
		assertThat(media("POST", "/api/public/media", create("image/png", CONTENT)).statusCode()).isEqualTo(503);
		String url = JsonMapper.shared()
			.readTree(media("POST", "/api/public/media", create("image/png", CONTENT)).body())
			.path("uploadUrl")
			.asString();
		assertThat(put(url, "image/png", hash(CONTENT), CONTENT).statusCode()).isEqualTo(500);
		assertThat(put(url, "image/png", hash(CONTENT), CONTENT).statusCode()).isEqualTo(200);
	}

	@Test
	void shouldAnswer404WhenPatchingUnknownMedia() throws Exception {
		assertThat(media("PATCH", "/api/public/media/unknown",
				"{\"uploadedAt\":\"2026-11-28T04:00:00Z\",\"uploadHttpStatus\":200}")
			.statusCode()).isEqualTo(404);
	}

}
