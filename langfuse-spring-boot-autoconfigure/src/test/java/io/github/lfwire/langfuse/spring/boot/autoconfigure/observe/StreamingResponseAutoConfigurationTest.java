package io.github.lfwire.langfuse.spring.boot.autoconfigure.observe;

import io.github.lfwire.langfuse.LangfuseClient;
import io.github.lfwire.langfuse.LangfuseConfig;
import io.github.lfwire.langfuse.observe.AsyncResultHandler;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitter;

import static org.assertj.core.api.Assertions.assertThat;

class StreamingResponseAutoConfigurationTest {

	private final LangfuseClient client = LangfuseClient
		.create(LangfuseConfig.builder().captureMaxBytes(4096).captureMaxStreamElements(7).build());

	@Test
	void shouldObserveStreamedResponsesInServletWebApplications() {
		new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(LangfuseObserveAutoConfiguration.class))
			.withBean(LangfuseClient.class, () -> this.client)
			.run((context) -> {
				assertThat(context).hasSingleBean(StreamingResponseResultHandler.class)
					.hasSingleBean(StreamingReturnValueHandlerPostProcessor.class);
				assertThat(context.getBeansOfType(AsyncResultHandler.class))
					.containsValue(context.getBean(StreamingResponseResultHandler.class));
			});
	}

	@Test
	void shouldLeaveStreamedResponsesAloneOutsideServletWebApplications() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(LangfuseObserveAutoConfiguration.class))
			.withBean(LangfuseClient.class, () -> this.client)
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(StreamingResponseResultHandler.class)
				.doesNotHaveBean(StreamingReturnValueHandlerPostProcessor.class));
	}

	@Test
	void shouldWorkWithoutSpringMvcOnTheClasspath() {
		new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(LangfuseObserveAutoConfiguration.class))
			.withClassLoader(new FilteredClassLoader(ResponseBodyEmitter.class))
			.withBean(LangfuseClient.class, () -> this.client)
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(StreamingResponseResultHandler.class));
	}

	@Test
	void shouldBackOffFromAnApplicationsStreamingHandler() {
		StreamingResponseResultHandler own = new StreamingResponseResultHandler(1024, 1);
		new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(LangfuseObserveAutoConfiguration.class))
			.withBean(LangfuseClient.class, () -> this.client)
			.withBean(StreamingResponseResultHandler.class, () -> own)
			.run((context) -> assertThat(context.getBean(StreamingResponseResultHandler.class)).isSameAs(own));
	}

}
