package io.github.lfwire.langfuse.spring.boot.autoconfigure.actuate;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

import io.github.lfwire.langfuse.FlushResult;
import io.github.lfwire.langfuse.LangfuseClient;
import io.github.lfwire.langfuse.LangfuseConfig;
import io.github.lfwire.langfuse.LangfuseStats;
import io.github.lfwire.langfuse.ServerHealth;
import io.github.lfwire.langfuse.export.DropReason;
import io.github.lfwire.langfuse.export.ExportStats;
import io.github.lfwire.langfuse.export.FailureCause;
import io.github.lfwire.langfuse.media.MediaDropReason;
import io.github.lfwire.langfuse.media.MediaFailureCause;
import io.github.lfwire.langfuse.media.MediaSkipReason;
import io.github.lfwire.langfuse.media.MediaStats;
import io.github.lfwire.langfuse.prompt.LangfusePrompts;
import io.github.lfwire.langfuse.prompt.PromptStats;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * The {@code langfuse} actuator endpoint: status and counters on read, a bounded flush on
 * write.
 */
@Endpoint(id = "langfuse")
public class LangfuseEndpoint {

	private final LangfuseClient client;

	private final Duration flushTimeout;

	private final ServerHealthCache serverHealth;

	private final LangfusePrompts prompts;

	/** Creates the endpoint; writes flush with at most the given timeout. */
	public LangfuseEndpoint(LangfuseClient client, Duration flushTimeout) {
		this(client, flushTimeout, null);
	}

	/**
	 * Creates the endpoint, which also reports the prompt cache when prompts are given.
	 */
	public LangfuseEndpoint(LangfuseClient client, Duration flushTimeout, @Nullable LangfusePrompts prompts) {
		this.client = client;
		this.flushTimeout = flushTimeout;
		this.serverHealth = new ServerHealthCache(client);
		this.prompts = prompts;
	}

	/** The client's settings, queue, counters and the server's health; never a secret. */
	@ReadOperation
	public Map<String, Object> status() {
		LangfuseConfig config = this.client.config();
		LangfuseStats stats = this.client.stats();
		Map<String, Object> status = new LinkedHashMap<>();
		status.put("enabled", stats.enabled());
		status.put("disabledReason", stats.disabledReason());
		status.put("destination", this.client.destination());
		status.put("host", config.host().toString());
		status.put("publicKey", config.maskedPublicKey());
		status.put("environment", config.environment());
		status.put("release", config.release());
		status.put("samplingProbability", config.sampleRate());
		status.put("capture", Map.of("input", config.captureInput(), "output", config.captureOutput(), "maxBytes",
				config.captureMaxBytes(), "redactedKeys", config.redactedKeys()));
		ExportStats spans = stats.spans();
		ExportStats scores = stats.scores();
		Map<String, Object> queue = new LinkedHashMap<>();
		queue.put("spans", spans.queueSize());
		queue.put("spansCapacity", spans.queueCapacity());
		queue.put("bytes", spans.queueBytes());
		queue.put("bytesCapacity", spans.queueBytesCapacity());
		queue.put("scores", scores.queueSize());
		queue.put("scoresCapacity", scores.queueCapacity());
		queue.put("scoreBytes", scores.queueBytes());
		queue.put("scoreBytesCapacity", scores.queueBytesCapacity());
		status.put("queue", queue);
		Map<String, Object> observations = new LinkedHashMap<>();
		observations.put("started", stats.observationsStarted());
		observations.put("sampledOut", stats.observationsSampledOut());
		observations.put("capturesTruncated", stats.capturesTruncated());
		status.put("observations", observations);
		status.put("spans", export(spans));
		Map<String, Object> scoreExport = export(scores);
		scoreExport.put("invalid", stats.scoresInvalid());
		status.put("scores", scoreExport);
		status.put("media", media(this.client.mediaStats()));
		status.put("lastSuccessfulExport", spans.lastSuccessfulExport());
		status.put("lastError", (spans.lastError() != null) ? spans.lastError() : stats.scores().lastError());
		if (this.prompts != null) {
			status.put("prompts", prompts(this.prompts));
		}
		ServerHealth health = stats.enabled() ? this.serverHealth.get() : null;
		if (health != null) {
			Map<String, Object> server = new LinkedHashMap<>();
			server.put("status", health.status().name());
			server.put("version", health.version());
			server.put("detail", health.detail());
			server.put("checkedAt", health.checkedAt());
			status.put("server", server);
		}
		return status;
	}

