package io.github.lfwire.langfuse.spring.boot.autoconfigure.springai;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.github.lfwire.langfuse.LangfuseClient;
import io.github.lfwire.langfuse.Observation;
import io.github.lfwire.langfuse.ObservationType;
import io.github.lfwire.langfuse.observe.Observe;
import io.github.lfwire.langfuse.prompt.LangfusePrompts;
import io.github.lfwire.langfuse.prompt.TextPrompt;
import io.github.lfwire.langfuse.test.FakeOpenAiServer;
import io.github.lfwire.langfuse.test.FakeOpenAiServer.Reply;
import io.github.lfwire.langfuse.test.FakeOpenAiServer.ToolCall;
import io.github.lfwire.langfuse.testing.FakeLangfuseServer;
import io.github.lfwire.langfuse.testing.ReceivedSpan;
import io.micrometer.observation.ObservationRegistry;
import io.github.lfwire.langfuse.spring.boot.autoconfigure.llm.ReactorHookRestored;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.client.advisor.SimpleLoggerAdvisor;
import org.springframework.ai.chat.messages.SystemMessage;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.document.Document;
import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.ai.openai.OpenAiChatModel;
import org.springframework.ai.openai.OpenAiChatOptions;
import org.springframework.ai.openai.OpenAiEmbeddingModel;
import org.springframework.ai.openai.OpenAiEmbeddingOptions;
import org.springframework.ai.tool.annotation.Tool;
import org.springframework.ai.tool.annotation.ToolParam;
import org.springframework.ai.vectorstore.SearchRequest;
import org.springframework.ai.vectorstore.SimpleVectorStore;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static io.github.lfwire.langfuse.testing.ReceivedSpans.ancestors;
import static io.github.lfwire.langfuse.testing.ReceivedSpans.byId;
import static io.github.lfwire.langfuse.testing.ReceivedSpans.named;
import static io.github.lfwire.langfuse.testing.ReceivedSpans.ofType;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

@SpringBootTest(classes = SpringAiObservationIntegrationTest.App.class,
		properties = { "langfuse.export.flush-interval=50ms", "langfuse.capture.redact-keys=secret-code",
				"spring.reactor.context-propagation=auto" })
@ExtendWith(ReactorHookRestored.class)
class SpringAiObservationIntegrationTest {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final FakeLangfuseServer langfuse = FakeLangfuseServer.start();

	private static final FakeOpenAiServer openAi = FakeOpenAiServer.start();

	@Autowired
	private LangfuseClient client;

	@Autowired
	private OpenAiChatModel chatModel;

	@Autowired
	private EmbeddingModel embeddingModel;

	@Autowired
	private SimpleVectorStore vectorStore;

	@Autowired
	private ChatClient chatClient;

	@Autowired
	private Assistant assistant;

	@Autowired
	private Streamer streamer;

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
	void shouldRecordChatCallAsGenerationNestedInTheCurrentObservation() {
		String answer = this.assistant.ask("What is Langfuse?");
		assertThat(answer).isEqualTo("echo: What is Langfuse?");
		List<ReceivedSpan> spans = flushed(2);
		ReceivedSpan root = named(spans, "Assistant.ask");
		ReceivedSpan generation = ofType(spans, "generation").get(0);
		assertThat(root.isRoot()).isTrue();
		assertThat(generation.traceId()).isEqualTo(root.traceId());
		assertThat(generation.parentSpanId()).isEqualTo(root.spanId());
		assertThat(generation.name()).as("named as Spring AI names it when it stops").isEqualTo("chat gpt-test-mini");
		assertThat(generation.attribute("langfuse.observation.model.name"))
			.isEqualTo("gpt-test-mini" + FakeOpenAiServer.MODEL_SUFFIX);
		JsonNode parameters = tree(generation, "langfuse.observation.model.parameters");
		assertThat(parameters.path("temperature").asDouble()).isEqualTo(0.3);
		assertThat(parameters.path("max_tokens").asInt()).isEqualTo(64);
		assertThat(parameters.path("top_p").asDouble()).isEqualTo(0.9);
		assertThat(parameters.path("stop").path(0).asString()).isEqualTo("END");
		assertThat(tree(generation, "langfuse.observation.usage_details"))
			.isEqualTo(json.readTree("{\"input\":21,\"output\":9,\"total\":30,\"input_cached_tokens\":4}"));
		JsonNode input = tree(generation, "langfuse.observation.input");
		assertThat(input.path(0).path("role").asString()).isEqualTo("system");
		assertThat(input.path(0).path("content").asString()).isEqualTo("Answer briefly.");
		assertThat(input.path(1).path("role").asString()).isEqualTo("user");
		assertThat(input.path(1).path("content").asString()).isEqualTo("What is Langfuse?");
		JsonNode output = tree(generation, "langfuse.observation.output");
		assertThat(output.path("role").asString()).isEqualTo("assistant");
		assertThat(output.path("content").asString()).isEqualTo("echo: What is Langfuse?");
		assertThat(generation.attribute("langfuse.observation.metadata.finish_reason")).isEqualTo("STOP");
		assertThat(generation.attribute("langfuse.observation.metadata.finish_reason_normalized")).isEqualTo("stop");
		assertThat(generation.attribute("langfuse.observation.metadata.provider")).isEqualTo("openai");
		assertThat(generation.attribute("langfuse.observation.metadata.requested_model")).isEqualTo("gpt-test-mini");
		langfuse.assertContractRespected();
	}

