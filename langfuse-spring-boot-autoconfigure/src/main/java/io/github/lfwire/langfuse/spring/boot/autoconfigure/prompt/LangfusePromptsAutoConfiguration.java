package io.github.lfwire.langfuse.spring.boot.autoconfigure.prompt;

import io.github.lfwire.langfuse.LangfuseClient;
import io.github.lfwire.langfuse.LangfuseConfig;
import io.github.lfwire.langfuse.LangfuseProjects;
import io.github.lfwire.langfuse.prompt.LangfusePrompts;
import io.github.lfwire.langfuse.spring.boot.autoconfigure.LangfuseAutoConfiguration;
import io.github.lfwire.langfuse.spring.boot.autoconfigure.LangfuseProperties;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configuration of {@link LangfusePrompts}, which fetches prompts with the client's
 * server and keys, of its meters, and of {@link LangfuseProjectPrompts}, the prompts of
 * each project.
 */
@AutoConfiguration(after = LangfuseAutoConfiguration.class)
@ConditionalOnBean(LangfuseClient.class)
public final class LangfusePromptsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	LangfusePrompts langfusePrompts(LangfuseClient client, LangfuseProperties properties) {
		return prompts(client.config(), properties.getPrompts());
	}

	/**
	 * The prompts of each project, the default project's bean and one per further project
	 * with the same prompt settings.
	 */
	@Bean
	@ConditionalOnMissingBean
	LangfuseProjectPrompts langfuseProjectPrompts(LangfusePrompts prompts, LangfuseClient client,
			ObjectProvider<LangfuseProjects> projects, LangfuseProperties properties) {
		return new LangfuseProjectPrompts(prompts, projects.getIfAvailable(() -> LangfuseProjects.of(client)),
				(config) -> prompts(config, properties.getPrompts()));
	}

	private static LangfusePrompts prompts(LangfuseConfig config, LangfuseProperties.Prompts prompts) {
		return LangfusePrompts.builder(config)
			.cacheTtl(prompts.getCacheTtl())
			.fetchTimeout(prompts.getFetchTimeout())
			.maxRetries(prompts.getMaxRetries())
			.retryInitialBackoff(prompts.getRetryInitialBackoff())
			.retryMaxBackoff(prompts.getRetryMaxBackoff())
			.maxEntries(prompts.getMaxEntries())
			.build();
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterRegistry.class)
	static final class MetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		LangfusePromptMetrics langfusePromptMetrics(LangfuseProjectPrompts prompts) {
			return new LangfusePromptMetrics(prompts);
		}

	}

}
