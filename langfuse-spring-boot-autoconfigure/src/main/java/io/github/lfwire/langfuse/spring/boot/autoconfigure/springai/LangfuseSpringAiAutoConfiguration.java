package io.github.lfwire.langfuse.spring.boot.autoconfigure.springai;

import java.util.ArrayList;
import java.util.List;

import io.github.lfwire.langfuse.LangfuseClient;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.ai.chat.observation.ChatModelObservationContext;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.util.ClassUtils;

/**
 * Records Spring AI's chat, embedding, tool, vector store, {@code ChatClient} and advisor
 * observations in Langfuse through an {@link ObservationHandler} that Spring Boot
 * registers with its {@code ObservationRegistry}. The starter brings Boot's
 * {@code spring-boot-micrometer-observation}, which provides that registry without
 * actuator; an application left without one is told so in one line at startup.
 */
@AutoConfiguration(afterName = "io.github.lfwire.langfuse.spring.boot.autoconfigure.LangfuseAutoConfiguration")
@ConditionalOnClass({ ChatModelObservationContext.class, ObservationHandler.class })
@ConditionalOnBean(LangfuseClient.class)
@ConditionalOnBooleanProperty(name = "langfuse.integrations.spring-ai.enabled", matchIfMissing = true)
public final class LangfuseSpringAiAutoConfiguration {

	private static final String CHAT_CLIENT = "org.springframework.ai.chat.client.observation."
			+ "ChatClientObservationContext";

	private static final String VECTOR_STORE = "org.springframework.ai.vectorstore.observation."
			+ "VectorStoreObservationContext";

	@Bean
	static MissingObservationRegistryWarning langfuseMissingObservationRegistryWarning(
			ObjectProvider<ObservationRegistry> registry) {
		return new MissingObservationRegistryWarning(registry);
	}

	@Bean
	@ConditionalOnMissingBean
	LangfuseSpringAiObservationHandler langfuseSpringAiObservationHandler(ObjectProvider<LangfuseClient> client) {
		return new LangfuseSpringAiObservationHandler(client, mappers(getClass().getClassLoader()));
	}

	static List<SpringAiObservationMapper<?>> mappers(ClassLoader classLoader) {
		List<SpringAiObservationMapper<?>> mappers = new ArrayList<>();
		mappers.add(new ChatModelObservationMapper());
		mappers.add(new EmbeddingModelObservationMapper());
		mappers.add(new ToolCallingObservationMapper());
		if (ClassUtils.isPresent(CHAT_CLIENT, classLoader)) {
			mappers.add(new ChatClientObservationMapper());
			mappers.add(new AdvisorObservationMapper());
		}
		if (ClassUtils.isPresent(VECTOR_STORE, classLoader)) {
			mappers.add(new VectorStoreObservationMapper());
		}
		return mappers;
	}

}