	@Test
	void shouldLinkTheChatClientsGenerationToThePromptGivenToTheEnclosingObservation() {
		langfuse.prompts().createText("assistant-answer", "Answer {{question}} briefly.", "production");
		TextPrompt prompt = this.prompts.text("assistant-answer").fallback("Answer {{question}}.").get();
		assertThat(prompt.isFallback()).isFalse();
		String answer = this.streamer.answer("What is Langfuse?", prompt);
		assertThat(answer).isEqualTo("echo: Answer What is Langfuse? briefly.");
		List<ReceivedSpan> spans = flushed(3);
		ReceivedSpan generation = ofType(spans, "generation").get(0);
		assertThat(generation.attributes()).containsEntry("langfuse.observation.prompt.name", "assistant-answer")
			.containsEntry("langfuse.observation.prompt.version", 1L);
		assertThat(spans).filteredOn((span) -> !"generation".equals(span.attribute("langfuse.observation.type")))
			.isNotEmpty()
			.allSatisfy((span) -> assertThat(span.attributes()).as(span.name())
				.doesNotContainKey("langfuse.observation.prompt.name"));
		langfuse.assertContractRespected();
	}

	@Test
	void shouldNotLinkTheChatClientsGenerationToAFallbackPrompt() {
		TextPrompt fallback = this.prompts.text("missing-prompt").fallback("Answer {{question}}.").get();
		assertThat(fallback.isFallback()).isTrue();
		this.streamer.answer("What is Langfuse?", fallback);
		List<ReceivedSpan> spans = flushed(3);
		assertThat(ofType(spans, "generation").get(0).attributes())
			.doesNotContainKeys("langfuse.observation.prompt.name", "langfuse.observation.prompt.version");
	}

	@Test
	void shouldStartItsOwnTraceOutsideAnyObservation() {
		this.chatModel.call(new Prompt(new UserMessage("hi")));
		List<ReceivedSpan> spans = flushed(1);
		assertThat(spans).hasSize(1);
		assertThat(spans.get(0).isRoot()).isTrue();
		assertThat(spans.get(0).attribute("langfuse.observation.type")).isEqualTo("generation");
		assertThat(Observation.current()).isSameAs(Observation.noop());
	}

	@Test
	void shouldRecordStreamWithUsageAndCompletionStartTime() {
		openAi.firstChunkDelay(Duration.ofMillis(300));
		Instant before = Instant.now();
		List<ChatResponse> chunks = this.chatModel
			.stream(new Prompt(new UserMessage("stream please"),
					OpenAiChatOptions.builder().model("gpt-test-mini").build()))
			.collectList()
			.block(WAIT);
		assertThat(chunks).isNotEmpty();
		ReceivedSpan generation = flushedAfterStreamEnds(1).get(0);
		assertThat(generation.attribute("langfuse.observation.type")).isEqualTo("generation");
		assertThat(generation.attribute("langfuse.observation.metadata.streaming")).isEqualTo("true");
		assertThat(tree(generation, "langfuse.observation.usage_details").path("output").asInt())
			.isEqualTo(FakeOpenAiServer.COMPLETION_TOKENS);
		assertThat(tree(generation, "langfuse.observation.output").path("content").asString())
			.isEqualTo("echo: stream please");
		Instant firstChunk = openAi.firstChunksSent().get(0);
		Instant completionStart = Instant.parse(generation.attribute("langfuse.observation.completion_start_time"));
		assertThat(completionStart).isAfterOrEqualTo(firstChunk).isAfter(before);
	}

