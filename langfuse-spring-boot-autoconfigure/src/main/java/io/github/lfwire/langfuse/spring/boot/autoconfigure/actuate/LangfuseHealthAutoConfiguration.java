package io.github.lfwire.langfuse.spring.boot.autoconfigure.actuate;

import io.github.lfwire.langfuse.LangfuseClient;
import io.github.lfwire.langfuse.LangfuseProjects;
import io.github.lfwire.langfuse.spring.boot.autoconfigure.LangfuseAutoConfiguration;
import io.github.lfwire.langfuse.spring.boot.autoconfigure.LangfuseProperties;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configuration of the {@code langfuse} health indicator; it joins no probe group
 * (liveness, readiness) unless the application adds it.
 */
@AutoConfiguration(after = LangfuseAutoConfiguration.class)
@ConditionalOnClass(name = { "org.springframework.boot.health.contributor.HealthIndicator",
		"org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator" })
public final class LangfuseHealthAutoConfiguration {

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBean(LangfuseClient.class)
	@ConditionalOnEnabledHealthIndicator("langfuse")
	static final class HealthConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "langfuseHealthIndicator")
		LangfuseHealthIndicator langfuseHealthIndicator(LangfuseClient client,
				ObjectProvider<LangfuseProjects> projects, LangfuseProperties properties) {
			return new LangfuseHealthIndicator(projects.getIfAvailable(() -> LangfuseProjects.of(client)),
					properties.getHealth().isDownOnFailure());
		}

	}

}
