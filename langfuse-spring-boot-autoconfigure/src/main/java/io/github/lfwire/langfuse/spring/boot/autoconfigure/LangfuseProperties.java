package io.github.lfwire.langfuse.spring.boot.autoconfigure;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.lfwire.langfuse.ApplicationSpans;
import io.github.lfwire.langfuse.ApplicationTrace;
import io.github.lfwire.langfuse.LangfuseClient;
import io.github.lfwire.langfuse.LangfuseConfig;
import io.github.lfwire.langfuse.TracingSettings;
import io.github.lfwire.langfuse.capture.CaptureMask;
import io.github.lfwire.langfuse.capture.CaptureSettings;
import io.github.lfwire.langfuse.config.LangfuseConfigException;
import io.github.lfwire.langfuse.dataset.LangfuseDatasets;
import io.github.lfwire.langfuse.experiment.LangfuseExperiments;
import io.github.lfwire.langfuse.export.ExportCompression;
import io.github.lfwire.langfuse.export.ExportSettings;
import io.github.lfwire.langfuse.media.MediaSettings;
import io.github.lfwire.langfuse.prompt.LangfusePrompts;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.ObjectMapper;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.convert.DurationUnit;
import org.springframework.util.unit.DataSize;

/**
 * Configuration properties for Langfuse tracing; a duration without a unit is read as
 * seconds, as the {@code LANGFUSE_*} variables are.
 */
@ConfigurationProperties("langfuse")
public class LangfuseProperties {

	/** Whether to trace to Langfuse. */
	private boolean enabled = LangfuseConfig.DEFAULT_ENABLED;

	/** Base URL of the Langfuse server. */
	private String host = LangfuseConfig.DEFAULT_HOST;

	/** Public key of the Langfuse project (pk-lf-...). */
	private @Nullable String publicKey;

	/** Secret key of the Langfuse project (sk-lf-...). */
	private @Nullable String secretKey;

	/**
	 * Environment stamped on every trace: lowercase letters, digits, '-' or '_', at most
	 * 40 characters.
	 */
	private @Nullable String environment;

	/** Release stamped on every trace. */
	private @Nullable String release;

	private final Sampling sampling = new Sampling();

	private final Export export = new Export();

	private final Capture capture = new Capture();

	private final Shutdown shutdown = new Shutdown();

	private final Console console = new Console();

	private final Integrations integrations = new Integrations();

	private final Tracing tracing = new Tracing();

	private final Media media = new Media();

	private final Prompts prompts = new Prompts();

	private final Health health = new Health();

	private final Datasets datasets = new Datasets();

	private final Experiment experiment = new Experiment();

	/**
	 * Further Langfuse projects by id, beside the default one, for
	 * {@code @Observe(project = "<id>")}; each shares every other setting of the default
	 * project.
	 */
	private Map<String, Project> projects = new LinkedHashMap<>();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public String getHost() {
		return this.host;
	}

	public void setHost(String host) {
		this.host = host;
	}

	public @Nullable String getPublicKey() {
		return this.publicKey;
	}

	public void setPublicKey(@Nullable String publicKey) {
		this.publicKey = publicKey;
	}

	public @Nullable String getSecretKey() {
		return this.secretKey;
	}

	public void setSecretKey(@Nullable String secretKey) {
		this.secretKey = secretKey;
	}

	public @Nullable String getEnvironment() {
		return this.environment;
	}

	public void setEnvironment(@Nullable String environment) {
		this.environment = environment;
	}

	public @Nullable String getRelease() {
		return this.release;
	}

	public void setRelease(@Nullable String release) {
		this.release = release;
	}

	public Sampling getSampling() {
		return this.sampling;
	}

	public Export getExport() {
		return this.export;
	}

	public Capture getCapture() {
		return this.capture;
	}

	public Shutdown getShutdown() {
		return this.shutdown;
	}

	public Console getConsole() {
		return this.console;
	}

	public Integrations getIntegrations() {
		return this.integrations;
	}

	public Tracing getTracing() {
		return this.tracing;
	}