	@Test
	void shouldRecordEmbeddingWithModelUsageAndInputsButNotVectors() {
		this.embeddingModel.embed(List.of("first text", "second longer text"));
		ReceivedSpan embedding = flushed(1).get(0);
		assertThat(embedding.attribute("langfuse.observation.type")).isEqualTo("embedding");
		assertThat(embedding.name()).isEqualTo("embedding text-embedding-test");
		assertThat(embedding.attribute("langfuse.observation.model.name"))
			.isEqualTo("text-embedding-test" + FakeOpenAiServer.MODEL_SUFFIX);
		assertThat(tree(embedding, "langfuse.observation.usage_details").path("input").asInt()).isEqualTo(5);
		assertThat(tree(embedding, "langfuse.observation.input"))
			.isEqualTo(json.readTree("[\"first text\",\"second longer text\"]"));
		assertThat(tree(embedding, "langfuse.observation.output"))
			.isEqualTo(json.readTree("{\"embeddings\":2,\"dimensions\":8}"));
		assertThat(embedding.attribute("langfuse.observation.metadata.dimensions")).isEqualTo("8");
	}

	@Test
	void shouldNestChatClientAdvisorsGenerationsToolsAndObserveMethodsInOneTrace() {
		openAi.enqueue(
				Reply.toolCalls(new ToolCall("call_1", "weather", "{\"city\":\"Paris\",\"secret-code\":\"42\"}")),
				Reply.text("It is sunny in Paris."));
		String answer = this.chatClient.prompt()
			.user("Weather in Paris?")
			.tools(new WeatherTools(this.assistant))
			.advisors(new SimpleLoggerAdvisor())
			.call()
			.content();
		assertThat(answer).isEqualTo("It is sunny in Paris.");
		List<ReceivedSpan> spans = flushed(7);
		ReceivedSpan chain = ofType(spans, "chain").get(0);
		assertThat(chain.isRoot()).isTrue();
		assertThat(chain.name()).isEqualTo("spring_ai chat_client");
		assertThat(spans).allSatisfy((span) -> assertThat(span.traceId()).isEqualTo(chain.traceId()));
		assertThat(tree(chain, "langfuse.observation.output").path("content").asString())
			.isEqualTo("It is sunny in Paris.");
		List<ReceivedSpan> generations = ofType(spans, "generation");
		assertThat(generations).hasSize(2);
		ReceivedSpan tool = ofType(spans, "tool").get(0);
		assertThat(tool.name()).isEqualTo("weather");
		assertThat(tree(tool, "langfuse.observation.input"))
			.isEqualTo(json.readTree("{\"city\":\"Paris\",\"secret-code\":\"<redacted>\"}"));
		assertThat(tool.attribute("langfuse.observation.output")).as("encoded once").isEqualTo("\"sunny in Paris\"");
		assertThat(generations).anySatisfy((generation) -> {
			assertThat(generation.attribute("langfuse.observation.metadata.finish_reason")).isEqualTo("TOOL_CALLS");
			assertThat(generation.attribute("langfuse.observation.metadata.finish_reason_normalized"))
				.isEqualTo("tool_calls");
		});
		assertThat(tool.attribute("langfuse.observation.metadata.tool_call_id")).isEqualTo("call_1");
		assertThat(chain.attribute("langfuse.observation.metadata.advisors")).contains("SimpleLoggerAdvisor");
		ReceivedSpan lookup = named(spans, "Assistant.lookup");
		assertThat(lookup.parentSpanId()).isEqualTo(tool.spanId());
		List<ReceivedSpan> advisors = ofType(spans, "span");
		assertThat(advisors).extracting(ReceivedSpan::name).contains("SimpleLoggerAdvisor");
		Map<String, ReceivedSpan> byId = byId(spans);
		assertThat(generations).allSatisfy((generation) -> {
			ReceivedSpan parent = byId.get(generation.parentSpanId());
			assertThat(parent.attribute("langfuse.observation.type")).isEqualTo("span");
			assertThat(ancestors(generation, byId)).contains(chain);
		});
		assertThat(ancestors(tool, byId)).contains(chain);
		JsonNode secondInput = tree(generations.stream()
			.filter((generation) -> tree(generation, "langfuse.observation.input").size() == 3)
			.findFirst()
			.orElseThrow(), "langfuse.observation.input");
		assertThat(secondInput.path(1).path("tool_calls").path(0).path("function").path("name").asString())
			.isEqualTo("weather");
		assertThat(secondInput.path(2).path("role").asString()).isEqualTo("tool");
		langfuse.assertContractRespected();
	}

