package io.github.lfwire.langfuse.spring.boot.autoconfigure.langchain4j;

import dev.langchain4j.model.chat.listener.ChatModelListener;
import io.github.lfwire.langfuse.LangfuseClient;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Provides a {@link LangfuseChatModelListener} bean that records LangChain4j chat
 * requests as Langfuse generations.
 */
@AutoConfiguration(afterName = "io.github.lfwire.langfuse.spring.boot.autoconfigure.LangfuseAutoConfiguration")
@ConditionalOnClass(ChatModelListener.class)
@ConditionalOnBean(LangfuseClient.class)
@ConditionalOnBooleanProperty(name = "langfuse.integrations.langchain4j.enabled", matchIfMissing = true)
public final class LangfuseLangChain4jAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	LangfuseChatModelListener langfuseChatModelListener(LangfuseClient client) {
		return new LangfuseChatModelListener(client);
	}

}