	public Media getMedia() {
		return this.media;
	}

	public Prompts getPrompts() {
		return this.prompts;
	}

	public Health getHealth() {
		return this.health;
	}

	public Datasets getDatasets() {
		return this.datasets;
	}

	public Experiment getExperiment() {
		return this.experiment;
	}

	public Map<String, Project> getProjects() {
		return this.projects;
	}

	public void setProjects(Map<String, Project> projects) {
		this.projects = projects;
	}

	/** One further Langfuse project: its keys and, optionally, its own server. */
	public static class Project {

		/** Public key of the project (pk-lf-...). */
		private @Nullable String publicKey;

		/** Secret key of the project (sk-lf-...). */
		private @Nullable String secretKey;

		/** Base URL of the project's Langfuse server; by default langfuse.host. */
		private @Nullable String baseUrl;

		public @Nullable String getPublicKey() {
			return this.publicKey;
		}

		public void setPublicKey(@Nullable String publicKey) {
			this.publicKey = publicKey;
		}

		public @Nullable String getSecretKey() {
			return this.secretKey;
		}

		public void setSecretKey(@Nullable String secretKey) {
			this.secretKey = secretKey;
		}

		public @Nullable String getBaseUrl() {
			return this.baseUrl;
		}

		public void setBaseUrl(@Nullable String baseUrl) {
			this.baseUrl = baseUrl;
		}

		@Override
		public String toString() {
			return "Project{baseUrl=" + this.baseUrl + ", publicKey=" + ((this.publicKey != null) ? "<set>" : "<unset>")
					+ ", secretKey=" + ((this.secretKey != null) ? "<hidden>" : "<unset>") + "}";
		}

	}

	/** Sampling properties. */
	public static class Sampling {

		/**
		 * Fraction of traces recorded, from 0.0 to 1.0; every span of a trace gets the
		 * same decision.
		 */
		private double probability = TracingSettings.DEFAULT_SAMPLE_RATE;

		public double getProbability() {
			return this.probability;
		}

		public void setProbability(double probability) {
			this.probability = probability;
		}

	}

	/** Export properties. */
	public static class Export {

		/** Number of spans sent in one export request. */
		private int flushAt = ExportSettings.DEFAULT_FLUSH_AT;

		/** Longest time a finished span waits before it is exported. */
		@DurationUnit(ChronoUnit.SECONDS)
		private Duration flushInterval = ExportSettings.DEFAULT_FLUSH_INTERVAL;

		/**
		 * Most spans held in memory awaiting export; newer spans are dropped and counted.
		 */
		private int maxQueueSize = ExportSettings.DEFAULT_MAX_QUEUE_SIZE;

		/**
		 * Most estimated bytes of spans held in memory awaiting export; newer spans are
		 * dropped and counted.
		 */
		private DataSize maxQueueBytes = DataSize.ofBytes(ExportSettings.DEFAULT_MAX_QUEUE_BYTES);

		/**
		 * Most scores held in memory awaiting export, apart from the spans; newer scores
		 * are dropped and counted.
		 */
		private int maxScoreQueueSize = ExportSettings.DEFAULT_MAX_SCORE_QUEUE_SIZE;

		/**
		 * Most estimated bytes of scores held in memory awaiting export, apart from the
		 * spans; newer scores are dropped and counted.
		 */
		private DataSize maxScoreQueueBytes = DataSize.ofBytes(ExportSettings.DEFAULT_MAX_SCORE_QUEUE_BYTES);

		/**
		 * Most spans queued or in flight for each span exporter added beside Langfuse;
		 * more are dropped and counted for that destination only.
		 */
		private int destinationMaxQueueSize = ExportSettings.DEFAULT_DESTINATION_MAX_QUEUE_SIZE;

		/**
		 * Fraction (0.1 to 1) of the span queue's size and bytes above which new traces
		 * are refused whole at their root, keeping the room above it for traces already
		 * started.
		 */
		private double highWaterMark = ExportSettings.DEFAULT_HIGH_WATER_MARK;