	@Test
	void shouldNestStreamedChatClientCallUnderTheObserveMethodThatSubscribed() {
		String answer = this.streamer.stream("stream through the client");
		Instant answered = Instant.now();
		assertThat(answer).isEqualTo("echo: stream through the client");
		List<ReceivedSpan> spans = flushedAfterStreamEnds(4);
		ReceivedSpan root = named(spans, "Streamer.stream");
		ReceivedSpan chain = ofType(spans, "chain").get(0);
		ReceivedSpan generation = ofType(spans, "generation").get(0);
		Map<String, ReceivedSpan> byId = byId(spans);
		assertThat(spans).allSatisfy((span) -> assertThat(span.traceId()).isEqualTo(root.traceId()));
		assertThat(chain.parentSpanId()).isEqualTo(root.spanId());
		assertThat(chain.attribute("langfuse.observation.metadata.streaming")).isEqualTo("true");
		assertThat(byId.get(generation.parentSpanId()).attribute("langfuse.observation.type")).isEqualTo("span");
		assertThat(ancestors(generation, byId)).contains(chain, root);
		assertThat(Instant.parse(generation.attribute("langfuse.observation.completion_start_time")))
			.isBetween(openAi.firstChunksSent().get(0), answered);
		assertThat(tree(generation, "langfuse.observation.usage_details").path("total").asInt())
			.isEqualTo(FakeOpenAiServer.PROMPT_TOKENS + FakeOpenAiServer.COMPLETION_TOKENS);
	}

	@Test
	void shouldRecordVectorStoreQueryAsRetrieverWithItsEmbedding() {
		this.vectorStore.add(List.of(new Document("doc-a", "Langfuse traces LLM applications", Map.of("kind", "faq")),
				new Document("doc-b", "Bananas are yellow", Map.of("kind", "fruit"))));
		this.client.flush(WAIT);
		langfuse.reset();
		long deferredBefore = this.client.stats().capturesDeferred();
		List<Document> found = this.vectorStore
			.similaritySearch(SearchRequest.builder().query("Langfuse traces").topK(1).build());
		assertThat(found).extracting(Document::getId).containsExactly("doc-a");
		List<ReceivedSpan> spans = flushed(2);
		// the retriever's input and output and the embedding's output summary are built
		// immutable, so they are written on the export thread
		assertThat(this.client.stats().capturesDeferred() - deferredBefore).isGreaterThanOrEqualTo(3);
		ReceivedSpan retriever = ofType(spans, "retriever").get(0);
		ReceivedSpan embedding = ofType(spans, "embedding").get(0);
		assertThat(embedding.parentSpanId()).isEqualTo(retriever.spanId());
		assertThat(retriever.name())
			.isEqualTo(retriever.attribute("langfuse.observation.metadata.db_system") + " query");
		JsonNode input = tree(retriever, "langfuse.observation.input");
		assertThat(input.path("query").asString()).isEqualTo("Langfuse traces");
		assertThat(input.path("top_k").asInt()).isEqualTo(1);
		JsonNode output = tree(retriever, "langfuse.observation.output");
		assertThat(output).hasSize(1);
		assertThat(output.path(0).path("id").asString()).isEqualTo("doc-a");
		assertThat(output.path(0).path("text").asString()).isEqualTo("Langfuse traces LLM applications");
		assertThat(output.path(0).propertyNames()).containsExactly("id", "text", "score", "metadata");
		assertThat(output.path(0).path("score").asDouble()).isEqualTo(found.get(0).getScore());
		assertThat(output.path(0).path("metadata").path("kind").asString()).isEqualTo("faq");
		assertThat(output.path(0).path("metadata")).hasSize(found.get(0).getMetadata().size());
	}

