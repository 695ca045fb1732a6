package io.github.lfwire.langfuse.spring.boot.autoconfigure.actuate;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.github.lfwire.langfuse.FlushResult;
import io.github.lfwire.langfuse.LangfuseClient;
import io.github.lfwire.langfuse.LangfuseConfig;
import io.github.lfwire.langfuse.LangfuseProjects;
import io.github.lfwire.langfuse.LangfuseStats;
import io.github.lfwire.langfuse.ServerHealth;
import io.github.lfwire.langfuse.config.DurationFormat;
import io.github.lfwire.langfuse.export.ExportSettings;
import io.github.lfwire.langfuse.export.ExportStats;
import io.github.lfwire.langfuse.prompt.LangfusePrompts;
import io.github.lfwire.langfuse.spring.boot.autoconfigure.SettingProperties;
import io.github.lfwire.langfuse.stats.StatGroup;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.OperationResponseBody;
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

	private final LangfuseProjects projects;

	private final Map<String, ServerHealthCache> projectHealth = new LinkedHashMap<>();

	/** Creates the endpoint; writes flush with at most the given timeout. */
	public LangfuseEndpoint(LangfuseClient client, Duration flushTimeout) {
		this(client, flushTimeout, null);
	}

	/**
	 * Creates the endpoint, which also reports the prompt cache when prompts are given.
	 */
	public LangfuseEndpoint(LangfuseClient client, Duration flushTimeout, @Nullable LangfusePrompts prompts) {
		this(LangfuseProjects.of(client), flushTimeout, prompts);
	}

	/**
	 * Creates the endpoint for the default project and, in {@code projects}, each further
	 * one; it also reports the default project's prompt cache when prompts are given.
	 */
	public LangfuseEndpoint(LangfuseProjects projects, Duration flushTimeout, @Nullable LangfusePrompts prompts) {
		this.projects = projects;
		this.client = projects.defaultClient();
		this.flushTimeout = flushTimeout;
		this.serverHealth = new ServerHealthCache(this.client);
		this.prompts = prompts;
		projects.clients().forEach((id, client) -> {
			if (client != this.client) {
				this.projectHealth.put(id, new ServerHealthCache(client));
			}
		});
	}

	/**
	 * The default client's settings, counters and the server's health, and those of each
	 * further project; never a secret.
	 */
	@ReadOperation
	public LangfuseDescriptor status() {
		LangfuseConfig config = this.client.config();
		ProjectDescriptor project = project(this.client, this.serverHealth);
		Map<String, ProjectDescriptor> projects = new LinkedHashMap<>();
		this.projectHealth.forEach((id, health) -> projects.put(id, project(this.projects.client(id), health)));
		return new LangfuseDescriptor(project.enabled(), project.disabledReason(), project.destination(),
				project.host(), project.publicKey(), config.tracing().environment(), config.tracing().release(),
				config.tracing().sampleRate(), export(config, this.flushTimeout),
				new CaptureDescriptor(config.capture().input(), config.capture().output(), config.capture().maxBytes(),
						config.capture().redactedKeys()),
				project.observations(), project.spans(), project.scores(), project.destinations(), project.media(),
				(this.prompts != null) ? prompts(this.prompts) : null, project.lastSuccessfulExport(),
				project.lastError(), project.server(), projects);
	}

	/** One project's destination, counters and server health. */
	private static ProjectDescriptor project(LangfuseClient client, ServerHealthCache serverHealth) {
		LangfuseConfig config = client.config();
		LangfuseStats stats = client.stats();
		Map<String, Map<String, @Nullable Object>> parts = new LinkedHashMap<>();
		Map<String, Map<String, @Nullable Object>> destinations = new LinkedHashMap<>();
		List<StatGroup> groups = new ArrayList<>(stats.describe());
		groups.add(client.mediaStats().describe());
		for (StatGroup group : groups) {
			if (group.tags().isEmpty()) {
				parts.put(group.name(), group.describe());
			}
			else {
				destinations.put(group.tags().values().iterator().next(), group.describe());
			}
		}
		ExportStats spans = stats.spans();
		ServerHealth health = stats.enabled() ? serverHealth.get() : null;
		String disabledReason = (stats.disabledReason() != null) ? SettingProperties.translate(stats.disabledReason())
				: null;
		return new ProjectDescriptor(stats.enabled(), disabledReason, client.destination(), config.host().toString(),
				config.maskedPublicKey(), parts.get("observations"), parts.get("spans"), parts.get("scores"),
				destinations, parts.get("media"), spans.lastSuccessfulExport(),
				(spans.lastError() != null) ? spans.lastError() : stats.scores().lastError(),
				(health != null) ? new ServerDescriptor(health.status().name(), health.version(), health.detail(),
						health.checkedAt()) : null);
	}

	/**
	 * Flushes what is queued, in every project, within the shutdown timeout; over HTTP it
	 * answers a {@code POST} without a JSON body, such as a plain {@code curl -X POST}.
	 */
	@WriteOperation
	public FlushDescriptor flushNow() {
		return flush(null);
	}

	/**
	 * Flushes what is queued, waiting at most the given milliseconds or the shutdown
	 * timeout; over HTTP it answers a {@code POST} with a JSON body.
	 */
	@WriteOperation
	public FlushDescriptor flush(@Nullable Long timeoutMillis) {
		Duration timeout = (timeoutMillis != null) ? Duration.ofMillis(timeoutMillis) : this.flushTimeout;
		FlushResult result = this.projects.flush(timeout);
		return new FlushDescriptor(result.success(), result.delivered(), result.failed(), result.pending(),
				result.timedOut());
	}

	/**
	 * Where and how spans are exported; header names only, and the endpoint without its
	 * query, as neither may carry a secret here.
	 */
	private static Map<String, @Nullable Object> export(LangfuseConfig config, Duration shutdownTimeout) {
		ExportSettings export = config.export();
		URI endpoint = config.exportEndpoint();
		Map<String, @Nullable Object> section = new LinkedHashMap<>();
		section.put("endpoint", endpoint.getScheme() + "://" + endpoint.getRawAuthority() + endpoint.getRawPath());
		section.put("basicAuth", export.basicAuth());
		section.put("headers", List.copyOf(export.headers().keySet()));
		section.put("compression", export.compression().name().toLowerCase(Locale.ROOT));
		section.put("flushAt", export.flushAt());
		section.put("flushInterval", DurationFormat.format(export.flushInterval()));
		section.put("timeout", DurationFormat.format(export.timeout()));
		section.put("maxRetries", export.maxRetries());
		section.put("retryInitialBackoff", DurationFormat.format(export.retryInitialBackoff()));
		section.put("retryMaxBackoff", DurationFormat.format(export.retryMaxBackoff()));
		section.put("shutdownTimeout", DurationFormat.format(shutdownTimeout));
		return section;
	}

	private static Map<String, @Nullable Object> prompts(LangfusePrompts prompts) {
		Map<String, @Nullable Object> section = new LinkedHashMap<>();
		section.put("available", prompts.isAvailable());
		section.put("cacheTtl", DurationFormat.format(prompts.cacheTtl()));
		section.put("fetchTimeout", DurationFormat.format(prompts.fetchTimeout()));
		section.put("maxRetries", prompts.maxRetries());
		section.putAll(prompts.stats().describe().describe());
		return section;
	}

	/**
	 * The endpoint's answer to a read: settings, one entry per part of the client with
	 * every stat it describes, and the server's health.
	 *
	 * @param enabled whether the client exports
	 * @param disabledReason why it does not, naming Spring properties, or {@code null}
	 * @param destination where spans go
	 * @param host the Langfuse server
	 * @param publicKey the public key, masked
	 * @param environment the environment of every trace, or {@code null}
	 * @param release the release of every trace, or {@code null}
	 * @param samplingProbability the share of traces recorded
	 * @param export where and how spans are exported, durations as {@code 10s}, never a
	 * credential or a header value
	 * @param capture what is captured
	 * @param observations the observation counters
	 * @param spans the span pipeline to Langfuse
	 * @param scores the score pipeline
	 * @param destinations the pipeline of each span destination beside Langfuse, by name
	 * @param media the media uploads
	 * @param prompts the prompt cache, or {@code null} without prompts
	 * @param lastSuccessfulExport when Langfuse last acknowledged spans, or {@code null}
	 * @param lastError the last export error of spans or scores, or {@code null}
	 * @param server the server's health, or {@code null} for a disabled client
	 * @param projects each further project by id, empty without any
	 */
	public record LangfuseDescriptor(boolean enabled, @Nullable String disabledReason, String destination, String host,
			String publicKey, @Nullable String environment, @Nullable String release, double samplingProbability,
			Map<String, @Nullable Object> export, CaptureDescriptor capture, Map<String, @Nullable Object> observations,
			Map<String, @Nullable Object> spans, Map<String, @Nullable Object> scores,
			Map<String, Map<String, @Nullable Object>> destinations, Map<String, @Nullable Object> media,
			@Nullable Map<String, @Nullable Object> prompts, @Nullable Instant lastSuccessfulExport,
			@Nullable String lastError, @Nullable ServerDescriptor server,
			Map<String, ProjectDescriptor> projects) implements OperationResponseBody {
	}

	/**
	 * One further project: where its traces go and its counters, as the default project's
	 * are shown; every other setting is the default project's.
	 *
	 * @param enabled whether its client exports
	 * @param disabledReason why it does not, naming Spring properties, or {@code null}
	 * @param destination where its spans go
	 * @param host its Langfuse server
	 * @param publicKey its public key, masked
	 * @param observations its observation counters
	 * @param spans its span pipeline
	 * @param scores its score pipeline
	 * @param destinations the pipeline of each span destination beside Langfuse, by name
	 * @param media its media uploads
	 * @param lastSuccessfulExport when its server last acknowledged spans, or
	 * {@code null}
	 * @param lastError its last export error of spans or scores, or {@code null}
	 * @param server its server's health, or {@code null} for a disabled client
	 */
	public record ProjectDescriptor(boolean enabled, @Nullable String disabledReason, String destination, String host,
			String publicKey, Map<String, @Nullable Object> observations, Map<String, @Nullable Object> spans,
			Map<String, @Nullable Object> scores, Map<String, Map<String, @Nullable Object>> destinations,
			Map<String, @Nullable Object> media, @Nullable Instant lastSuccessfulExport, @Nullable String lastError,
			@Nullable ServerDescriptor server) implements OperationResponseBody {
	}

	/**
	 * What the client captures.
	 *
	 * @param input whether inputs are captured
	 * @param output whether outputs are captured
	 * @param maxBytes the most bytes of one captured value
	 * @param redactedKeys the keys whose values are redacted
	 */
	public record CaptureDescriptor(boolean input, boolean output, int maxBytes,
			List<String> redactedKeys) implements OperationResponseBody {
	}

	/**
	 * The Langfuse server's health, as last checked.
	 *
	 * @param status the health status
	 * @param version the server's version, or {@code null}
	 * @param detail why the server is not healthy, or {@code null}
	 * @param checkedAt when the server was checked
	 */
	public record ServerDescriptor(String status, @Nullable String version, @Nullable String detail,
			Instant checkedAt) implements OperationResponseBody {
	}

	/**
	 * The endpoint's answer to a flush.
	 *
	 * @param success whether everything queued was delivered
	 * @param delivered items delivered
	 * @param failed items that failed
	 * @param pending items still queued when the flush ended
	 * @param timedOut whether the flush ended at its timeout
	 */
	public record FlushDescriptor(boolean success, long delivered, long failed, long pending,
			boolean timedOut) implements OperationResponseBody {
	}

}
