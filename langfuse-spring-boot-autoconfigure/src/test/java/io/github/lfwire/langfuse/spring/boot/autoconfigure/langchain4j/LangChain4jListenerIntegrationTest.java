package io.github.lfwire.langfuse.spring.boot.autoconfigure.langchain4j;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import io.github.lfwire.langfuse.LangfuseClient;
import io.github.lfwire.langfuse.Observation;
import io.github.lfwire.langfuse.ObservationType;
import io.github.lfwire.langfuse.observe.Observe;
import io.github.lfwire.langfuse.prompt.LangfusePrompts;
import io.github.lfwire.langfuse.prompt.TextPrompt;
import io.github.lfwire.langfuse.test.FakeOpenAiServer;
import io.github.lfwire.langfuse.test.FakeOpenAiServer.Reply;
import io.github.lfwire.langfuse.testing.FakeLangfuseServer;
import io.github.lfwire.langfuse.testing.ReceivedSpan;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@SpringBootTest(classes = LangChain4jListenerIntegrationTest.App.class,
		properties = "langfuse.export.flush-interval=50ms")
class LangChain4jListenerIntegrationTest {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final FakeLangfuseServer langfuse = FakeLangfuseServer.start();

	private static final FakeOpenAiServer openAi = FakeOpenAiServer.start();

	@Autowired
	private LangfuseClient client;

	@Autowired
	private Assistant assistant;

	@Autowired
	private OpenAiChatModel chatModel;

	@Autowired
	private StreamingChatModel streamingChatModel;

	@Autowired
	private LangfusePrompts prompts;

	@DynamicPropertySource
	static void langfuse(DynamicPropertyRegistry registry) {
		registry.add("langfuse.host", langfuse::baseUrl);
		registry.add("langfuse.public-key", () -> FakeLangfuseServer.PUBLIC_KEY);
		registry.add("langfuse.secret-key", () -> FakeLangfuseServer.SECRET_KEY);
	}

	@AfterAll
	static void stopServers() {
		langfuse.close();
		openAi.close();
	}

	@BeforeEach
	void reset() {
		this.client.flush(WAIT);
		langfuse.reset();
		openAi.reset();
	}

	@Test
	void shouldRecordChatRequestAsGenerationNestedInTheCurrentObservation() {
		String answer = this.assistant.ask("What is Langfuse?");
		assertThat(answer).isEqualTo("echo: What is Langfuse?");
		List<ReceivedSpan> spans = flushed(2);
		ReceivedSpan root = spans.stream().filter(ReceivedSpan::isRoot).findFirst().orElseThrow();
		ReceivedSpan generation = spans.stream()
			.filter((span) -> "generation".equals(span.attribute("langfuse.observation.type")))
			.findFirst()
			.orElseThrow();
		assertThat(root.name()).isEqualTo("Assistant.ask");
		assertThat(generation.parentSpanId()).isEqualTo(root.spanId());
		assertThat(generation.traceId()).isEqualTo(root.traceId());
		assertThat(generation.name()).isEqualTo("chat gpt-test-mini");
		assertThat(generation.attribute("langfuse.observation.model.name"))
			.isEqualTo("gpt-test-mini" + FakeOpenAiServer.MODEL_SUFFIX);
		JsonNode parameters = tree(generation, "langfuse.observation.model.parameters");
		assertThat(parameters.path("temperature").asDouble()).isEqualTo(0.2);
		assertThat(parameters.path("max_tokens").asInt()).isEqualTo(50);
		assertThat(tree(generation, "langfuse.observation.usage_details"))
			.isEqualTo(json.readTree("{\"input\":21,\"output\":9,\"total\":30}"));
		assertThat(tree(generation, "langfuse.observation.input"))
			.isEqualTo(json.readTree("[{\"role\":\"system\",\"content\":\"Be brief.\"},"
					+ "{\"role\":\"user\",\"content\":\"What is Langfuse?\"}]"));
		assertThat(tree(generation, "langfuse.observation.output"))
			.isEqualTo(json.readTree("{\"role\":\"assistant\",\"content\":\"echo: What is Langfuse?\"}"));
		assertThat(generation.attribute("langfuse.observation.metadata.finish_reason")).isEqualTo("STOP");
		assertThat(generation.attribute("langfuse.observation.metadata.finish_reason_normalized")).isEqualTo("stop");
		assertThat(generation.attribute("langfuse.observation.metadata.provider")).isEqualTo("open_ai");
		assertThat(generation.attribute("langfuse.observation.metadata.requested_model")).isEqualTo("gpt-test-mini");
		langfuse.assertContractRespected();
	}