	@Test
	void shouldMarkFailedChatCallAsError() {
		openAi.enqueue(Reply.error(400, "model overloaded"));
		assertThatThrownBy(() -> this.assistant.ask("fail")).isInstanceOf(RuntimeException.class);
		List<ReceivedSpan> spans = flushed(2);
		ReceivedSpan generation = ofType(spans, "generation").get(0);
		assertThat(generation.attribute("langfuse.observation.level")).isEqualTo("ERROR");
		assertThat(generation.attribute("langfuse.observation.status_message")).contains("model overloaded");
		assertThat(generation.attribute("langfuse.observation.model.name")).isEqualTo("gpt-test-mini");
		assertThat(generation.attribute("langfuse.observation.output")).isNull();
		assertThat(named(spans, "Assistant.ask").attribute("langfuse.observation.level")).isEqualTo("ERROR");
	}

	private List<ReceivedSpan> flushed(int count) {
		assertThat(this.client.flush(WAIT).success()).isTrue();
		return langfuse.awaitSpans(count, WAIT);
	}

	private List<ReceivedSpan> flushedAfterStreamEnds(int count) {
		await().atMost(WAIT).untilAsserted(() -> {
			this.client.flush(WAIT);
			assertThat(langfuse.spans()).hasSizeGreaterThanOrEqualTo(count);
		});
		return langfuse.spans();
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
		OpenAiChatModel chatModel(ObservationRegistry observationRegistry) {
			return OpenAiChatModel.builder()
				.options(OpenAiChatOptions.builder()
					.baseUrl(openAi.baseUrl())
					.apiKey("sk-test")
					.model("gpt-test-mini")
					.maxRetries(0)
					.build())
				.observationRegistry(observationRegistry)
				.build();
		}

		@Bean
		OpenAiEmbeddingModel embeddingModel(ObservationRegistry observationRegistry) {
			return OpenAiEmbeddingModel.builder()
				.options(OpenAiEmbeddingOptions.builder()
					.baseUrl(openAi.baseUrl())
					.apiKey("sk-test")
					.model("text-embedding-test")
					.maxRetries(0)
					.build())
				.observationRegistry(observationRegistry)
				.build();
		}

		@Bean
		SimpleVectorStore vectorStore(EmbeddingModel embeddingModel, ObservationRegistry observationRegistry) {
			return SimpleVectorStore.builder(embeddingModel).observationRegistry(observationRegistry).build();
		}

		@Bean
		ChatClient chatClient(OpenAiChatModel chatModel, ObservationRegistry observationRegistry) {
			return ChatClient.builder(chatModel, observationRegistry, null, null).build();
		}

		@Bean
		Assistant assistant(OpenAiChatModel chatModel) {
			return new Assistant(chatModel);
		}

		@Bean
		Streamer streamer(ChatClient chatClient) {
			return new Streamer(chatClient);
		}

	}

	static class Assistant {

		private final OpenAiChatModel chatModel;

		Assistant(OpenAiChatModel chatModel) {
			this.chatModel = chatModel;
		}

		@Observe(type = ObservationType.AGENT)
		String ask(String question) {
			OpenAiChatOptions options = OpenAiChatOptions.builder()
				.model("gpt-test-mini")
				.temperature(0.3)
				.maxTokens(64)
				.topP(0.9)
				.stop(List.of("END"))
				.build();
			return this.chatModel
				.call(new Prompt(List.of(new SystemMessage("Answer briefly."), new UserMessage(question)), options))
				.getResult()
				.getOutput()
				.getText();
		}

		@Observe
		String lookup(String city) {
			return "sunny in " + city;
		}

	}

	static class Streamer {

		private final ChatClient chatClient;

		Streamer(ChatClient chatClient) {
			this.chatClient = chatClient;
		}

		@Observe(type = ObservationType.CHAIN)
		String answer(String question, TextPrompt prompt) {
			Observation.current().prompt(prompt);
			return this.chatClient.prompt().user(prompt.compile(Map.of("question", question))).call().content();
		}

		@Observe
		String stream(String question) {
			return String.join("",
					this.chatClient.prompt()
						.user(question)
						.stream()
						.content()
						.subscribeOn(Schedulers.boundedElastic())
						.collectList()
						.block(WAIT));
		}

	}

	static class WeatherTools {

		private final Assistant assistant;

		WeatherTools(Assistant assistant) {
			this.assistant = assistant;
		}

		@Tool(description = "The current weather in a city")
		String weather(@ToolParam(description = "the city") String city) {
			return this.assistant.lookup(city);
		}

	}

}
