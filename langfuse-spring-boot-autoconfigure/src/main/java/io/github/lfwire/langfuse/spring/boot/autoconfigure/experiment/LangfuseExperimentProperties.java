package io.github.lfwire.langfuse.spring.boot.autoconfigure.experiment;

import java.time.Duration;

import io.github.lfwire.langfuse.experiment.LangfuseExperiments;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** Configuration properties of the Langfuse experiment runner. */
@ConfigurationProperties("langfuse.experiment")
public class LangfuseExperimentProperties {

	/** Most items of an experiment run at once, unless the experiment sets its own. */
	private int maxConcurrency = LangfuseExperiments.DEFAULT_MAX_CONCURRENCY;

	/** Longest wait at the end of a run for its traces and scores to be delivered. */
	private Duration flushTimeout = LangfuseExperiments.DEFAULT_FLUSH_TIMEOUT;

	public int getMaxConcurrency() {
		return this.maxConcurrency;
	}

	public void setMaxConcurrency(int maxConcurrency) {
		this.maxConcurrency = maxConcurrency;
	}

	public Duration getFlushTimeout() {
		return this.flushTimeout;
	}

	public void setFlushTimeout(Duration flushTimeout) {
		this.flushTimeout = flushTimeout;
	}

}