	@Test
	void shouldLinkTheGenerationToThePromptGivenToTheEnclosingObservationButNeverToAFallback() {
		langfuse.prompts().createText("brief-answer", "Be brief.", "production");
		TextPrompt fetched = this.prompts.text("brief-answer").fallback("Be short.").get();
		TextPrompt fallback = this.prompts.text("missing-prompt").fallback("Be short.").get();
		this.assistant.askWith("What is Langfuse?", fetched);
		this.assistant.askWith("What is a fallback?", fallback);
		List<ReceivedSpan> generations = flushed(4).stream()
			.filter((span) -> "generation".equals(span.attribute("langfuse.observation.type")))
			.toList();
		assertThat(generations).hasSize(2);
		assertThat(generations).filteredOn((span) -> span.attribute("langfuse.observation.input").contains("Langfuse"))
			.singleElement()
			.satisfies((generation) -> assertThat(generation.attributes())
				.containsEntry("langfuse.observation.prompt.name", "brief-answer")
				.containsEntry("langfuse.observation.prompt.version", 1L));
		assertThat(generations).filteredOn((span) -> span.attribute("langfuse.observation.input").contains("fallback"))
			.singleElement()
			.satisfies((generation) -> assertThat(generation.attributes())
				.doesNotContainKeys("langfuse.observation.prompt.name", "langfuse.observation.prompt.version"));
	}

	@Test
	void shouldMarkFailedChatRequestAsError() {
		openAi.enqueue(Reply.error(400, "context too long"));
		assertThatThrownBy(() -> this.chatModel.chat("fail")).isInstanceOf(RuntimeException.class);
		ReceivedSpan generation = flushed(1).get(0);
		assertThat(generation.isRoot()).isTrue();
		assertThat(generation.attribute("langfuse.observation.level")).isEqualTo("ERROR");
		assertThat(generation.attribute("langfuse.observation.status_message")).contains("context too long");
	}

	@Test
	void shouldRecordStreamedChatRequestWithUsage() throws Exception {
		CompletableFuture<ChatResponse> done = new CompletableFuture<>();
		this.streamingChatModel.chat("stream please", new StreamingChatResponseHandler() {

			@Override
			public void onPartialResponse(String partialResponse) {
			}

			@Override
			public void onCompleteResponse(ChatResponse completeResponse) {
				done.complete(completeResponse);
			}

			@Override
			public void onError(Throwable error) {
				done.completeExceptionally(error);
			}

		});
		assertThat(done.get(10, TimeUnit.SECONDS).aiMessage().text()).isEqualTo("echo: stream please");
		ReceivedSpan generation = flushed(1).get(0);
		assertThat(tree(generation, "langfuse.observation.usage_details").path("output").asInt())
			.isEqualTo(FakeOpenAiServer.COMPLETION_TOKENS);
		assertThat(tree(generation, "langfuse.observation.output").path("content").asString())
			.isEqualTo("echo: stream please");
	}

	private List<ReceivedSpan> flushed(int count) {
		assertThat(this.client.flush(WAIT).success()).isTrue();
		return langfuse.awaitSpans(count, WAIT);
	}

	private static JsonNode tree(ReceivedSpan span, String attribute) {
		String value = span.attribute(attribute);
		assertThat(value).as(attribute + " of " + span.name()).isNotNull();
		return json.readTree(value);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class App {

		@Bean
		OpenAiChatModel chatModel(LangfuseChatModelListener listener) {
			return OpenAiChatModel.builder()
				.baseUrl(openAi.baseUrl())
				.apiKey("sk-test")
				.modelName("gpt-test-mini")
				.temperature(0.2)
				.maxTokens(50)
				.maxRetries(0)
				.listeners(List.of(listener))
				.build();
		}

		@Bean
		OpenAiStreamingChatModel streamingChatModel(LangfuseChatModelListener listener) {
			return OpenAiStreamingChatModel.builder()
				.baseUrl(openAi.baseUrl())
				.apiKey("sk-test")
				.modelName("gpt-test-mini")
				.listeners(List.of(listener))
				.build();
		}

		@Bean
		Assistant assistant(OpenAiChatModel chatModel) {
			return new Assistant(chatModel);
		}

	}

	static class Assistant {

		private final OpenAiChatModel chatModel;

		Assistant(OpenAiChatModel chatModel) {
			this.chatModel = chatModel;
		}

		@Observe(type = ObservationType.AGENT)
		String ask(String question) {
			return this.chatModel.chat(
					ChatRequest.builder().messages(SystemMessage.from("Be brief."), UserMessage.from(question)).build())
				.aiMessage()
				.text();
		}

		@Observe(type = ObservationType.CHAIN)
		String askWith(String question, TextPrompt prompt) {
			Observation.current().prompt(prompt);
			return this.chatModel
				.chat(ChatRequest.builder()
					.messages(SystemMessage.from(prompt.compile(Map.of())), UserMessage.from(question))
					.build())
				.aiMessage()
				.text();
		}

	}

}
