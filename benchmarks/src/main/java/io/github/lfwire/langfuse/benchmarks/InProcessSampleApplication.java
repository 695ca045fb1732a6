package io.github.lfwire.langfuse.benchmarks;

import java.util.List;

import io.github.lfwire.sample.SampleApplication;
import io.github.lfwire.sample.SampleProperties;
import io.github.lfwire.sample.model.FakeChatModel;
import io.github.lfwire.sample.model.FakeEmbeddingModel;
import io.github.lfwire.sample.model.FakeOpenAiApi;

import org.springframework.ai.openai.http.okhttp.OpenAiHttpClientBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * The sample application with its Spring AI OpenAI clients answered in process by the
 * sample's fake model through {@link InProcessOpenAi}. Spring AI is pointed at a host
 * that does not resolve (so the sample starts no fake server of its own), and a request
 * that escaped the interceptor would fail instead of reaching a socket.
 */
@Configuration(proxyBeanMethods = false)
@Import(SampleApplication.class)
public class InProcessSampleApplication {

	/** A base URL under the reserved {@code .invalid} domain. */
	static final String BASE_URL = "http://fake-openai.invalid/v1";

	/** The properties to run the application with, besides the caller's own. */
	public static List<String> properties() {
		return List.of("spring.ai.openai.base-url=" + BASE_URL, "spring.ai.openai.api-key=sk-in-process",
				"spring.ai.openai.max-retries=0");
	}

	@Bean
	InProcessOpenAi inProcessOpenAi(SampleProperties properties) {
		return new InProcessOpenAi(
				new FakeOpenAiApi(new FakeChatModel(properties), new FakeEmbeddingModel(properties)));
	}

	@Bean
	OpenAiHttpClientBuilderCustomizer inProcessOpenAiTransport(InProcessOpenAi inProcessOpenAi) {
		return (builder) -> builder.interceptor(inProcessOpenAi);
	}

}
