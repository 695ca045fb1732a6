package io.github.lfwire.langfuse.spring.boot.autoconfigure.springai;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.langchain4j.model.openai.OpenAiChatModel;
import io.github.lfwire.langfuse.LangfuseClient;
import io.github.lfwire.langfuse.prompt.ChatMessage;
import io.github.lfwire.langfuse.prompt.ChatPrompt;
import io.github.lfwire.langfuse.prompt.LangfusePrompts;
import io.github.lfwire.langfuse.spring.boot.autoconfigure.langchain4j.LangChain4jPrompts;
import io.github.lfwire.langfuse.spring.boot.autoconfigure.langchain4j.LangfuseChatModelListener;
import io.github.lfwire.langfuse.spring.boot.autoconfigure.langchain4j.LangfuseLangChain4jAutoConfiguration;
import io.github.lfwire.langfuse.test.FakeOpenAiServer;
import io.github.lfwire.langfuse.spring.boot.autoconfigure.llm.OpenAiApplications;
import io.github.lfwire.langfuse.spring.boot.autoconfigure.prompt.LangfusePromptsAutoConfiguration;
import io.github.lfwire.langfuse.testing.FakeLangfuseServer;
import io.github.lfwire.langfuse.testing.ReceivedSpan;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.MessageType;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static io.github.lfwire.langfuse.testing.ReceivedSpans.ofType;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * A Langfuse chat prompt goes into Spring AI and LangChain4j model calls through the
 * adapters: the framework's own generation is linked to the prompt, and the prompt's
 * config sets the model parameters.
 */
@ExtendWith(OutputCaptureExtension.class)
class PromptAdaptersTest {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final FakeLangfuseServer langfuse = FakeLangfuseServer.start();

	private static final FakeOpenAiServer openAi = FakeOpenAiServer.start();

	private final ApplicationContextRunner runner = OpenAiApplications.runner(langfuse, openAi,
			ObservationAutoConfiguration.class, LangfusePromptsAutoConfiguration.class,
			LangfuseLangChain4jAutoConfiguration.class);

	@AfterAll
	static void stopServers() {
		langfuse.close();
		openAi.close();
	}

	@BeforeEach
	void reset() {
		langfuse.reset();
		openAi.reset();
	}

	@Test
	void shouldLinkSpringAisGenerationToThePromptAndApplyItsConfig() {
		this.runner.run((context) -> {
			ChatPrompt prompt = supportPrompt(context);
			Prompt springAiPrompt = SpringAiPrompts.lenient()
				.prompt(prompt, Map.of("tone", "calm", "question", "Where is my order?"),
						Map.of("history", List.of(ChatMessage.user("Hi"), ChatMessage.assistant("Hello"))));
			assertThat(springAiPrompt.getInstructions()).extracting(Message::getMessageType)
				.containsExactly(MessageType.SYSTEM, MessageType.USER, MessageType.ASSISTANT, MessageType.USER);
			String answer = context.getBean(ChatClient.Builder.class).build().prompt(springAiPrompt).call().content();
			assertThat(answer).isEqualTo("echo: Where is my order?");
			JsonNode request = openAi.chatRequests().get(0);
			assertThat(request.path("model").asString()).isEqualTo("gpt-prompt-model");
			assertThat(request.path("temperature").asDouble()).isEqualTo(0.1);
			List<ReceivedSpan> generations = ofType(flushed(context, 2), "generation");
			assertThat(generations).as("only the framework's generation").hasSize(1);
			ReceivedSpan generation = generations.get(0);
			assertThat(generation.attributes()).containsEntry("langfuse.observation.prompt.name", "support-answer")
				.containsEntry("langfuse.observation.prompt.version", (long) prompt.version());
			JsonNode parameters = json.readTree(generation.attribute("langfuse.observation.model.parameters"));
			assertThat(parameters.path("temperature").asDouble()).isEqualTo(0.1);
			assertThat(parameters.path("max_tokens").asInt()).isEqualTo(33);
			assertThat(generation.attribute("langfuse.observation.input")).doesNotContain("placeholder", "null");
		});
	}

	@Test
	void shouldLinkLangChain4jsGenerationToThePromptAndApplyItsConfig() {
		this.runner.run((context) -> {
			ChatPrompt prompt = supportPrompt(context);
			OpenAiChatModel model = OpenAiChatModel.builder()
				.baseUrl(openAi.baseUrl())
				.apiKey("sk-test")
				.modelName("gpt-test-mini")
				.maxRetries(0)
				.listeners(List.of(context.getBean(LangfuseChatModelListener.class)))
				.build();
			String answer = model
				.chat(LangChain4jPrompts.lenient()
					.request(prompt, Map.of("tone", "calm", "question", "Where is my parcel?"),
							Map.of("history", List.of())))
				.aiMessage()
				.text();
			assertThat(answer).isEqualTo("echo: Where is my parcel?");
			assertThat(openAi.chatRequests().get(0).path("model").asString()).isEqualTo("gpt-prompt-model");
			ReceivedSpan generation = ofType(flushed(context, 1), "generation").get(0);
			assertThat(generation.attributes()).containsEntry("langfuse.observation.prompt.name", "support-answer")
				.containsEntry("langfuse.observation.prompt.version", (long) prompt.version());
			assertThat(json.readTree(generation.attribute("langfuse.observation.model.parameters"))
				.path("max_tokens")
				.asInt()).isEqualTo(33);
		});
	}

	@Test
	void shouldRejectAnUnfilledPlaceholderAndInStrictModeAMissingVariable() {
		this.runner.run((context) -> {
			ChatPrompt prompt = supportPrompt(context);
			assertThatIllegalArgumentException()
				.isThrownBy(() -> SpringAiPrompts.lenient().prompt(prompt, Map.of("tone", "calm", "question", "q")))
				.withMessageContaining("history");
			assertThatIllegalArgumentException()
				.isThrownBy(() -> LangChain4jPrompts.strict()
					.messages(prompt, Map.of("question", "q"), Map.of("history", List.of())))
				.withMessageContaining("tone");
		});
	}

	@Test
	void shouldLogAMissingVariableOncePerPromptAndVariable(CapturedOutput output) {
		this.runner.run((context) -> {
			ChatPrompt prompt = supportPrompt(context);
			for (int i = 0; i < 3; i++) {
				List<Message> messages = SpringAiPrompts.lenient()
					.messages(prompt, Map.of("question", "q"), Map.of("history", List.of()));
				assertThat(messages.get(0).getText()).contains("{{tone}}");
			}
		});
		assertThat(output.getOut().lines().filter((line) -> line.contains("uses variable 'tone'"))).hasSize(1);
	}

	private ChatPrompt supportPrompt(AssertableApplicationContext context) {
		LangfusePrompts prompts = context.getBean(LangfusePrompts.class);
		return prompts.createChat("support-answer",
				List.of(ChatMessage.system("Answer in a {{tone}} tone."), ChatMessage.placeholder("history"),
						ChatMessage.user("{{question}}")),
				List.of("production"), Map.of("model", "gpt-prompt-model", "temperature", 0.1, "max_tokens", 33));
	}

	private List<ReceivedSpan> flushed(AssertableApplicationContext context, int count) {
		assertThat(context.getBean(LangfuseClient.class).flush(WAIT).success()).isTrue();
		return langfuse.awaitSpans(count, WAIT);
	}

}
