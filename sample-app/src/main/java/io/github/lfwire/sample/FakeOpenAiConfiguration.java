package io.github.lfwire.sample;

import io.github.lfwire.langfuse.test.FakeOpenAiServer;
import io.github.lfwire.sample.model.FakeChatModel;
import io.github.lfwire.sample.model.FakeEmbeddingModel;
import io.github.lfwire.sample.model.FakeOpenAiApi;

import org.springframework.ai.model.openai.autoconfigure.OpenAiCommonProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.NoneNestedConditions;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * Serves the fake model on a local OpenAI-compatible server and points Spring AI's OpenAI
 * models at it, unless {@code spring.ai.openai.api-key} or
 * {@code spring.ai.openai.base-url} is set, in which case Spring AI calls the real
 * service.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(FakeOpenAiConfiguration.NoOpenAiConnection.class)
class FakeOpenAiConfiguration {

	static final String API_KEY = "sk-fake-openai";

	@Bean(destroyMethod = "close")
	FakeOpenAiServer fakeOpenAiServer(SampleProperties properties) {
		FakeOpenAiApi api = new FakeOpenAiApi(new FakeChatModel(properties), new FakeEmbeddingModel(properties));
		try {
			return FakeOpenAiServer.start(properties.fakeOpenai().port(), api::chatCompletions,
					api::chatCompletionChunks, api::embeddings);
		}
		catch (IllegalStateException ex) {
			throw new IllegalStateException(ex.getMessage() + "; set sample.fake-openai.port to a free port", ex);
		}
	}

	@Bean
	static BeanPostProcessor fakeOpenAiConnection(ObjectProvider<FakeOpenAiServer> server) {
		return new BeanPostProcessor() {

			@Override
			public Object postProcessAfterInitialization(Object bean, String beanName) {
				if (bean instanceof OpenAiCommonProperties connection) {
					connection.setBaseUrl(server.getObject().baseUrl());
					connection.setApiKey(API_KEY);
					connection.setMaxRetries(0);
				}
				return bean;
			}

		};
	}

	/** Neither an OpenAI key nor a base URL is configured. */
	static final class NoOpenAiConnection extends NoneNestedConditions {

		NoOpenAiConnection() {
			super(ConfigurationPhase.REGISTER_BEAN);
		}

		@ConditionalOnProperty("spring.ai.openai.api-key")
		static final class ApiKey {

		}

		@ConditionalOnProperty("spring.ai.openai.base-url")
		static final class BaseUrl {

		}

	}

}
