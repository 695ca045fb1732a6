package io.github.lfwire.sample;

import io.github.lfwire.langfuse.test.FakeOpenAiServer;
import org.junit.jupiter.api.Test;

import org.springframework.ai.model.openai.autoconfigure.OpenAiCommonProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class FakeOpenAiConfigurationTest {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(Properties.class, FakeOpenAiConfiguration.class);

	@Test
	void shouldServeTheFakeModelAndPointSpringAiAtItWithoutKeyOrBaseUrl() {
		this.runner.run((context) -> {
			FakeOpenAiServer server = context.getBean(FakeOpenAiServer.class);
			OpenAiCommonProperties connection = context.getBean(OpenAiCommonProperties.class);
			assertThat(connection.getBaseUrl()).isEqualTo(server.baseUrl()).startsWith("http://").endsWith("/v1");
			assertThat(connection.getApiKey()).isEqualTo(FakeOpenAiConfiguration.API_KEY);
		});
	}

	@Test
	void shouldLeaveSpringAiToTheRealServiceWhenAnApiKeyIsSet() {
		this.runner.withPropertyValues("spring.ai.openai.api-key=sk-real").run((context) -> {
			assertThat(context).doesNotHaveBean(FakeOpenAiServer.class);
			OpenAiCommonProperties connection = context.getBean(OpenAiCommonProperties.class);
			assertThat(connection.getApiKey()).isEqualTo("sk-real");
			assertThat(connection.getBaseUrl()).isNull();
		});
	}

	@Test
	void shouldLeaveSpringAiToTheGivenBaseUrl() {
		this.runner.withPropertyValues("spring.ai.openai.base-url=http://localhost:11434/v1").run((context) -> {
			assertThat(context).doesNotHaveBean(FakeOpenAiServer.class);
			assertThat(context.getBean(OpenAiCommonProperties.class).getBaseUrl())
				.isEqualTo("http://localhost:11434/v1");
		});
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties({ SampleProperties.class, OpenAiCommonProperties.class })
	static class Properties {

	}

}
