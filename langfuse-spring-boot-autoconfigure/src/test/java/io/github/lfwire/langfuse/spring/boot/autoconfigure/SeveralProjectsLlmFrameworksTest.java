package io.github.lfwire.langfuse.spring.boot.autoconfigure;

import java.time.Duration;
import java.util.List;

import io.github.lfwire.langfuse.LangfuseProjects;
import io.github.lfwire.langfuse.observe.Observe;
import io.github.lfwire.langfuse.spring.boot.autoconfigure.llm.OpenAiApplications;
import io.github.lfwire.langfuse.spring.boot.autoconfigure.observe.LangfuseObserveAutoConfiguration;
import io.github.lfwire.langfuse.test.FakeOpenAiServer;
import io.github.lfwire.langfuse.testing.FakeLangfuseServer;
import io.github.lfwire.langfuse.testing.ReceivedSpan;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.langchain4j.model.openai.OpenAiChatModel;
import io.github.lfwire.langfuse.spring.boot.autoconfigure.langchain4j.LangfuseChatModelListener;
import io.github.lfwire.langfuse.spring.boot.autoconfigure.langchain4j.LangfuseLangChain4jAutoConfiguration;

import org.springframework.ai.chat.client.ChatClient;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;

import static io.github.lfwire.langfuse.testing.ReceivedSpans.ofType;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spring AI's and LangChain4j's generations, recorded with the default client, follow the
 * trace that calls the model into its project.
 */
class SeveralProjectsLlmFrameworksTest {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private final FakeLangfuseServer serverA = FakeLangfuseServer.start();

	private final FakeLangfuseServer serverB = FakeLangfuseServer.start("pk-lf-b-2222", "sk-lf-b-2222");

	private final FakeOpenAiServer openAi = FakeOpenAiServer.start();

	@AfterEach
	void stop() {
		this.serverA.close();
		this.serverB.close();
		this.openAi.close();
	}

	@Test
	void shouldRecordTheGenerationsOfATraceStartedInProjectBInThatTraceOnlyAtItsServer() {
		OpenAiApplications
			.runner(this.serverA, this.openAi, LangfuseObserveAutoConfiguration.class,
					ObservationAutoConfiguration.class)
			.withPropertyValues("langfuse.export.flush-interval=50ms",
					"langfuse.projects.b.base-url=" + this.serverB.baseUrl(),
					"langfuse.projects.b.public-key=pk-lf-b-2222", "langfuse.projects.b.secret-key=sk-lf-b-2222")
			.withBean(Assistant.class)
			.run((context) -> {
				assertThat(context.getBean(Assistant.class).answer("hello")).isEqualTo("echo: hello");
				assertThat(context.getBean(LangfuseProjects.class).flush(WAIT).success()).isTrue();
				List<ReceivedSpan> spans = this.serverB.awaitSpans(3, WAIT);
				ReceivedSpan root = spans.stream().filter(ReceivedSpan::isRoot).findFirst().orElseThrow();
				assertThat(root.name()).isEqualTo("Assistant.answer");
				ReceivedSpan generation = ofType(spans, "generation").get(0);
				assertThat(generation.attribute("langfuse.observation.model.name")).startsWith("gpt-test-mini");
				assertThat(spans).allSatisfy((span) -> assertThat(span.traceId()).isEqualTo(root.traceId()));
				assertThat(this.serverA.spans()).isEmpty();
				assertThat(this.serverA.traceRequests()).isZero();
			});
	}

	@Test
	void shouldRecordTheLangChain4jGenerationsOfATraceStartedInProjectBInThatTraceOnlyAtItsServer() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(LangfuseAutoConfiguration.class,
					LangfuseObserveAutoConfiguration.class, LangfuseLangChain4jAutoConfiguration.class))
			.withPropertyValues("langfuse.export.flush-interval=50ms", "langfuse.host=" + this.serverA.baseUrl(),
					"langfuse.public-key=" + FakeLangfuseServer.PUBLIC_KEY,
					"langfuse.secret-key=" + FakeLangfuseServer.SECRET_KEY,
					"langfuse.projects.b.base-url=" + this.serverB.baseUrl(),
					"langfuse.projects.b.public-key=pk-lf-b-2222", "langfuse.projects.b.secret-key=sk-lf-b-2222")
			.withPropertyValues("test.openai.base-url=" + this.openAi.baseUrl())
			.withUserConfiguration(LangChain4jModel.class)
			.withBean(LangChain4jAssistant.class)
			.run((context) -> {
				assertThat(context.getBean(LangChain4jAssistant.class).answer("hello")).isEqualTo("echo: hello");
				assertThat(context.getBean(LangfuseProjects.class).flush(WAIT).success()).isTrue();
				List<ReceivedSpan> spans = this.serverB.awaitSpans(2, WAIT);
				ReceivedSpan root = spans.stream().filter(ReceivedSpan::isRoot).findFirst().orElseThrow();
				assertThat(root.name()).isEqualTo("LangChain4jAssistant.answer");
				ReceivedSpan generation = ofType(spans, "generation").get(0);
				assertThat(generation.parentSpanId()).isEqualTo(root.spanId());
				assertThat(this.serverA.spans()).isEmpty();
				assertThat(this.serverA.traceRequests()).isZero();
			});
	}

	@Configuration(proxyBeanMethods = false)
	static class LangChain4jModel {

		@Bean
		OpenAiChatModel chatModel(LangfuseChatModelListener listener, Environment environment) {
			return OpenAiChatModel.builder()
				.baseUrl(environment.getRequiredProperty("test.openai.base-url"))
				.apiKey("sk-test")
				.modelName("gpt-test-mini")
				.maxRetries(0)
				.listeners(List.of(listener))
				.build();
		}

	}

	static class LangChain4jAssistant {

		private final OpenAiChatModel chatModel;

		LangChain4jAssistant(OpenAiChatModel chatModel) {
			this.chatModel = chatModel;
		}

		@Observe(project = "b")
		public String answer(String question) {
			return this.chatModel.chat(question);
		}

	}

	static class Assistant {

		private final ChatClient chatClient;

		Assistant(ChatClient.Builder chatClient) {
			this.chatClient = chatClient.build();
		}

		@Observe(project = "b")
		public String answer(String question) {
			return this.chatClient.prompt().user(question).call().content();
		}

	}

}
