package io.github.lfwire.langfuse.spring.boot.autoconfigure.actuate;

import io.github.lfwire.langfuse.LangfuseClient;
import io.github.lfwire.langfuse.spring.boot.autoconfigure.LangfuseAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/** Auto-configuration of Micrometer meters for the Langfuse client. */
@AutoConfiguration(after = LangfuseAutoConfiguration.class)
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean(LangfuseClient.class)
public final class LangfuseMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	LangfuseMetrics langfuseMetrics(LangfuseClient client) {
		return new LangfuseMetrics(client);
	}

}