		/**
		 * Whether new traces are refused whole at the high-water mark; false drops spans
		 * one by one when the queue is full, as OpenTelemetry's batch processor does.
		 */
		private boolean wholeTraces = ExportSettings.DEFAULT_WHOLE_TRACES;

		/** Timeout of one export request. */
		@DurationUnit(ChronoUnit.SECONDS)
		private Duration timeout = ExportSettings.DEFAULT_TIMEOUT;

		/**
		 * Full URL that spans are posted to as OTLP/HTTP, such as an OpenTelemetry
		 * Collector's http://otel-collector:4318/v1/traces; by default the host's
		 * /api/public/otel/v1/traces.
		 */
		private @Nullable String endpoint;

		/** Extra headers of every span export request, for a collector or a proxy. */
		private Map<String, String> headers = new LinkedHashMap<>();

		/**
		 * Whether span export requests carry Basic auth with the project's keys; turn off
		 * for a collector that adds it. Scores, media and prompts always authenticate to
		 * the host.
		 */
		private boolean basicAuth = ExportSettings.DEFAULT_BASIC_AUTH;

		/**
		 * Whether Basic auth with the project's keys may go over plain http to an
		 * endpoint on another host, with a warning; by default such an endpoint fails
		 * startup.
		 */
		private boolean allowInsecureBasicAuth = ExportSettings.DEFAULT_ALLOW_INSECURE_BASIC_AUTH;

		/**
		 * Compression of span export requests: gzip, or none for a collector on the same
		 * host or network, which saves the CPU time gzip takes for many times the bytes.
		 */
		private ExportCompression compression = ExportSettings.DEFAULT_COMPRESSION;

		/**
		 * How many times a failed export is retried, with exponential backoff and jitter.
		 */
		private int maxRetries = ExportSettings.DEFAULT_MAX_RETRIES;

		/** First retry delay; later ones double up to the maximum. */
		@DurationUnit(ChronoUnit.SECONDS)
		private Duration retryInitialBackoff = ExportSettings.DEFAULT_RETRY_INITIAL_BACKOFF;

		/** Longest retry delay. */
		@DurationUnit(ChronoUnit.SECONDS)
		private Duration retryMaxBackoff = ExportSettings.DEFAULT_RETRY_MAX_BACKOFF;

		public int getFlushAt() {
			return this.flushAt;
		}

		public void setFlushAt(int flushAt) {
			this.flushAt = flushAt;
		}

		public Duration getFlushInterval() {
			return this.flushInterval;
		}

		public void setFlushInterval(Duration flushInterval) {
			this.flushInterval = flushInterval;
		}

		public int getMaxQueueSize() {
			return this.maxQueueSize;
		}

		public void setMaxQueueSize(int maxQueueSize) {
			this.maxQueueSize = maxQueueSize;
		}

		public DataSize getMaxQueueBytes() {
			return this.maxQueueBytes;
		}

		public void setMaxQueueBytes(DataSize maxQueueBytes) {
			this.maxQueueBytes = maxQueueBytes;
		}

		public int getMaxScoreQueueSize() {
			return this.maxScoreQueueSize;
		}

		public void setMaxScoreQueueSize(int maxScoreQueueSize) {
			this.maxScoreQueueSize = maxScoreQueueSize;
		}

		public DataSize getMaxScoreQueueBytes() {
			return this.maxScoreQueueBytes;
		}

		public void setMaxScoreQueueBytes(DataSize maxScoreQueueBytes) {
			this.maxScoreQueueBytes = maxScoreQueueBytes;
		}

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

		public @Nullable String getEndpoint() {
			return this.endpoint;
		}

		public void setEndpoint(@Nullable String endpoint) {
			this.endpoint = endpoint;
		}

		public Map<String, String> getHeaders() {
			return this.headers;
		}

		public void setHeaders(Map<String, String> headers) {
			this.headers = headers;
		}

		public boolean isBasicAuth() {
			return this.basicAuth;
		}

		public void setBasicAuth(boolean basicAuth) {
			this.basicAuth = basicAuth;
		}

