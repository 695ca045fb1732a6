package io.github.lfwire.langfuse.spring.boot.autoconfigure.actuate;

import io.github.lfwire.langfuse.LangfuseClient;
import io.github.lfwire.langfuse.spring.boot.autoconfigure.LangfuseAutoConfiguration;
import io.github.lfwire.langfuse.spring.boot.autoconfigure.LangfuseProperties;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/** Auto-configuration of the {@code langfuse} actuator endpoint. */
@AutoConfiguration(after = LangfuseAutoConfiguration.class)
@ConditionalOnClass({ Endpoint.class, ConditionalOnAvailableEndpoint.class })
@ConditionalOnBean(LangfuseClient.class)
@ConditionalOnAvailableEndpoint(LangfuseEndpoint.class)
public final class LangfuseEndpointAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	LangfuseEndpoint langfuseEndpoint(LangfuseClient client, LangfuseProperties properties) {
		return new LangfuseEndpoint(client, properties.getShutdown().getTimeout());
	}

}
