package io.github.lfwire.langfuse.spring.boot.autoconfigure.actuate;

import io.github.lfwire.langfuse.LangfuseClient;
import io.github.lfwire.langfuse.LangfuseProjects;
import io.github.lfwire.langfuse.spring.boot.autoconfigure.LangfuseAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/** Auto-configuration of Micrometer meters for the Langfuse client of each project. */
@AutoConfiguration(after = LangfuseAutoConfiguration.class)
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean(LangfuseClient.class)
public final class LangfuseMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	LangfuseMetrics langfuseMetrics(LangfuseClient client, ObjectProvider<LangfuseProjects> projects) {
		return new LangfuseMetrics(projects.getIfAvailable(() -> LangfuseProjects.of(client)));
	}

}