	/**
	 * Flushes what is queued within the shutdown timeout; over HTTP it answers a
	 * {@code POST} without a JSON body, such as a plain {@code curl -X POST}.
	 */
	@WriteOperation
	public Map<String, Object> flushNow() {
		return flush(null);
	}

	/**
	 * Flushes what is queued, waiting at most the given milliseconds or the shutdown
	 * timeout; over HTTP it answers a {@code POST} with a JSON body.
	 */
	@WriteOperation
	public Map<String, Object> flush(@Nullable Long timeoutMillis) {
		Duration timeout = (timeoutMillis != null) ? Duration.ofMillis(timeoutMillis) : this.flushTimeout;
		FlushResult result = this.client.flush(timeout);
		Map<String, Object> answer = new LinkedHashMap<>();
		answer.put("success", result.success());
		answer.put("delivered", result.delivered());
		answer.put("failed", result.failed());
		answer.put("pending", result.pending());
		answer.put("timedOut", result.timedOut());
		return answer;
	}

	private static Map<String, Object> media(MediaStats stats) {
		Map<String, Object> media = new LinkedHashMap<>();
		media.put("enabled", stats.enabled());
		media.put("detected", stats.detected());
		media.put("uploaded", stats.uploaded());
		media.put("skipped", keyed(stats.skipped(), MediaSkipReason::key));
		media.put("failed", keyed(stats.failed(), MediaFailureCause::key));
		media.put("dropped", keyed(stats.dropped(), MediaDropReason::key));
		media.put("queue", Map.of("media", stats.queueSize(), "mediaCapacity", stats.queueCapacity(), "bytes",
				stats.queueBytes(), "bytesCapacity", stats.queueBytesCapacity()));
		media.put("lastError", stats.lastError());
		return media;
	}

	private static <E> Map<String, Long> keyed(Map<E, Long> counts, Function<E, String> key) {
		Map<String, Long> keyed = new LinkedHashMap<>();
		counts.forEach((reason, count) -> keyed.put(key.apply(reason), count));
		return keyed;
	}

	private static Map<String, Object> prompts(LangfusePrompts prompts) {
		PromptStats stats = prompts.stats();
		Map<String, Object> section = new LinkedHashMap<>();
		section.put("available", prompts.isAvailable());
		section.put("cacheTtl", prompts.cacheTtl().toString());
		section.put("fetchTimeout", prompts.fetchTimeout().toString());
		section.put("maxRetries", prompts.maxRetries());
		section.put("cached", stats.size());
		section.put("maxEntries", stats.maxEntries());
		section.put("hits", stats.hits());
		section.put("misses", stats.misses());
		section.put("refreshes", stats.refreshes());
		section.put("fallbacks", stats.fallbacks());
		section.put("errors", stats.errors());
		section.put("evictions", stats.evictions());
		return section;
	}

	private static Map<String, Object> export(ExportStats stats) {
		Map<String, Object> export = new LinkedHashMap<>();
		export.put("enqueued", stats.enqueued());
		export.put("exported", stats.exported());
		Map<String, Long> dropped = new LinkedHashMap<>();
		for (DropReason reason : DropReason.values()) {
			dropped.put(reason.key(), stats.dropped().getOrDefault(reason, 0L));
		}
		export.put("dropped", dropped);
		Map<String, Long> failures = new LinkedHashMap<>();
		for (FailureCause cause : FailureCause.values()) {
			failures.put(cause.key(), stats.failedExports().getOrDefault(cause, 0L));
		}
		export.put("failedExports", failures);
		export.put("retries", stats.retries());
		export.put("consecutiveFailures", stats.consecutiveFailures());
		return export;
	}

}