		public boolean isAllowInsecureBasicAuth() {
			return this.allowInsecureBasicAuth;
		}

		public void setAllowInsecureBasicAuth(boolean allowInsecureBasicAuth) {
			this.allowInsecureBasicAuth = allowInsecureBasicAuth;
		}

		public ExportCompression getCompression() {
			return this.compression;
		}

		public void setCompression(ExportCompression compression) {
			this.compression = compression;
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

		public int getDestinationMaxQueueSize() {
			return this.destinationMaxQueueSize;
		}

		public void setDestinationMaxQueueSize(int destinationMaxQueueSize) {
			this.destinationMaxQueueSize = destinationMaxQueueSize;
		}

		public double getHighWaterMark() {
			return this.highWaterMark;
		}

		public void setHighWaterMark(double highWaterMark) {
			this.highWaterMark = highWaterMark;
		}

		public boolean isWholeTraces() {
			return this.wholeTraces;
		}

		public void setWholeTraces(boolean wholeTraces) {
			this.wholeTraces = wholeTraces;
		}

		/**
		 * The core export settings of these properties, validated.
		 * @throws LangfuseConfigException naming the invalid setting
		 */
		ExportSettings toSettings() {
			return ExportSettings.builder()
				.flushAt(this.flushAt)
				.flushInterval(this.flushInterval)
				.maxQueueSize(this.maxQueueSize)
				.maxQueueBytes(this.maxQueueBytes.toBytes())
				.maxScoreQueueSize(this.maxScoreQueueSize)
				.maxScoreQueueBytes(this.maxScoreQueueBytes.toBytes())
				.destinationMaxQueueSize(this.destinationMaxQueueSize)
				.highWaterMark(this.highWaterMark)
				.wholeTraces(this.wholeTraces)
				.timeout(this.timeout)
				.endpoint(this.endpoint)
				.headers(this.headers)
				.basicAuth(this.basicAuth)
				.allowInsecureBasicAuth(this.allowInsecureBasicAuth)
				.compression(this.compression)
				.maxRetries(this.maxRetries)
				.retryInitialBackoff(this.retryInitialBackoff)
				.retryMaxBackoff(this.retryMaxBackoff)
				.build();
		}

	}

	/** Capture properties. */
	public static class Capture {

		/**
		 * Whether @Observe methods capture their arguments unless the annotation says
		 * otherwise.
		 */
		private boolean input = CaptureSettings.DEFAULT_INPUT;

		/**
		 * Whether @Observe methods capture their return value unless the annotation says
		 * otherwise.
		 */
		private boolean output = CaptureSettings.DEFAULT_OUTPUT;

		/**
		 * Most UTF-8 bytes stored for one captured value; larger values are cut and
		 * marked truncated.
		 */
		private DataSize maxBytes = DataSize.ofBytes(CaptureSettings.DEFAULT_MAX_BYTES);

		/**
		 * Most elements of a streamed result (Flux, server-sent events) kept in its
		 * output; the cut is marked.
		 */
		private int maxStreamElements = CaptureSettings.DEFAULT_MAX_STREAM_ELEMENTS;

		/**
		 * Keys whose values are replaced by "<redacted>" in addition to the default keys,
		 * matched ignoring case and separators.
		 */
		private List<String> redactKeys = new ArrayList<>();

		/**
		 * Whether the default keys (password, secret, token, api key, authorization,
		 * cookie, credential, private key) are redacted besides 'redact-keys'.
		 */
		private boolean redactDefaultKeys = CaptureSettings.DEFAULT_REDACT_DEFAULT_KEYS;

		/**
		 * Whether immutable values (text, numbers, records, List.of), and copies of JDK
		 * maps and lists of such values, are serialized on the export thread, with the
		 * same JSON.
		 */
		private boolean deferred = CaptureSettings.DEFAULT_DEFERRED;

		/**
		 * Largest estimated JSON size of a value serialized on the export thread; larger
		 * values are serialized, and cut at 'max-bytes', on the caller's thread.
		 */
		private DataSize deferredMaxBytes = DataSize.ofBytes(CaptureSettings.DEFAULT_DEFERRED_MAX_BYTES);

