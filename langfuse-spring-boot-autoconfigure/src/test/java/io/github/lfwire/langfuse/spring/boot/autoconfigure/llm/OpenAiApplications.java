package io.github.lfwire.langfuse.spring.boot.autoconfigure.llm;

import io.github.lfwire.langfuse.spring.boot.autoconfigure.LangfuseAutoConfiguration;
import io.github.lfwire.langfuse.spring.boot.autoconfigure.springai.LangfuseSpringAiAutoConfiguration;
import io.github.lfwire.langfuse.test.FakeOpenAiServer;
import io.github.lfwire.langfuse.testing.FakeLangfuseServer;

import org.springframework.ai.model.chat.client.autoconfigure.ChatClientAutoConfiguration;
import org.springframework.ai.model.openai.autoconfigure.OpenAiChatAutoConfiguration;
import org.springframework.ai.model.tool.autoconfigure.ToolCallingAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * Applications as a user writes them with the starter and Spring AI's OpenAI starter:
 * Spring AI's own OpenAI chat and {@code ChatClient} auto-configuration pointed at a fake
 * OpenAI server, traced to a fake Langfuse.
 */
public final class OpenAiApplications {

	private OpenAiApplications() {
	}

	/**
	 * A runner of the Langfuse, Spring AI integration, OpenAI chat and ChatClient
	 * auto-configurations and the given ones.
	 * @param langfuse where traces go
	 * @param openAi the model server
	 * @param configurations further auto-configurations
	 * @return the runner
	 */
	public static ApplicationContextRunner runner(FakeLangfuseServer langfuse, FakeOpenAiServer openAi,
			Class<?>... configurations) {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(LangfuseAutoConfiguration.class,
					LangfuseSpringAiAutoConfiguration.class, ToolCallingAutoConfiguration.class,
					OpenAiChatAutoConfiguration.class, ChatClientAutoConfiguration.class))
			.withConfiguration(AutoConfigurations.of(configurations))
			.withPropertyValues("langfuse.host=" + langfuse.baseUrl(),
					"langfuse.public-key=" + FakeLangfuseServer.PUBLIC_KEY,
					"langfuse.secret-key=" + FakeLangfuseServer.SECRET_KEY, "spring.ai.openai.api-key=sk-test",
					"spring.ai.openai.base-url=" + openAi.baseUrl(), "spring.ai.openai.chat.model=gpt-test-mini",
					"spring.ai.openai.chat.max-retries=0");
	}

}
