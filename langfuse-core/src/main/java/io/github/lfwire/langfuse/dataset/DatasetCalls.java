package io.github.lfwire.langfuse.dataset;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;

import io.github.lfwire.langfuse.LangfuseConfig;
import io.github.lfwire.langfuse.internal.HttpOutcome;
import io.github.lfwire.langfuse.internal.LangfuseHttp;
import io.github.lfwire.langfuse.internal.RetryPolicy;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The HTTP calls of {@link LangfuseDatasets}: one JSON request and its answer, retried by
 * the shared {@link RetryPolicy}, the client created on first use.
 */
final class DatasetCalls {

	private static final Logger logger = System.getLogger(LangfuseDatasets.class.getName());

	private final JsonMapper json = JsonMapper.builder().build();

	private final LangfuseConfig config;

	private final @Nullable String unavailableReason;

	private final Duration timeout;

	private final RetryPolicy retryPolicy;

	private final Object lock = new Object();

	private final LongAdder retries = new LongAdder();

	private @Nullable LangfuseHttp http;

	DatasetCalls(LangfuseConfig config, @Nullable String unavailableReason, Duration timeout, RetryPolicy retryPolicy) {
		this.config = config;
		this.unavailableReason = unavailableReason;
		this.timeout = timeout;
		this.retryPolicy = retryPolicy;
	}

	long retries() {
		return this.retries.sum();
	}

	JsonNode call(String what, String method, String path, @Nullable JsonNode body) {
		if (this.unavailableReason != null) {
			throw new LangfuseDatasetException("Cannot reach Langfuse for " + what + ": " + this.unavailableReason, 0);
		}
		byte[] bytes = (body != null) ? this.json.writeValueAsBytes(body) : null;
		LangfuseHttp.Response response = withRetries(what,
				() -> (bytes != null) ? http().send(method, path, "application/json", bytes, this.timeout)
						: http().getAuthenticated(path, this.timeout));
		if (response.status() < 200 || response.status() >= 300) {
			throw new LangfuseDatasetException(
					"Langfuse refused " + what + ": HTTP " + response.status() + message(response.body()),
					response.status());
		}
		try {
			return this.json.readTree(response.body());
		}
		catch (JacksonException ex) {
			throw new LangfuseDatasetException("Langfuse answered " + what + " with a body that is not JSON",
					response.status());
		}
	}

	/**
	 * Sends until an answer that is not retryable, retrying as the shared
	 * {@link RetryPolicy} decides (network errors, 408, 429 and 5xx, with jittered
	 * backoff and {@code Retry-After}); the one place that decides retries here.
	 */
	private LangfuseHttp.Response withRetries(String what, Exchange exchange) {
		for (int attempt = 0;; attempt++) {
			String problem;
			Duration retryAfter = null;
			LangfuseHttp.Response response = null;
			try {
				response = exchange.send();
				if (HttpOutcome.ofStatus(response.status()) != HttpOutcome.RETRY) {
					return response;
				}
				problem = "HTTP " + response.status() + message(response.body());
				retryAfter = response.retryAfter();
			}
			catch (IOException ex) {
				problem = ex.getClass().getSimpleName();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new LangfuseDatasetException("Interrupted while waiting for Langfuse: " + what, 0);
			}
			Duration delay = this.retryPolicy.retryDelay(HttpOutcome.RETRY, attempt, retryAfter);
			if (delay == null) {
				if (response != null) {
					return response;
				}
				throw new LangfuseDatasetException(
						"Could not reach Langfuse for " + what + " after " + (attempt + 1) + " attempt(s): " + problem,
						0);
			}
			this.retries.increment();
			String cause = problem;
			logger.log(Level.DEBUG, () -> "Retrying " + what + " in " + delay.toMillis() + " ms after " + cause);
			try {
				Thread.sleep(delay.toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new LangfuseDatasetException("Interrupted while waiting to retry " + what, 0);
			}
		}
	}

	private LangfuseHttp http() {
		synchronized (this.lock) {
			if (this.http == null) {
				this.http = new LangfuseHttp(this.config.host(), this.config.publicKey(), this.config.secretKey(),
						this.timeout);
			}
			return this.http;
		}
	}

	private String message(byte[] body) {
		try {
			String message = this.json.readTree(body).path("message").asString(null);
			return (message != null) ? " (" + message + ")" : "";
		}
		catch (JacksonException ex) {
			return "";
		}
	}

	@FunctionalInterface
	private interface Exchange {

		LangfuseHttp.Response send() throws IOException, InterruptedException;

	}

}