		public boolean isInput() {
			return this.input;
		}

		public void setInput(boolean input) {
			this.input = input;
		}

		public boolean isOutput() {
			return this.output;
		}

		public void setOutput(boolean output) {
			this.output = output;
		}

		public DataSize getMaxBytes() {
			return this.maxBytes;
		}

		public void setMaxBytes(DataSize maxBytes) {
			this.maxBytes = maxBytes;
		}

		public int getMaxStreamElements() {
			return this.maxStreamElements;
		}

		public void setMaxStreamElements(int maxStreamElements) {
			this.maxStreamElements = maxStreamElements;
		}

		public List<String> getRedactKeys() {
			return this.redactKeys;
		}

		public void setRedactKeys(List<String> redactKeys) {
			this.redactKeys = redactKeys;
		}

		public boolean isRedactDefaultKeys() {
			return this.redactDefaultKeys;
		}

		public void setRedactDefaultKeys(boolean redactDefaultKeys) {
			this.redactDefaultKeys = redactDefaultKeys;
		}

		public boolean isDeferred() {
			return this.deferred;
		}

		public void setDeferred(boolean deferred) {
			this.deferred = deferred;
		}

		public DataSize getDeferredMaxBytes() {
			return this.deferredMaxBytes;
		}

		public void setDeferredMaxBytes(DataSize deferredMaxBytes) {
			this.deferredMaxBytes = deferredMaxBytes;
		}

		/**
		 * The core capture settings of these properties, validated.
		 * @param objectMapper the application's mapper, or {@code null}
		 * @param mask the application's mask, or {@code null}
		 * @throws LangfuseConfigException naming the invalid setting
		 */
		CaptureSettings toSettings(@Nullable ObjectMapper objectMapper, @Nullable CaptureMask mask) {
			return CaptureSettings.builder()
				.input(this.input)
				.output(this.output)
				.maxBytes((int) Math.min(Integer.MAX_VALUE, this.maxBytes.toBytes()))
				.maxStreamElements(this.maxStreamElements)
				.redactKeys(this.redactKeys)
				.redactDefaultKeys(this.redactDefaultKeys)
				.deferred(this.deferred)
				.deferredMaxBytes((int) Math.min(Integer.MAX_VALUE, this.deferredMaxBytes.toBytes()))
				.objectMapper(objectMapper)
				.mask(mask)
				.build();
		}

	}

	/** Shutdown properties. */
	public static class Shutdown {

		/** Longest time a graceful shutdown waits for queued traces to be delivered. */
		@DurationUnit(ChronoUnit.SECONDS)
		private Duration timeout = LangfuseClient.DEFAULT_SHUTDOWN_TIMEOUT;

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

	}

	/**
	 * Media properties: images, audio and documents in captured values uploaded instead
	 * of kept inline.
	 */
	public static class Media {

		/**
		 * Whether media in captured values is replaced by a Langfuse media reference and
		 * uploaded.
		 */
		private boolean enabled = MediaSettings.DEFAULTS.enabled();

		/** Number of threads that upload media, started on the first media. */
		private int uploadThreads = MediaSettings.DEFAULTS.uploadThreads();

		/**
		 * Most media waiting for or in upload; more stays inline, cut at the capture
		 * limit, and is counted.
		 */
		private int maxQueueSize = MediaSettings.DEFAULTS.maxQueueSize();

		/**
		 * Most bytes of media waiting for or in upload; more stays inline, cut at the
		 * capture limit, and is counted.
		 */
		private DataSize maxQueueBytes = DataSize.ofBytes(MediaSettings.DEFAULTS.maxQueueBytes());

		/**
		 * How many times a failed request of an upload is retried (429, 5xx and network
		 * errors only).
		 */
		private int maxRetries = MediaSettings.DEFAULTS.maxRetries();

		/** Timeout of one request of an upload, the byte transfer included. */
		@DurationUnit(ChronoUnit.SECONDS)
		private Duration uploadTimeout = MediaSettings.DEFAULTS.uploadTimeout();

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public int getUploadThreads() {
			return this.uploadThreads;
		}

