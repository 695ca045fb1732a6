package io.github.lfwire.langfuse.spring.boot.autoconfigure.springai;

import java.time.Duration;
import java.util.List;

import io.github.lfwire.langfuse.LangfuseClient;
import io.github.lfwire.langfuse.test.FakeOpenAiServer;
import io.github.lfwire.langfuse.spring.boot.autoconfigure.llm.OpenAiApplications;
import io.github.lfwire.langfuse.testing.FakeLangfuseServer;
import io.github.lfwire.langfuse.testing.ReceivedSpan;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.ai.chat.client.ChatClient;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static io.github.lfwire.langfuse.testing.ReceivedSpans.ofType;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application with the starter and Spring AI's OpenAI starter but without
 * spring-boot-starter-actuator: Boot's observation auto-configuration, which the starter
 * brings, is the only source of an {@link ObservationRegistry}.
 */
@ExtendWith(OutputCaptureExtension.class)
class SpringAiWithoutActuatorTest {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private static final FakeLangfuseServer langfuse = FakeLangfuseServer.start();

	private static final FakeOpenAiServer openAi = FakeOpenAiServer.start();

	private final ApplicationContextRunner runner = OpenAiApplications.runner(langfuse, openAi)
		.withClassLoader(new FilteredClassLoader("org.springframework.boot.actuate",
				"org.springframework.boot.micrometer.metrics", "org.springframework.boot.micrometer.tracing"));

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
	void shouldTraceChatClientCallsWithoutActuator(CapturedOutput output) {
		this.runner.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class)).run((context) -> {
			assertThat(context).hasSingleBean(ObservationRegistry.class);
			ChatClient chatClient = context.getBean(ChatClient.Builder.class).build();
			String answer = chatClient.prompt().user("no actuator here").call().content();
			assertThat(answer).isEqualTo("echo: no actuator here");
			assertThat(context.getBean(LangfuseClient.class).flush(WAIT).success()).isTrue();
			List<ReceivedSpan> spans = langfuse.awaitSpans(2, WAIT);
			ReceivedSpan chain = ofType(spans, "chain").get(0);
			ReceivedSpan generation = ofType(spans, "generation").get(0);
			assertThat(chain.isRoot()).isTrue();
			assertThat(generation.traceId()).isEqualTo(chain.traceId());
			assertThat(generation.attribute("langfuse.observation.model.name")).startsWith("gpt-test-mini");
		});
		assertThat(output).doesNotContain(MissingObservationRegistryWarning.MESSAGE);
	}

	@Test
	void shouldSayInOneLineWhatToAddWhenNoObservationRegistryExists(CapturedOutput output) {
		this.runner.run((context) -> {
			assertThat(context).hasNotFailed().doesNotHaveBean(ObservationRegistry.class);
			ChatClient chatClient = context.getBean(ChatClient.Builder.class).build();
			assertThat(chatClient.prompt().user("untraced").call().content()).isEqualTo("echo: untraced");
		});
		assertThat(output.getOut().lines().filter((line) -> line.contains(MissingObservationRegistryWarning.MESSAGE)))
			.singleElement()
			.asString()
			.contains("WARN");
	}

	@Test
	void shouldUseTheApplicationsObservationRegistryAndRegisterTheHandlerOnIt(CapturedOutput output) {
		ObservationRegistry own = ObservationRegistry.create();
		this.runner.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class))
			.withBean(ObservationRegistry.class, () -> own)
			.run((context) -> {
				assertThat(context.getBean(ObservationRegistry.class)).isSameAs(own);
				context.getBean(ChatClient.Builder.class).build().prompt().user("own registry").call().content();
				assertThat(context.getBean(LangfuseClient.class).flush(WAIT).success()).isTrue();
				assertThat(ofType(langfuse.awaitSpans(2, WAIT), "generation")).hasSize(1);
			});
		assertThat(output).doesNotContain(MissingObservationRegistryWarning.MESSAGE);
	}

}
