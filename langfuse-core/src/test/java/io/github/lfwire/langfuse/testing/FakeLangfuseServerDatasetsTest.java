package io.github.lfwire.langfuse.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import io.github.lfwire.langfuse.LangfuseClient;
import io.github.lfwire.langfuse.Observation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** The fake server's datasets endpoints enforce CONTRACT section 9. */
class FakeLangfuseServerDatasetsTest {

	private static final String AUTH = "Basic " + Base64.getEncoder()
		.encodeToString(
				(FakeLangfuseServer.PUBLIC_KEY + ":" + FakeLangfuseServer.SECRET_KEY).getBytes(StandardCharsets.UTF_8));

	private static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";

	private static final String SPAN_ID = "b7ad6b7169203331";

	private final FakeLangfuseServer server = FakeLangfuseServer.start();

	private final HttpClient http = HttpClient.newHttpClient();

	@AfterEach
	void stop() {
		this.server.close();
	}

	@Test
	void shouldPageActiveItemsAndRejectPageSizesTheServerRefuses() throws Exception {
		this.server.datasets().create("qa");
		for (int i = 0; i < 7; i++) {
			this.server.datasets().addItem("qa", "q" + i, null);
		}

		JsonNode last = json(send("GET", "/api/public/dataset-items?datasetName=qa&page=3&limit=3", null, AUTH), 200);

		assertThat(last.path("data")).hasSize(1);
		assertThat(last.path("meta").path("totalItems").asInt()).isEqualTo(7);
		assertThat(last.path("meta").path("totalPages").asInt()).isEqualTo(3);
		assertThat(send("GET", "/api/public/dataset-items?datasetName=qa&page=1&limit=101", null, AUTH).statusCode())
			.isEqualTo(400);
		assertThat(send("GET", "/api/public/dataset-items?datasetName=qa&version=yesterday", null, AUTH).statusCode())
			.isEqualTo(400);
		assertThat(this.server.violations()).hasSize(2);
	}

	@Test
	void shouldLinkAnItemAndDeriveTheRunIdAsAnEventsOnlyServer() throws Exception {
		String datasetId = this.server.datasets().create("qa");
		String itemId = this.server.datasets().addItem("qa", "q", "a");

		JsonNode linked = json(send("POST", "/api/public/dataset-run-items", "{\"runName\":\"r1\",\"datasetItemId\":\""
				+ itemId + "\",\"traceId\":\"" + TRACE_ID + "\",\"observationId\":\"" + SPAN_ID + "\"}", AUTH), 200);

		assertThat(linked.path("datasetRunId").asString()).isEqualTo(FakeDatasets.runId(datasetId, "r1"))
			.matches("[0-9a-f]{16}");
		assertThat(this.server.datasets().runItems()).singleElement()
			.satisfies((link) -> assertThat(link.traceId()).isEqualTo(TRACE_ID));
		assertThat(this.server.violations()).isEmpty();
	}

	@Test
	void shouldRejectMalformedLinksAndUnknownItems() throws Exception {
		this.server.datasets().create("qa");
		String itemId = this.server.datasets().addItem("qa", "q", "a");

		int shortTrace = send("POST", "/api/public/dataset-run-items", "{\"runName\":\"r\",\"datasetItemId\":\""
				+ itemId + "\",\"traceId\":\"abc\",\"observationId\":\"" + SPAN_ID + "\"}", AUTH)
			.statusCode();
		int upperCase = send(
				"POST", "/api/public/dataset-run-items", "{\"runName\":\"r\",\"datasetItemId\":\"" + itemId
						+ "\",\"traceId\":\"" + TRACE_ID + "\",\"observationId\":\"" + SPAN_ID.toUpperCase() + "\"}",
				AUTH)
			.statusCode();
		int unknown = send("POST", "/api/public/dataset-run-items",
				"{\"runName\":\"r\",\"datasetItemId\":\"nope\",\"traceId\":\"" + TRACE_ID + "\",\"observationId\":\""
						+ SPAN_ID + "\"}",
				AUTH)
			.statusCode();
		int noAuth = send("POST", "/api/public/dataset-run-items", "{}", null).statusCode();

		assertThat(shortTrace).isEqualTo(400);
		assertThat(upperCase).isEqualTo(400);
		assertThat(unknown).isEqualTo(404);
		assertThat(noAuth).isEqualTo(401);
		assertThat(this.server.datasets().runItems()).isEmpty();
		assertThat(this.server.violations()).anyMatch((v) -> v.contains("traceId must be 32 lowercase hex"))
			.anyMatch((v) -> v.contains("observationId must be the 16 lowercase hex"))
			.anyMatch((v) -> v.contains("dataset item nope does not exist"))
			.anyMatch((v) -> v.contains("no Authorization header"));
	}

	@Test
	void shouldRequireADatasetNameEncodedWhole() throws Exception {
		this.server.datasets().create("folder/qa");

		assertThat(send("GET", "/api/public/v2/datasets/folder%2Fqa", null, AUTH).statusCode()).isEqualTo(200);
		assertThat(send("GET", "/api/public/v2/datasets/folder/qa", null, AUTH).statusCode()).isEqualTo(404);
		assertThat(this.server.violations()).singleElement().asString().contains("not percent-encoded whole");
	}

	@Test
	void shouldFlagAnExperimentTraceWhoseRootIdNamesNoSpanOrWhoseRunIsSplit() throws Exception {
		String datasetId = this.server.datasets().create("qa");
		String itemId = this.server.datasets().addItem("qa", "q", "a");
		try (LangfuseClient client = LangfuseClient.create(this.server.clientConfig().build())) {
			String traceId;
			String rootId;
			try (Observation root = client.span("experiment-item-run")) {
				traceId = root.traceId();
				rootId = root.id();
				root.trace()
					.environment("sdk-experiment")
					.attribute("langfuse.experiment.id", "someotherrun1234")
					.attribute("langfuse.experiment.item.id", itemId)
					.attribute("langfuse.experiment.dataset.id", datasetId)
					.attribute("langfuse.experiment.item.root_observation_id", rootId);
			}
			try (Observation wrong = client.span("wrong-root")) {
				wrong.trace()
					.environment("sdk-experiment")
					.attribute("langfuse.experiment.id", "run")
					.attribute("langfuse.experiment.item.id", "local")
					.attribute("langfuse.experiment.item.root_observation_id", "0000000000000001");
			}
			client.flush(Duration.ofSeconds(5));
			send("POST", "/api/public/dataset-run-items", "{\"runName\":\"r1\",\"datasetItemId\":\"" + itemId
					+ "\",\"traceId\":\"" + traceId + "\",\"observationId\":\"" + rootId + "\"}", AUTH);
		}

		assertThat(this.server.traceAttributeViolations()).singleElement()
			.asString()
			.contains("not the id of a span of the trace");
		assertThat(this.server.experimentLinkViolations()).singleElement()
			.asString()
			.contains("carries langfuse.experiment.id someotherrun1234", "the run is split");
	}

	private HttpResponse<String> send(String method, String path, String body, String authorization) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.server.baseUrl() + path))
			.header("Content-Type", "application/json")
			.method(method,
					(body != null) ? HttpRequest.BodyPublishers.ofString(body) : HttpRequest.BodyPublishers.noBody());
		if (authorization != null) {
			request.header("Authorization", authorization);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static JsonNode json(HttpResponse<String> response, int status) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		return JsonMapper.shared().readTree(response.body());
	}

}