		public void setUploadThreads(int uploadThreads) {
			this.uploadThreads = uploadThreads;
		}

		public int getMaxQueueSize() {
			return this.maxQueueSize;
		}

		public void setMaxQueueSize(int maxQueueSize) {
			this.maxQueueSize = maxQueueSize;
		}

		public DataSize getMaxQueueBytes() {
			return this.maxQueueBytes;
		}

		public void setMaxQueueBytes(DataSize maxQueueBytes) {
			this.maxQueueBytes = maxQueueBytes;
		}

		public int getMaxRetries() {
			return this.maxRetries;
		}

		public void setMaxRetries(int maxRetries) {
			this.maxRetries = maxRetries;
		}

		public Duration getUploadTimeout() {
			return this.uploadTimeout;
		}

		public void setUploadTimeout(Duration uploadTimeout) {
			this.uploadTimeout = uploadTimeout;
		}

		/**
		 * The core media settings of these properties, validated.
		 * @throws LangfuseConfigException naming the invalid setting
		 */
		MediaSettings toSettings() {
			return new MediaSettings(this.enabled, this.uploadThreads, this.maxQueueSize,
					(this.maxQueueBytes != null) ? this.maxQueueBytes.toBytes() : 0, this.maxRetries,
					this.uploadTimeout);
		}

	}

	/** Development console properties. */
	public static class Console {

		/**
		 * Whether to print each finished trace as a tree to standard output: instead of
		 * sending it without keys, besides sending it, with its trace URL, with keys.
		 */
		private boolean enabled = LangfuseConfig.DEFAULT_CONSOLE_EXPORT;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

	}

	/** Tracing properties. */
	public static class Tracing {

		/**
		 * How a Langfuse trace relates to the application's own OpenTelemetry span
		 * current when it starts: 'link' records the application's trace and span ids as
		 * trace metadata, 'join' makes the Langfuse trace part of the application's trace
		 * (Langfuse then leaves trace input and output empty), 'none' ignores it.
		 */
		private ApplicationTrace applicationTrace = TracingSettings.DEFAULT_APPLICATION_TRACE;

		/**
		 * Which of the application's own OpenTelemetry spans travel to Langfuse in join
		 * mode, besides the ancestors of kept spans and of Langfuse observations: 'llm'
		 * (LLM libraries, 'gen_ai.*' or 'langfuse.*' attributes), 'all' or 'none'; a
		 * SpanFilter bean replaces it.
		 */
		private ApplicationSpans applicationSpans = TracingSettings.DEFAULT_APPLICATION_SPANS;

		/**
		 * Most application spans held (ended while a kept descendant may still follow)
		 * and ancestor ids remembered in join mode; beyond it the oldest trace's are
		 * forgotten and counted.
		 */
		private int applicationSpanCapacity = TracingSettings.DEFAULT_APPLICATION_SPAN_CAPACITY;

		public ApplicationSpans getApplicationSpans() {
			return this.applicationSpans;
		}

		public void setApplicationSpans(ApplicationSpans applicationSpans) {
			this.applicationSpans = applicationSpans;
		}

		public int getApplicationSpanCapacity() {
			return this.applicationSpanCapacity;
		}

		public void setApplicationSpanCapacity(int applicationSpanCapacity) {
			this.applicationSpanCapacity = applicationSpanCapacity;
		}

		public ApplicationTrace getApplicationTrace() {
			return this.applicationTrace;
		}

		public void setApplicationTrace(ApplicationTrace applicationTrace) {
			this.applicationTrace = applicationTrace;
		}

	}

	/** Prompt management properties. */
	public static class Prompts {

		/**
		 * How long a fetched prompt is served from the cache before a background fetch
		 * refreshes it.
		 */
		@DurationUnit(ChronoUnit.SECONDS)
		private Duration cacheTtl = LangfusePrompts.DEFAULT_CACHE_TTL;

