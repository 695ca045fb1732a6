package io.github.lfwire.langfuse.spring.boot.autoconfigure.springai;

import io.github.lfwire.langfuse.spring.boot.autoconfigure.LangfuseAutoConfiguration;
import io.github.lfwire.langfuse.spring.boot.autoconfigure.langchain4j.LangfuseChatModelListener;
import io.github.lfwire.langfuse.spring.boot.autoconfigure.langchain4j.LangfuseLangChain4jAutoConfiguration;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.ai.chat.client.observation.ChatClientObservationContext;
import org.springframework.ai.chat.observation.ChatModelObservationContext;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.vectorstore.observation.VectorStoreObservationContext;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class LangfuseSpringAiAutoConfigurationTest {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(LangfuseAutoConfiguration.class, ObservationAutoConfiguration.class,
				LangfuseSpringAiAutoConfiguration.class, LangfuseLangChain4jAutoConfiguration.class))
		.withPropertyValues("langfuse.enabled=false");

	@Test
	void shouldRegisterTheHandlerWithBootsObservationRegistryWhenSpringAiIsPresent() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(LangfuseSpringAiObservationHandler.class);
			ObservationRegistry registry = context.getBean(ObservationRegistry.class);
			ChatModelObservationContext chat = ChatModelObservationContext.builder()
				.prompt(new Prompt("hi"))
				.provider("openai")
				.build();
			Observation.start("gen_ai.client.operation", () -> chat, registry).stop();
			Object recorded = chat.get(RecordedSpringAiObservation.class);
			assertThat(recorded).isNotNull();
		});
	}

	@Test
	void shouldNotRegisterTheHandlerWhenDisabled() {
		this.runner.withPropertyValues("langfuse.integrations.spring-ai.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(LangfuseSpringAiObservationHandler.class)
				.hasSingleBean(LangfuseChatModelListener.class));
	}

	@Test
	void shouldStartWithoutSpringAiOnTheClasspath() {
		this.runner.withClassLoader(new FilteredClassLoader("org.springframework.ai"))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(LangfuseSpringAiObservationHandler.class)
				.hasSingleBean(LangfuseChatModelListener.class));
	}

	@Test
	void shouldStartWithoutSpringAiOrLangChain4jOnTheClasspath() {
		this.runner.withClassLoader(new FilteredClassLoader("org.springframework.ai", "dev.langchain4j"))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(LangfuseSpringAiObservationHandler.class)
				.doesNotHaveBean(LangfuseChatModelListener.class)
				.hasSingleBean(ObservationRegistry.class));
	}

	@Test
	void shouldNotRegisterTheHandlerWithoutMicrometerObservation() {
		this.runner.withClassLoader(new FilteredClassLoader("io.micrometer.observation"))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(LangfuseSpringAiObservationHandler.class));
	}

	@Test
	void shouldReadChatClientAndVectorStoreContextsOnlyWhenTheirModulesArePresent() {
		FilteredClassLoader withoutModules = new FilteredClassLoader("org.springframework.ai.chat.client",
				"org.springframework.ai.vectorstore");
		assertThat(LangfuseSpringAiAutoConfiguration.mappers(withoutModules))
			.extracting((mapper) -> mapper.contextType().getName())
			.doesNotContain(ChatClientObservationContext.class.getName(), VectorStoreObservationContext.class.getName())
			.contains(ChatModelObservationContext.class.getName());
		assertThat(LangfuseSpringAiAutoConfiguration.mappers(getClass().getClassLoader()))
			.extracting((mapper) -> mapper.contextType().getName())
			.contains(ChatClientObservationContext.class.getName(), VectorStoreObservationContext.class.getName());
	}

}
