package io.github.lfwire.langfuse.spring.boot.autoconfigure.experiment;

import io.github.lfwire.langfuse.LangfuseClient;
import io.github.lfwire.langfuse.dataset.LangfuseDatasets;
import io.github.lfwire.langfuse.experiment.LangfuseExperiments;
import io.github.lfwire.langfuse.spring.boot.autoconfigure.LangfuseAutoConfiguration;
import io.github.lfwire.langfuse.spring.boot.autoconfigure.LangfuseProperties;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of {@link LangfuseDatasets} and {@link LangfuseExperiments}, which
 * reach Langfuse with the client's server and keys and trace with the client.
 */
@AutoConfiguration(after = LangfuseAutoConfiguration.class)
@ConditionalOnBean(LangfuseClient.class)
public final class LangfuseExperimentAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	LangfuseDatasets langfuseDatasets(LangfuseClient client, LangfuseProperties langfuseProperties) {
		LangfuseProperties.Datasets properties = langfuseProperties.getDatasets();
		LangfuseDatasets.Builder builder = LangfuseDatasets.builder(client.config())
			.maxRetries(properties.getMaxRetries())
			.initialBackoff(properties.getRetryInitialBackoff())
			.maxBackoff(properties.getRetryMaxBackoff())
			.pageSize(properties.getPageSize());
		if (properties.getTimeout() != null) {
			builder.timeout(properties.getTimeout());
		}
		return builder.build();
	}

	@Bean
	@ConditionalOnMissingBean
	LangfuseExperiments langfuseExperiments(LangfuseClient client, LangfuseDatasets datasets,
			LangfuseProperties langfuseProperties) {
		LangfuseProperties.Experiment properties = langfuseProperties.getExperiment();
		return LangfuseExperiments.builder(client)
			.datasets(datasets)
			.maxConcurrency(properties.getMaxConcurrency())
			.flushTimeout(properties.getFlushTimeout())
			.build();
	}

}