		/**
		 * Longest time a caller waits for a prompt that is not cached, retries included,
		 * before its fallback.
		 */
		@DurationUnit(ChronoUnit.SECONDS)
		private Duration fetchTimeout = LangfusePrompts.DEFAULT_FETCH_TIMEOUT;

		/**
		 * How many times a prompt fetch that failed with a timeout, network error, 408,
		 * 429 or 5xx is retried.
		 */
		private int maxRetries = LangfusePrompts.DEFAULT_MAX_RETRIES;

		/**
		 * First delay before retrying a failed prompt fetch, doubled for each retry, with
		 * jitter.
		 */
		@DurationUnit(ChronoUnit.SECONDS)
		private Duration retryInitialBackoff = LangfusePrompts.DEFAULT_RETRY_INITIAL_BACKOFF;

		/** Longest delay before retrying a failed prompt fetch. */
		@DurationUnit(ChronoUnit.SECONDS)
		private Duration retryMaxBackoff = LangfusePrompts.DEFAULT_RETRY_MAX_BACKOFF;

		/**
		 * Most prompts and fetch failures cached; the least recently used is evicted and
		 * counted beyond it.
		 */
		private int maxEntries = LangfusePrompts.DEFAULT_MAX_ENTRIES;

		public Duration getCacheTtl() {
			return this.cacheTtl;
		}

		public void setCacheTtl(Duration cacheTtl) {
			this.cacheTtl = cacheTtl;
		}

		public Duration getFetchTimeout() {
			return this.fetchTimeout;
		}

		public void setFetchTimeout(Duration fetchTimeout) {
			this.fetchTimeout = fetchTimeout;
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

		public int getMaxEntries() {
			return this.maxEntries;
		}

		public void setMaxEntries(int maxEntries) {
			this.maxEntries = maxEntries;
		}

	}

	/** Health indicator properties. */
	public static class Health {

		/**
		 * Whether the langfuse health indicator reports DOWN, turning the application's
		 * aggregate health DOWN, when the server refuses the keys or exports keep
		 * failing; by default it reports DEGRADED, which the aggregate ignores.
		 */
		private boolean downOnFailure;

		public boolean isDownOnFailure() {
			return this.downOnFailure;
		}

		public void setDownOnFailure(boolean downOnFailure) {
			this.downOnFailure = downOnFailure;
		}

	}

	/** LLM framework integration properties. */
	public static class Integrations {

		private final Integration springAi = new Integration();

		private final Integration langchain4j = new Integration();

		public Integration getSpringAi() {
			return this.springAi;
		}

		public Integration getLangchain4j() {
			return this.langchain4j;
		}

	}

	/** One LLM framework integration. */
	public static class Integration {

		/**
		 * Whether to record the framework's model, tool and retrieval calls when it is on
		 * the classpath.
		 */
		private boolean enabled = true;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

	}

	/** Settings of the Langfuse datasets client. */
	public static class Datasets {

		/**
		 * Longest wait for one answer of the datasets API; by default
		 * langfuse.export.timeout.
		 */
		@DurationUnit(ChronoUnit.SECONDS)
		private @Nullable Duration timeout;

		/**
		 * How many times a dataset call that failed with a network error, 408, 429 or 5xx
		 * is retried.
		 */
		private int maxRetries = LangfuseDatasets.DEFAULT_MAX_RETRIES;

		/** First wait before a retry of a dataset call, doubled on each further one. */
		@DurationUnit(ChronoUnit.SECONDS)
		private Duration retryInitialBackoff = LangfuseDatasets.DEFAULT_INITIAL_BACKOFF;

		/** Longest wait before a retry of a dataset call. */
		@DurationUnit(ChronoUnit.SECONDS)
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

	/** Settings of the Langfuse experiment runner. */
	public static class Experiment {

		/**
		 * Most items of an experiment run at once, unless the experiment sets its own.
		 */
		private int maxConcurrency = LangfuseExperiments.DEFAULT_MAX_CONCURRENCY;

		/** Longest wait at the end of a run for its traces and scores to be delivered. */
		@DurationUnit(ChronoUnit.SECONDS)
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

}
