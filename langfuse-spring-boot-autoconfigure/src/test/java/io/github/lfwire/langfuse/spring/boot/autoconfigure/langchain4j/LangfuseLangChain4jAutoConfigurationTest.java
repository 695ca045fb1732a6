package io.github.lfwire.langfuse.spring.boot.autoconfigure.langchain4j;

import dev.langchain4j.model.chat.listener.ChatModelListener;
import io.github.lfwire.langfuse.spring.boot.autoconfigure.LangfuseAutoConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class LangfuseLangChain4jAutoConfigurationTest {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(LangfuseAutoConfiguration.class, LangfuseLangChain4jAutoConfiguration.class))
		.withPropertyValues("langfuse.enabled=false");

	@Test
	void shouldProvideTheListenerAsAChatModelListenerBean() {
		this.runner.run((context) -> assertThat(context).hasSingleBean(ChatModelListener.class)
			.getBean(ChatModelListener.class)
			.isInstanceOf(LangfuseChatModelListener.class));
	}

	@Test
	void shouldNotProvideTheListenerWhenDisabled() {
		this.runner.withPropertyValues("langfuse.integrations.langchain4j.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ChatModelListener.class));
	}

	@Test
	void shouldStartWithoutLangChain4jOnTheClasspath() {
		this.runner.withClassLoader(new FilteredClassLoader("dev.langchain4j"))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(LangfuseChatModelListener.class));
	}

	@Test
	void shouldBackOffWhenTheApplicationDefinesItsOwnListener() {
		this.runner
			.withBean("custom", LangfuseChatModelListener.class,
					() -> new LangfuseChatModelListener(io.github.lfwire.langfuse.LangfuseClient
						.create(io.github.lfwire.langfuse.LangfuseConfig.builder().enabled(false).build())))
			.run((context) -> assertThat(context).hasSingleBean(LangfuseChatModelListener.class).hasBean("custom"));
	}

}
