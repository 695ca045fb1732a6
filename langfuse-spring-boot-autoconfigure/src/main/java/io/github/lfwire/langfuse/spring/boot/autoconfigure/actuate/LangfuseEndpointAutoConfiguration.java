package io.github.lfwire.langfuse.spring.boot.autoconfigure.actuate;

import io.github.lfwire.langfuse.LangfuseClient;
import io.github.lfwire.langfuse.LangfuseProjects;
import io.github.lfwire.langfuse.prompt.LangfusePrompts;
import io.github.lfwire.langfuse.spring.boot.autoconfigure.LangfuseAutoConfiguration;
import io.github.lfwire.langfuse.spring.boot.autoconfigure.LangfuseProperties;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Auto-configuration of the {@code langfuse} actuator endpoint. */
@AutoConfiguration(after = LangfuseAutoConfiguration.class)
@ConditionalOnClass(name = { "org.springframework.boot.actuate.endpoint.annotation.Endpoint",
		"org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint" })
public final class LangfuseEndpointAutoConfiguration {

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBean(LangfuseClient.class)
	@ConditionalOnAvailableEndpoint(LangfuseEndpoint.class)
	static final class EndpointConfiguration {

		@Bean
		@ConditionalOnMissingBean
		LangfuseEndpoint langfuseEndpoint(LangfuseClient client, ObjectProvider<LangfuseProjects> projects,
				LangfuseProperties properties, ObjectProvider<LangfusePrompts> prompts) {
			return new LangfuseEndpoint(projects.getIfAvailable(() -> LangfuseProjects.of(client)),
					properties.getShutdown().getTimeout(), prompts.getIfUnique());
		}

	}

}
