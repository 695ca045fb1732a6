package io.github.lfwire.langfuse.spring.boot.autoconfigure.experiment;

import java.time.Duration;

import io.github.lfwire.langfuse.dataset.LangfuseDatasets;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** Configuration properties of the Langfuse datasets client. */
@ConfigurationProperties("langfuse.datasets")
public class LangfuseDatasetsProperties {

	/**
	 * Longest wait for one answer of the datasets API; by default
	 * langfuse.export.timeout.
	 */
	private @Nullable Duration timeout;

	/**
	 * How many times a dataset call that failed with a network error, 408, 429 or 5xx is
	 * retried.
	 */
	private int maxRetries = LangfuseDatasets.DEFAULT_MAX_RETRIES;

	/** First wait before a retry of a dataset call, doubled on each further one. */
	private Duration retryInitialBackoff = LangfuseDatasets.DEFAULT_INITIAL_BACKOFF;

	/** Longest wait before a retry of a dataset call. */
	private Duration retryMaxBackoff = LangfuseDatasets.DEFAULT_MAX_BACKOFF;

	/** How many dataset items are read per page, 1 to 100. */
	private int pageSize = LangfuseDatasets.DEFAULT_PAGE_SIZE;

	public @Nullable Duration getTimeout() {
		return this.timeout;
	}

	public void setTimeout(@Nullable Duration timeout) {
		this.timeout = timeout;
	}

	public int getMaxRetries() {
		return this.maxRetries;
	}

	public void setMaxRetries(int maxRetries) {
		this.maxRetries = maxRetries;
	}

	public Duration getRetryInitialBackoff() {
		return this.retryInitialBackoff;
	}

	public void setRetryInitialBackoff(Duration retryInitialBackoff) {
		this.retryInitialBackoff = retryInitialBackoff;
	}

	public Duration getRetryMaxBackoff() {
		return this.retryMaxBackoff;
	}

	public void setRetryMaxBackoff(Duration retryMaxBackoff) {
		this.retryMaxBackoff = retryMaxBackoff;
	}

	public int getPageSize() {
		return this.pageSize;
	}

	public void setPageSize(int pageSize) {
		this.pageSize = pageSize;
	}

}
