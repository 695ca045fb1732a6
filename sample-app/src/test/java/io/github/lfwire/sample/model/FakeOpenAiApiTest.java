package io.github.lfwire.sample.model;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import io.github.lfwire.langfuse.test.FakeOpenAiServer;
import io.github.lfwire.sample.SampleProperties;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class FakeOpenAiApiTest {

	private static final JsonMapper json = JsonMapper.shared();

	private static final String TOOL_REQUEST = """
			{"model":"gpt-4o-mini","messages":[{"role":"user","content":"user-7"}],
			 "tools":[{"type":"function","function":{"name":"account_lookup",
			   "parameters":{"type":"object","properties":{"userId":{"type":"string"}}}}}]}
			""";

	private static final String EMBEDDING_REQUEST = "{\"model\":\"text-embedding-3-small\",\"input\":[\"refund\"]}";

	private final SampleProperties properties = new SampleProperties(
			new SampleProperties.Model("fake-gpt-4o-mini", "fake-text-embedding-3-small", Duration.ZERO),
			new SampleProperties.FakeOpenai(0), new SampleProperties.Retrieval(Duration.ZERO, 7),
			new SampleProperties.Demo(0));

	private final FakeOpenAiApi api = new FakeOpenAiApi(new FakeChatModel(this.properties),
			new FakeEmbeddingModel(this.properties));

	@Test
	void shouldCallTheOfferedToolInProcessWithTheUsersMessage() {
		JsonNode response = json.readTree(this.api.chatCompletions(bytes(TOOL_REQUEST)));

		JsonNode choice = response.get("choices").get(0);
		assertThat(choice.get("finish_reason").asString()).isEqualTo("tool_calls");
		JsonNode function = choice.get("message").get("tool_calls").get(0).get("function");
		assertThat(function.get("name").asString()).isEqualTo("account_lookup");
		assertThat(json.readTree(function.get("arguments").asString()).get("userId").asString()).isEqualTo("user-7");
		assertThat(response.get("model").asString()).isEqualTo("fake-gpt-4o-mini");
		assertThat(response.get("usage").get("total_tokens").asLong()).isPositive();
	}

	@Test
	void shouldStreamTheSameAnswerAsChunksWithFinishReasonAndUsageWhenAsked() {
		String request = "{\"model\":\"gpt-4o-mini\",\"stream\":true,\"stream_options\":{\"include_usage\":true},"
				+ "\"messages\":[{\"role\":\"user\",\"content\":\"How do I reset my password?\"}]}";
		assertThat(this.api.isStream(bytes(request))).isTrue();
		String whole = json.readTree(this.api.chatCompletions(bytes(request)))
			.get("choices")
			.get(0)
			.get("message")
			.get("content")
			.asString();
		List<JsonNode> chunks = this.api.chatCompletionChunks(bytes(request)).stream().map(json::readTree).toList();
		StringBuilder streamed = new StringBuilder();
		chunks.forEach((chunk) -> chunk.path("choices")
			.forEach((choice) -> streamed.append(choice.path("delta").path("content").asString(""))));
		assertThat(streamed.toString()).isEqualTo(whole);
		assertThat(chunks.get(chunks.size() - 2).get("choices").get(0).get("finish_reason").asString())
			.isEqualTo("stop");
		assertThat(chunks.get(chunks.size() - 1).get("usage").get("total_tokens").asLong()).isPositive();
	}

	@Test
	void shouldEmbedInProcessAsTheServerDoesOverHttp() throws Exception {
		byte[] inProcess = this.api.embeddings(bytes(EMBEDDING_REQUEST));

		JsonNode embedding = json.readTree(inProcess).get("data").get(0).get("embedding");
		assertThat(embedding.size()).isEqualTo(1536);
		try (FakeOpenAiServer server = FakeOpenAiServer.start(0, this.api::chatCompletions, this.api::embeddings)) {
			HttpResponse<byte[]> overHttp = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + FakeOpenAiApi.EMBEDDINGS))
					.POST(HttpRequest.BodyPublishers.ofByteArray(bytes(EMBEDDING_REQUEST)))
					.build(), HttpResponse.BodyHandlers.ofByteArray());
			assertThat(overHttp.statusCode()).isEqualTo(200);
			assertThat(overHttp.body()).isEqualTo(inProcess);
		}
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
