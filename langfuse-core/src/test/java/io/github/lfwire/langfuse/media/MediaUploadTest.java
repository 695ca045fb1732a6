package io.github.lfwire.langfuse.media;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.UnaryOperator;

import io.github.lfwire.langfuse.FlushResult;
import io.github.lfwire.langfuse.semconv.LangfuseAttributes;
import io.github.lfwire.langfuse.LangfuseClient;
import io.github.lfwire.langfuse.LangfuseConfig;
import io.github.lfwire.langfuse.Observation;
import io.github.lfwire.langfuse.testing.FakeLangfuseServer;
import io.github.lfwire.langfuse.testing.FakeMediaStore;
import io.github.lfwire.langfuse.testing.FakeResponse;
import io.github.lfwire.langfuse.testing.ReceivedSpan;
import io.github.lfwire.langfuse.testing.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MediaUploadTest {

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
			this.client.shutdown(Duration.ofSeconds(2));
		}
		this.server.close();
	}

	private LangfuseClient client(UnaryOperator<MediaSettings> media) {
		LangfuseConfig.Builder builder = this.server.clientConfig()
			.flushInterval(Duration.ofMillis(20))
			.retryInitialBackoff(Duration.ofMillis(10))
			.retryMaxBackoff(Duration.ofMillis(40))
			.media(media.apply(MediaSettings.DEFAULTS));
		this.client = LangfuseClient.create(builder.build());
		return this.client;
	}

	private static byte[] content(int size, long seed) {
		byte[] bytes = new byte[size];
		new Random(seed).nextBytes(bytes);
		return bytes;
	}

	private static String dataUri(String contentType, byte[] bytes) {
		return "data:" + contentType + ";base64," + Base64.getEncoder().encodeToString(bytes);
	}

	private ReceivedSpan single(String name) {
		return this.server.awaitSpans(1, WAIT)
			.stream()
			.filter((span) -> span.name().equals(name))
			.findFirst()
			.orElseThrow();
	}

	@Test
	void shouldReplaceDataUriByReferenceAndUploadTheSameBytes() {
		LangfuseClient langfuse = client(UnaryOperator.identity());
		byte[] image = content(5000, 1);
		String traceId;
		String observationId;
		try (Observation observation = langfuse.generation("describe")) {
			observation.input(Map.of("question", "What is in the picture?", "image", dataUri("image/png", image)));
			traceId = observation.traceId();
			observationId = observation.id();
		}
		assertThat(langfuse.flush(WAIT).success()).isTrue();
		String input = single("describe").attribute(LangfuseAttributes.OBSERVATION_INPUT);
		assertThat(input).contains("\"" + FakeMediaStore.reference("image/png", image, "base64_data_uri") + "\"")
			.contains("What is in the picture?")
			.doesNotContain(";base64,");
		FakeMediaStore.StoredMedia stored = this.server.media().media().get(FakeMediaStore.mediaId(image));
		assertThat(stored.uploaded()).isTrue();
		assertThat(stored.bytes()).isEqualTo(image);
		assertThat(stored.contentType()).isEqualTo("image/png");
		assertThat(this.server.media().links()).containsExactly(
				new FakeMediaStore.MediaLink(FakeMediaStore.mediaId(image), traceId, observationId, "input", true));
		assertThat(this.server.requests()).filteredOn((request) -> request.method().equals("PATCH"))
			.extracting(RecordedRequest::status)
			.containsExactly(200);
		MediaStats stats = langfuse.mediaStats();
		assertThat(stats.detected()).isEqualTo(1);
		assertThat(stats.uploaded()).isEqualTo(1);
		assertThat(stats.failedTotal()).isZero();
		assertThat(stats.queueSize()).isZero();
		assertThat(stats.queueBytes()).isZero();
		this.server.assertContractRespected();
	}

	@Test
	void shouldUploadLangfuseMediaBytesInOutputAndMetadata() {
		LangfuseClient langfuse = client(UnaryOperator.identity());
		byte[] pdf = content(3000, 2);
		byte[] audio = content(1200, 3);
		try (Observation observation = langfuse.span("render")) {
			observation.output(List.of("report", LangfuseMedia.of(pdf, "application/pdf")));
			observation.metadata("recording", dataUri("audio/wav", audio));
			observation.metadata("note", "data: five rows");
		}
		assertThat(langfuse.flush(WAIT).success()).isTrue();
		ReceivedSpan span = single("render");
		assertThat(span.attribute(LangfuseAttributes.OBSERVATION_OUTPUT))
			.isEqualTo("[\"report\",\"" + FakeMediaStore.reference("application/pdf", pdf, "bytes") + "\"]");
		assertThat(span.attribute(LangfuseAttributes.OBSERVATION_METADATA_PREFIX + "recording"))
			.isEqualTo(FakeMediaStore.reference("audio/wav", audio, "base64_data_uri"));
		assertThat(span.attribute(LangfuseAttributes.OBSERVATION_METADATA_PREFIX + "note"))
			.isEqualTo("data: five rows");
		assertThat(this.server.media().media().get(FakeMediaStore.mediaId(pdf)).bytes()).isEqualTo(pdf);
		assertThat(this.server.media().media().get(FakeMediaStore.mediaId(audio)).bytes()).isEqualTo(audio);
		assertThat(this.server.media().links()).extracting(FakeMediaStore.MediaLink::field)
			.containsExactlyInAnyOrder("output", "metadata");
		this.server.assertContractRespected();
	}

	@Test
	void shouldReplaceTheBase64OfAnthropicVertexAndGeminiParts() {
		LangfuseClient langfuse = client(UnaryOperator.identity());
		byte[] jpeg = content(800, 4);
		byte[] webp = content(900, 5);
		byte[] gif = content(1000, 6);
		Map<String, Object> anthropic = new LinkedHashMap<>();
		anthropic.put("type", "base64");
		anthropic.put("media_type", "image/jpeg");
		anthropic.put("data", Base64.getEncoder().encodeToString(jpeg));
		Map<String, Object> vertex = Map.of("type", "media", "mime_type", "image/webp", "data",
				Base64.getEncoder().encodeToString(webp));
		Map<String, Object> gemini = Map.of("inlineData",
				Map.of("mimeType", "image/gif", "data", Base64.getEncoder().encodeToString(gif)));
		try (Observation observation = langfuse.generation("vision")) {
			observation.input(List.of(Map.of("role", "user", "content",
					List.of(Map.of("type", "image", "source", anthropic), vertex, gemini))));
		}
		assertThat(langfuse.flush(WAIT).success()).isTrue();
		String input = single("vision").attribute(LangfuseAttributes.OBSERVATION_INPUT);
		assertThat(input)
			.contains("{\"type\":\"base64\",\"media_type\":\"image/jpeg\",\"data\":\""
					+ FakeMediaStore.reference("image/jpeg", jpeg, "base64_data_uri") + "\"}")
			.contains("\"data\":\"" + FakeMediaStore.reference("image/webp", webp, "base64_data_uri") + "\"")
			.contains("\"inlineData\":{")
			.contains("\"data\":\"" + FakeMediaStore.reference("image/gif", gif, "base64_data_uri") + "\"");
		assertThat(this.server.media().awaitUploaded(3, WAIT)).extracting(FakeMediaStore.StoredMedia::contentType)
			.containsExactlyInAnyOrder("image/jpeg", "image/webp", "image/gif");
		this.server.assertContractRespected();
	}

	@Test
	void shouldSkipTheUploadWhenTheServerAlreadyHasTheBytes() {
		LangfuseClient langfuse = client(UnaryOperator.identity());
		byte[] image = content(2000, 7);
		this.server.media().preload(image, "image/png");
		try (Observation observation = langfuse.span("again")) {
			observation.input(LangfuseMedia.of(image, "image/png"));
		}
		assertThat(langfuse.flush(WAIT).success()).isTrue();
		assertThat(single("again").attribute(LangfuseAttributes.OBSERVATION_INPUT))
			.isEqualTo("\"" + FakeMediaStore.reference("image/png", image, "bytes") + "\"");
		assertThat(this.server.requests()).extracting(RecordedRequest::method).doesNotContain("PUT", "PATCH");
		assertThat(this.server.media().links()).singleElement()
			.extracting(FakeMediaStore.MediaLink::uploadUrlGiven)
			.isEqualTo(false);
		MediaStats stats = langfuse.mediaStats();
		assertThat(stats.skipped()).containsEntry(MediaSkipReason.ALREADY_UPLOADED, 1L);
		assertThat(stats.uploaded()).isZero();
		assertThat(stats.failedTotal()).isZero();
	}

	@Test
	void shouldMarkTheReferenceAndCountWhenTheUploadIsRefused() {
		LangfuseClient langfuse = client(UnaryOperator.identity());
		byte[] image = content(1500, 8);
		this.server.enqueueUploadResponses(FakeResponse.status(403, "<Error><Code>AccessDenied</Code></Error>"));
		try (Observation observation = langfuse.span("refused")) {
			observation.input(Map.of("image", LangfuseMedia.of(image, "image/png")));
		}
		langfuse.flush(WAIT);
		String input = single("refused").attribute(LangfuseAttributes.OBSERVATION_INPUT);
		assertThat(input).isEqualTo(
				"{\"image\":\"<media not uploaded (http_4xx): image/png, id " + FakeMediaStore.mediaId(image) + ">\"}");
		assertThat(this.server.requests()).filteredOn((request) -> request.method().equals("PUT"))
			.extracting(RecordedRequest::status)
			.containsExactly(403);
		FakeMediaStore.StoredMedia stored = this.server.media().media().get(FakeMediaStore.mediaId(image));
		assertThat(stored.uploadHttpStatus()).isEqualTo(403);
		assertThat(stored.uploadHttpError()).contains("AccessDenied");
		MediaStats stats = langfuse.mediaStats();
		assertThat(stats.failed()).containsEntry(MediaFailureCause.HTTP_4XX, 1L);
		assertThat(stats.uploaded()).isZero();
		assertThat(stats.lastError()).contains("http_4xx").doesNotContain("Signature");
	}

	@Test
	void shouldRetryServerErrorsOfEveryStepUntilUploaded() {
		LangfuseClient langfuse = client(UnaryOperator.identity());
		byte[] image = content(1500, 9);
		this.server.enqueueMediaResponses(FakeResponse.status(503), FakeResponse.retryAfter(429, "0"));
		this.server.enqueueUploadResponses(FakeResponse.connectionReset(), FakeResponse.status(500));
		try (Observation observation = langfuse.span("flaky")) {
			observation.input(LangfuseMedia.of(image, "image/jpeg"));
		}
		assertThat(langfuse.flush(WAIT).success()).isTrue();
		assertThat(single("flaky").attribute(LangfuseAttributes.OBSERVATION_INPUT))
			.isEqualTo("\"" + FakeMediaStore.reference("image/jpeg", image, "bytes") + "\"");
		assertThat(this.server.media().media().get(FakeMediaStore.mediaId(image)).uploaded()).isTrue();
		assertThat(langfuse.mediaStats().uploaded()).isEqualTo(1);
	}

	@Test
	void shouldRetryARequestTimeoutLikeExportAndPrompts() {
		LangfuseClient langfuse = client(UnaryOperator.identity());
		byte[] image = content(1500, 11);
		this.server.enqueueMediaResponses(FakeResponse.status(408));
		this.server.enqueueUploadResponses(FakeResponse.status(408));
		try (Observation observation = langfuse.span("slow")) {
			observation.input(LangfuseMedia.of(image, "image/png"));
		}
		assertThat(langfuse.flush(WAIT).success()).isTrue();
		assertThat(single("slow").attribute(LangfuseAttributes.OBSERVATION_INPUT))
			.isEqualTo("\"" + FakeMediaStore.reference("image/png", image, "bytes") + "\"");
		assertThat(this.server.requests()).filteredOn((request) -> request.method().equals("PUT"))
			.extracting(RecordedRequest::status)
			.containsExactly(408, 200);
		assertThat(langfuse.mediaStats().uploaded()).isEqualTo(1);
		assertThat(langfuse.mediaStats().failed()).isEmpty();
	}

	@Test
	void shouldNotRetryAClientErrorOfTheMediaEndpoint() {
		LangfuseClient langfuse = client(UnaryOperator.identity());
		this.server.enqueueMediaResponses(FakeResponse.status(400, "{\"message\":\"bad\"}"));
		try (Observation observation = langfuse.span("rejected")) {
			observation.input(LangfuseMedia.of(content(100, 10), "image/png"));
		}
		langfuse.flush(WAIT);
		assertThat(this.server.requests()).filteredOn((request) -> request.path().startsWith("/api/public/media"))
			.hasSize(1);
		assertThat(single("rejected").attribute(LangfuseAttributes.OBSERVATION_INPUT))
			.startsWith("\"<media not uploaded (http_4xx): image/png");
		assertThat(langfuse.mediaStats().failed()).containsEntry(MediaFailureCause.HTTP_4XX, 1L);
	}

	@Test
	void shouldLeaveAnUnsupportedContentTypeInlineBoundedAndCountIt() {
		LangfuseClient langfuse = client(UnaryOperator.identity());
		String unknown = dataUri("image/x-unknown", content(100_000, 11));
		try (Observation observation = langfuse.span("unknown")) {
			observation.input(Map.of("image", unknown));
		}
		assertThat(langfuse.flush(WAIT).success()).isTrue();
		String input = single("unknown").attribute(LangfuseAttributes.OBSERVATION_INPUT);
		assertThat(input.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(32 * 1024);
		assertThat(input).contains("\"truncated\":true").contains("data:image/x-unknown;base64,");
		assertThat(langfuse.mediaStats().skipped()).containsEntry(MediaSkipReason.UNSUPPORTED_TYPE, 1L);
		assertThat(langfuse.mediaStats().detected()).isZero();
		assertThat(this.server.requests()).noneMatch((request) -> request.path().startsWith("/api/public/media"));
	}

	@Test
	void shouldMarkInvalidBase64WithoutCallingTheServer() {
		LangfuseClient langfuse = client(UnaryOperator.identity());
		try (Observation observation = langfuse.span("broken")) {
			observation.input("data:image/png;base64,not*base64!");
		}
		langfuse.flush(WAIT);
		assertThat(single("broken").attribute(LangfuseAttributes.OBSERVATION_INPUT))
			.isEqualTo("\"<media not uploaded (invalid_base64): image/png>\"");
		assertThat(langfuse.mediaStats().failed()).containsEntry(MediaFailureCause.INVALID_BASE64, 1L);
		assertThat(this.server.requests()).noneMatch((request) -> request.path().startsWith("/api/public/media"));
	}

	@Test
	void shouldWaitForPendingUploadsOnFlush() {
		LangfuseClient langfuse = client(UnaryOperator.identity());
		byte[] image = content(4000, 12);
		this.server.enqueueUploadResponses(FakeResponse.delay(Duration.ofMillis(700)));
		try (Observation observation = langfuse.span("slow")) {
			observation.input(LangfuseMedia.of(image, "image/png"));
		}
		FlushResult result = langfuse.flush(WAIT);
		assertThat(result.success()).isTrue();
		assertThat(this.server.media().media().get(FakeMediaStore.mediaId(image)).uploaded()).isTrue();
		assertThat(this.server.spans()).extracting(ReceivedSpan::name).contains("slow");
	}

	@Test
	void shouldKeepMediaInlineAndCountItWhenTheQueueIsFull() {
		LangfuseClient langfuse = client((media) -> media.withMaxQueue(1, 10_000));
		byte[] first = content(1000, 13);
		byte[] second = content(1000, 14);
		byte[] large = content(20_000, 15);
		try (Observation observation = langfuse.span("crowded")) {
			observation.input(List.of(LangfuseMedia.of(first, "image/png"), LangfuseMedia.of(second, "image/png")));
		}
		langfuse.flush(WAIT);
		try (Observation observation = langfuse.span("large")) {
			observation.input(LangfuseMedia.of(large, "image/png"));
		}
		assertThat(langfuse.flush(WAIT).success()).isTrue();
		assertThat(single("crowded").attribute(LangfuseAttributes.OBSERVATION_INPUT))
			.isEqualTo("[\"" + FakeMediaStore.reference("image/png", first, "bytes") + "\",\"data:image/png;base64,"
					+ Base64.getEncoder().encodeToString(second) + "\"]");
		assertThat(this.server.awaitSpans(2, WAIT)).filteredOn((span) -> span.name().equals("large"))
			.singleElement()
			.extracting((span) -> span.attribute(LangfuseAttributes.OBSERVATION_INPUT))
			.asString()
			.startsWith("\"data:image/png;base64,");
		MediaStats stats = langfuse.mediaStats();
		assertThat(stats.dropped()).containsEntry(MediaDropReason.QUEUE_FULL, 1L)
			.containsEntry(MediaDropReason.QUEUE_BYTES_FULL, 1L);
		assertThat(stats.uploaded()).isEqualTo(1);
		assertThat(this.server.media().links()).hasSize(1);
	}

	@Test
	void shouldKeepDataUrisInlineWhenMediaIsDisabled() {
		LangfuseClient langfuse = client((media) -> media.withEnabled(false));
		String uri = dataUri("image/png", content(300, 16));
		byte[] pdf = content(200, 18);
		try (Observation observation = langfuse.span("plain")) {
			observation.input(uri);
			observation.output(LangfuseMedia.of(pdf, "application/pdf"));
		}
		assertThat(langfuse.flush(WAIT).success()).isTrue();
		ReceivedSpan span = single("plain");
		assertThat(span.attribute(LangfuseAttributes.OBSERVATION_INPUT)).isEqualTo("\"" + uri + "\"");
		assertThat(span.attribute(LangfuseAttributes.OBSERVATION_OUTPUT))
			.isEqualTo("\"" + dataUri("application/pdf", pdf) + "\"");
		assertThat(langfuse.mediaStats().enabled()).isFalse();
		assertThat(this.server.requests()).noneMatch((request) -> request.path().startsWith("/api/public/media"));
	}

	@Test
	void shouldReleaseTheSpanWithAMarkerWhenShutdownCutsAnUploadShort() {
		LangfuseClient langfuse = client(UnaryOperator.identity());
		this.server.enqueueUploadResponses(FakeResponse.delay(Duration.ofSeconds(20)));
		try (Observation observation = langfuse.span("cut")) {
			observation.input(LangfuseMedia.of(content(500, 17), "image/png"));
		}
		FlushResult result = langfuse.shutdown(Duration.ofSeconds(2));
		this.client = null;
		assertThat(result.failed()).isGreaterThanOrEqualTo(1);
		assertThat(single("cut").attribute(LangfuseAttributes.OBSERVATION_INPUT))
			.startsWith("\"<media not uploaded (shutdown): image/png");
		assertThat(langfuse.mediaStats().failed()).containsEntry(MediaFailureCause.SHUTDOWN, 1L);
	}

}
