package io.github.lfwire.langfuse;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.github.lfwire.langfuse.capture.CaptureMask;
import io.github.lfwire.langfuse.capture.PayloadCapture;
import io.github.lfwire.langfuse.media.MediaSettings;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.ObjectMapper;

/** Immutable settings of a {@link LangfuseClient}, validated when built. */
public final class LangfuseConfig {

	/** The Langfuse Cloud host used when none is set. */
	public static final String DEFAULT_HOST = "https://cloud.langfuse.com";

	/**
	 * The path of Langfuse's OTLP/HTTP trace endpoint under the host, the default export
	 * endpoint.
	 */
	public static final String DEFAULT_EXPORT_PATH = "/api/public/otel/v1/traces";

	/** Whether tracing is on by default. */
	public static final boolean DEFAULT_ENABLED = true;

	/** The fraction of traces recorded by default: all of them. */
	public static final double DEFAULT_SAMPLE_RATE = 1.0;

	/** The default number of spans sent in one export request. */
	public static final int DEFAULT_FLUSH_AT = 512;

	/** The default longest time a finished span waits before it is exported. */
	public static final Duration DEFAULT_FLUSH_INTERVAL = Duration.ofSeconds(1);

	/** The default most spans held in memory awaiting export. */
	public static final int DEFAULT_MAX_QUEUE_SIZE = 8192;

	/**
	 * The default most estimated bytes of spans held in memory awaiting export: 64 MB.
	 */
	public static final long DEFAULT_MAX_QUEUE_BYTES = 64L * 1024 * 1024;

	/** The default most scores held in memory awaiting export. */
	public static final int DEFAULT_MAX_SCORE_QUEUE_SIZE = 2048;

	/**
	 * The default most estimated bytes of scores held in memory awaiting export: 4 MB.
	 */
	public static final long DEFAULT_MAX_SCORE_QUEUE_BYTES = 4L * 1024 * 1024;

	/** The default timeout of one export request. */
	public static final Duration DEFAULT_EXPORT_TIMEOUT = Duration.ofSeconds(10);

	/**
	 * Whether the OTLP export request carries Basic auth with the project's keys by
	 * default.
	 */
	public static final boolean DEFAULT_EXPORT_BASIC_AUTH = true;

	/** The default number of retries of a failed export. */
	public static final int DEFAULT_MAX_RETRIES = 8;

	/** The default first retry delay. */
	public static final Duration DEFAULT_RETRY_INITIAL_BACKOFF = Duration.ofMillis(500);

	/** The default longest retry delay. */
	public static final Duration DEFAULT_RETRY_MAX_BACKOFF = Duration.ofSeconds(30);

	/** Whether observed methods capture their arguments by default. */
	public static final boolean DEFAULT_CAPTURE_INPUT = true;

	/** Whether observed methods capture their return value by default. */
	public static final boolean DEFAULT_CAPTURE_OUTPUT = true;

	/** The default most UTF-8 bytes stored for one captured value: 32 KB. */
	public static final int DEFAULT_CAPTURE_MAX_BYTES = 32 * 1024;

	/** The default most elements of a streamed result kept in its output. */
	public static final int DEFAULT_CAPTURE_MAX_STREAM_ELEMENTS = 100;

	/** Whether {@link PayloadCapture#DEFAULT_REDACTED_KEYS} are redacted by default. */
	public static final boolean DEFAULT_REDACT_DEFAULT_KEYS = true;

	/** Whether traces are printed to standard output without credentials by default. */
	public static final boolean DEFAULT_CONSOLE_EXPORT = false;

	/**
	 * How a Langfuse trace relates to an application span current when it starts, by
	 * default.
	 */
	public static final ApplicationTrace DEFAULT_APPLICATION_TRACE = ApplicationTrace.LINK;

	private static final Set<String> RESTRICTED_HEADERS = Set.of("connection", "content-length", "content-type",
			"content-encoding", "expect", "host", "upgrade");

	private static final Pattern ENVIRONMENT = Pattern.compile("(?!langfuse)[a-z0-9_-]{1,40}");

	private static final Pattern HEADER_NAME = Pattern.compile("[A-Za-z0-9!#$%&'*+.^_`|~-]+");

	private final URI host;

	private final @Nullable String publicKey;

	private final @Nullable String secretKey;

	private final boolean enabled;

	private final @Nullable String environment;

	private final @Nullable String release;

	private final @Nullable String serviceName;

	private final double sampleRate;

	private final int flushAt;

	private final Duration flushInterval;

	private final int maxQueueSize;

	private final long maxQueueBytes;

	private final int maxScoreQueueSize;

	private final long maxScoreQueueBytes;

	private final Duration exportTimeout;

	private final URI exportEndpoint;

	private final Map<String, String> exportHeaders;

	private final boolean exportBasicAuth;

	private final int maxRetries;

	private final Duration retryInitialBackoff;

	private final Duration retryMaxBackoff;

	private final boolean captureInput;

	private final boolean captureOutput;

	private final int captureMaxBytes;

	private final int captureMaxStreamElements;

	private final List<String> redactedKeys;

	private final List<String> addedRedactedKeys;

	private final boolean redactDefaultKeys;

	private final @Nullable CaptureMask mask;

	private final @Nullable ObjectMapper objectMapper;

	private final boolean consoleExport;

	private final ApplicationTrace applicationTrace;

	private final MediaSettings media;

	private LangfuseConfig(Builder builder) {
		this.host = builder.host;
		this.publicKey = builder.publicKey;
		this.secretKey = builder.secretKey;
		this.enabled = builder.enabled;
		this.environment = builder.environment;
		this.release = builder.release;
		this.serviceName = builder.serviceName;
		this.sampleRate = builder.sampleRate;
		this.flushAt = builder.flushAt;
		this.flushInterval = builder.flushInterval;
		this.maxQueueSize = builder.maxQueueSize;
		this.maxQueueBytes = builder.maxQueueBytes;
		this.maxScoreQueueSize = builder.maxScoreQueueSize;
		this.maxScoreQueueBytes = builder.maxScoreQueueBytes;
		this.exportTimeout = builder.exportTimeout;
		this.exportEndpoint = builder.resolvedEndpoint;
		this.exportHeaders = builder.exportHeaders;
		this.exportBasicAuth = builder.exportBasicAuth;
		this.maxRetries = builder.maxRetries;
		this.retryInitialBackoff = builder.retryInitialBackoff;
		this.retryMaxBackoff = builder.retryMaxBackoff;
		this.captureInput = builder.captureInput;
		this.captureOutput = builder.captureOutput;
		this.captureMaxBytes = builder.captureMaxBytes;
		this.captureMaxStreamElements = builder.captureMaxStreamElements;
		this.addedRedactedKeys = List.copyOf(builder.redactedKeys);
		this.redactDefaultKeys = builder.redactDefaultKeys;
		this.redactedKeys = this.redactDefaultKeys
				? Stream.concat(PayloadCapture.DEFAULT_REDACTED_KEYS.stream(), this.addedRedactedKeys.stream())
					.distinct()
					.toList()
				: this.addedRedactedKeys;
		this.mask = builder.mask;
		this.objectMapper = builder.objectMapper;
		this.consoleExport = builder.consoleExport;
		this.applicationTrace = builder.applicationTrace;
		this.media = builder.media;
	}

	/** A builder with every setting at its default. */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * A builder preset from the official {@code LANGFUSE_*} environment variables found
	 * in the given map, as listed in {@link EnvironmentVariable}.
	 * @param env the environment, usually {@code System.getenv()}
	 * @throws LangfuseConfigException if a variable holds a value that cannot be parsed
	 */
	public static Builder fromEnvironment(Map<String, String> env) {
		Builder builder = new Builder();
		for (EnvironmentVariable variable : EnvironmentVariable.values()) {
			String raw = env.get(variable.name());
			if (raw != null && !raw.isBlank()) {
				variable.apply(builder, raw.trim());
			}
		}
		return builder;
	}

	/** The base URL of the Langfuse server, without a trailing slash. */
	public URI host() {
		return this.host;
	}

	/** The project's public key, or {@code null}. */
	public @Nullable String publicKey() {
		return this.publicKey;
	}

	/** The public key with all but its prefix masked, safe to show. */
	public String maskedPublicKey() {
		return mask(this.publicKey);
	}

	/** The project's secret key, or {@code null}; never log it. */
	public @Nullable String secretKey() {
		return this.secretKey;
	}

	/** Whether tracing is switched on. */
	public boolean enabled() {
		return this.enabled;
	}

	/**
	 * Why the client would be a no-op with these settings, or {@code null} when it would
	 * export.
	 */
	public @Nullable String disabledReason() {
		if (!this.enabled) {
			return "disabled by configuration (enabled=false)";
		}
		if (!hasCredentials() && !this.consoleExport) {
			return missingCredentials();
		}
		return null;
	}

	/**
	 * Which key is missing and how to set it, or {@code null} when both are set.
	 * @return for example
	 * {@code "no secret key: set LANGFUSE_SECRET_KEY (in Spring Boot: langfuse.secret-key);
	 * the public key is set"}
	 */
	public @Nullable String missingCredentials() {
		boolean noPublicKey = isBlank(this.publicKey);
		boolean noSecretKey = isBlank(this.secretKey);
		if (noPublicKey && noSecretKey) {
			return "no credentials: set LANGFUSE_PUBLIC_KEY and LANGFUSE_SECRET_KEY"
					+ " (in Spring Boot: langfuse.public-key and langfuse.secret-key)";
		}
		if (noSecretKey) {
			return "no secret key: set LANGFUSE_SECRET_KEY (in Spring Boot: langfuse.secret-key); the public key is set";
		}
		if (noPublicKey) {
			return "no public key: set LANGFUSE_PUBLIC_KEY (in Spring Boot: langfuse.public-key); the secret key is set";
		}
		return null;
	}

	/** Whether both keys are set, so traces go to the Langfuse server. */
	public boolean hasCredentials() {
		return !isBlank(this.publicKey) && !isBlank(this.secretKey);
	}

	/** Whether traces are printed to standard output when no credentials are set. */
	public boolean consoleExport() {
		return this.consoleExport;
	}

	/** The environment stamped on every span, or {@code null}. */
	public @Nullable String environment() {
		return this.environment;
	}

	/** The release stamped on every span, or {@code null}. */
	public @Nullable String release() {
		return this.release;
	}

	/**
	 * The {@code service.name} of the exported resource, or {@code null} for
	 * OpenTelemetry's default ({@code unknown_service:java}).
	 */
	public @Nullable String serviceName() {
		return this.serviceName;
	}

	/** The fraction of traces recorded, from 0 to 1. */
	public double sampleRate() {
		return this.sampleRate;
	}

	/** The number of spans sent in one export request. */
	public int flushAt() {
		return this.flushAt;
	}

	/** The longest time a finished span waits before it is exported. */
	public Duration flushInterval() {
		return this.flushInterval;
	}

	/** The most spans held in memory awaiting export. */
	public int maxQueueSize() {
		return this.maxQueueSize;
	}

	/** The most estimated bytes of spans held in memory awaiting export. */
	public long maxQueueBytes() {
		return this.maxQueueBytes;
	}

	/** The most scores held in memory awaiting export, apart from the spans. */
	public int maxScoreQueueSize() {
		return this.maxScoreQueueSize;
	}

	/**
	 * The most estimated bytes of scores held in memory awaiting export, apart from the
	 * spans.
	 */
	public long maxScoreQueueBytes() {
		return this.maxScoreQueueBytes;
	}

	/** The timeout of one export request. */
	public Duration exportTimeout() {
		return this.exportTimeout;
	}

	/**
	 * The full URL that spans are posted to: Langfuse's OTLP endpoint, or a collector's.
	 */
	public URI exportEndpoint() {
		return this.exportEndpoint;
	}

	/**
	 * Extra headers of every OTLP export request, by name; values may be secrets, never
	 * log them.
	 */
	public Map<String, String> exportHeaders() {
		return this.exportHeaders;
	}

	/** Whether the OTLP export request carries Basic auth with the project's keys. */
	public boolean exportBasicAuth() {
		return this.exportBasicAuth;
	}

	/** How many times a failed export is retried. */
	public int maxRetries() {
		return this.maxRetries;
	}

	/** The first retry delay; later ones double up to {@link #retryMaxBackoff()}. */
	public Duration retryInitialBackoff() {
		return this.retryInitialBackoff;
	}

	/** The longest retry delay. */
	public Duration retryMaxBackoff() {
		return this.retryMaxBackoff;
	}

	/** Whether observed methods capture their arguments by default. */
	public boolean captureInput() {
		return this.captureInput;
	}

	/** Whether observed methods capture their return value by default. */
	public boolean captureOutput() {
		return this.captureOutput;
	}

	/** The most UTF-8 bytes stored for one captured input, output or metadata value. */
	public int captureMaxBytes() {
		return this.captureMaxBytes;
	}

	/**
	 * The most elements of a streamed result (a reactive stream, server-sent events) kept
	 * in its output.
	 */
	public int captureMaxStreamElements() {
		return this.captureMaxStreamElements;
	}

	/**
	 * Keys whose values are replaced before they are captured: the defaults, unless
	 * turned off, and the added ones.
	 */
	public List<String> redactedKeys() {
		return this.redactedKeys;
	}

	/**
	 * Whether {@link PayloadCapture#DEFAULT_REDACTED_KEYS} are redacted besides the added
	 * keys.
	 */
	public boolean redactDefaultKeys() {
		return this.redactDefaultKeys;
	}

	/** The function that rewrites captured values, or {@code null}. */
	public @Nullable CaptureMask mask() {
		return this.mask;
	}

	/** The mapper used to capture values, or {@code null} for a plain one. */
	public @Nullable ObjectMapper objectMapper() {
		return this.objectMapper;
	}

	/**
	 * How a Langfuse trace relates to the application's own trace current when it starts.
	 */
	public ApplicationTrace applicationTrace() {
		return this.applicationTrace;
	}

	/** How media in captured values is replaced and uploaded. */
	public MediaSettings media() {
		return this.media;
	}

	/** A builder preset with these settings. */
	public Builder toBuilder() {
		return new Builder(this);
	}

	@Override
	public String toString() {
		return "LangfuseConfig{host=" + this.host + ", publicKey=" + maskedPublicKey() + ", secretKey="
				+ (isBlank(this.secretKey) ? "<unset>" : "<hidden>") + ", enabled=" + this.enabled + ", environment="
				+ this.environment + ", release=" + this.release + ", serviceName=" + this.serviceName + ", sampleRate="
				+ this.sampleRate + ", flushAt=" + this.flushAt + ", flushInterval="
				+ DurationFormat.format(this.flushInterval) + ", maxQueueSize=" + this.maxQueueSize + ", maxQueueBytes="
				+ this.maxQueueBytes + ", maxScoreQueueSize=" + this.maxScoreQueueSize + ", maxScoreQueueBytes="
				+ this.maxScoreQueueBytes + ", exportTimeout=" + DurationFormat.format(this.exportTimeout)
				+ ", exportEndpoint=" + this.exportEndpoint + ", exportHeaders=" + this.exportHeaders.keySet()
				+ ", exportBasicAuth=" + this.exportBasicAuth + ", maxRetries=" + this.maxRetries
				+ ", retryInitialBackoff=" + DurationFormat.format(this.retryInitialBackoff) + ", retryMaxBackoff="
				+ DurationFormat.format(this.retryMaxBackoff) + ", captureInput=" + this.captureInput
				+ ", captureOutput=" + this.captureOutput + ", captureMaxBytes=" + this.captureMaxBytes
				+ ", captureMaxStreamElements=" + this.captureMaxStreamElements + ", redactedKeys=" + this.redactedKeys
				+ ", redactDefaultKeys=" + this.redactDefaultKeys + ", mask="
				+ ((this.mask != null) ? "<custom>" : "<none>") + ", objectMapper="
				+ ((this.objectMapper != null) ? "<custom>" : "<default>") + ", consoleExport=" + this.consoleExport
				+ ", media=" + this.media + ", applicationTrace=" + this.applicationTrace + "}";
	}

	static String mask(@Nullable String key) {
		if (isBlank(key)) {
			return "<unset>";
		}
		int visible = key.startsWith("pk-lf-") ? Math.min(key.length(), 10) : Math.min(key.length() / 4, 4);
		return key.substring(0, visible) + "****";
	}

	private static boolean isBlank(@Nullable String value) {
		return value == null || value.isBlank();
	}

	/** Builds a {@link LangfuseConfig}; every setting is checked in {@link #build()}. */
	public static final class Builder {

		private URI host = URI.create(DEFAULT_HOST);

		private @Nullable String rawHost = DEFAULT_HOST;

		private @Nullable String publicKey;

		private @Nullable String secretKey;

		private boolean enabled = DEFAULT_ENABLED;

		private @Nullable String environment;

		private @Nullable String release;

		private @Nullable String serviceName;

		private double sampleRate = DEFAULT_SAMPLE_RATE;

		private int flushAt = DEFAULT_FLUSH_AT;

		private Duration flushInterval = DEFAULT_FLUSH_INTERVAL;

		private int maxQueueSize = DEFAULT_MAX_QUEUE_SIZE;

		private long maxQueueBytes = DEFAULT_MAX_QUEUE_BYTES;

		private int maxScoreQueueSize = DEFAULT_MAX_SCORE_QUEUE_SIZE;

		private long maxScoreQueueBytes = DEFAULT_MAX_SCORE_QUEUE_BYTES;

		private Duration exportTimeout = DEFAULT_EXPORT_TIMEOUT;

		private @Nullable String exportEndpoint;

		private URI resolvedEndpoint = URI.create(DEFAULT_HOST + DEFAULT_EXPORT_PATH);

		private Map<String, String> exportHeaders = Map.of();

		private boolean exportBasicAuth = DEFAULT_EXPORT_BASIC_AUTH;

		private int maxRetries = DEFAULT_MAX_RETRIES;

		private Duration retryInitialBackoff = DEFAULT_RETRY_INITIAL_BACKOFF;

		private Duration retryMaxBackoff = DEFAULT_RETRY_MAX_BACKOFF;

		private boolean captureInput = DEFAULT_CAPTURE_INPUT;

		private boolean captureOutput = DEFAULT_CAPTURE_OUTPUT;

		private int captureMaxBytes = DEFAULT_CAPTURE_MAX_BYTES;

		private int captureMaxStreamElements = DEFAULT_CAPTURE_MAX_STREAM_ELEMENTS;

		private @Nullable List<String> redactedKeys = List.of();

		private boolean redactDefaultKeys = DEFAULT_REDACT_DEFAULT_KEYS;

		private @Nullable CaptureMask mask;

		private @Nullable ObjectMapper objectMapper;

		private boolean consoleExport = DEFAULT_CONSOLE_EXPORT;

		private @Nullable ApplicationTrace applicationTrace = DEFAULT_APPLICATION_TRACE;

		private MediaSettings media = MediaSettings.DEFAULTS;

		private Builder() {
		}

		private Builder(LangfuseConfig config) {
			this.host = config.host;
			this.rawHost = config.host.toString();
			this.publicKey = config.publicKey;
			this.secretKey = config.secretKey;
			this.enabled = config.enabled;
			this.environment = config.environment;
			this.release = config.release;
			this.serviceName = config.serviceName;
			this.sampleRate = config.sampleRate;
			this.flushAt = config.flushAt;
			this.flushInterval = config.flushInterval;
			this.maxQueueSize = config.maxQueueSize;
			this.maxQueueBytes = config.maxQueueBytes;
			this.maxScoreQueueSize = config.maxScoreQueueSize;
			this.maxScoreQueueBytes = config.maxScoreQueueBytes;
			this.exportTimeout = config.exportTimeout;
			this.exportEndpoint = config.exportEndpoint.toString();
			this.resolvedEndpoint = config.exportEndpoint;
			this.exportHeaders = config.exportHeaders;
			this.exportBasicAuth = config.exportBasicAuth;
			this.maxRetries = config.maxRetries;
			this.retryInitialBackoff = config.retryInitialBackoff;
			this.retryMaxBackoff = config.retryMaxBackoff;
			this.captureInput = config.captureInput;
			this.captureOutput = config.captureOutput;
			this.captureMaxBytes = config.captureMaxBytes;
			this.captureMaxStreamElements = config.captureMaxStreamElements;
			this.redactedKeys = config.addedRedactedKeys;
			this.redactDefaultKeys = config.redactDefaultKeys;
			this.mask = config.mask;
			this.objectMapper = config.objectMapper;
			this.consoleExport = config.consoleExport;
			this.applicationTrace = config.applicationTrace;
			this.media = config.media;
		}

		/**
		 * The base URL of the Langfuse server (default
		 * {@value LangfuseConfig#DEFAULT_HOST}).
		 */
		public Builder host(@Nullable String host) {
			this.rawHost = host;
			return this;
		}

		/** The project's public key ({@code pk-lf-...}). */
		public Builder publicKey(@Nullable String publicKey) {
			this.publicKey = publicKey;
			return this;
		}

		/** The project's secret key ({@code sk-lf-...}). */
		public Builder secretKey(@Nullable String secretKey) {
			this.secretKey = secretKey;
			return this;
		}

		/** Whether tracing is on (default true). */
		public Builder enabled(boolean enabled) {
			this.enabled = enabled;
			return this;
		}

		/**
		 * The environment, lowercase {@code [a-z0-9_-]}, at most 40 characters, not
		 * starting with "langfuse".
		 */
		public Builder environment(@Nullable String environment) {
			this.environment = environment;
			return this;
		}

		/** The release stamped on every span. */
		public Builder release(@Nullable String release) {
			this.release = release;
			return this;
		}

		/**
		 * The {@code service.name} of the exported resource (default OpenTelemetry's
		 * {@code unknown_service:java}); Spring Boot sets it from
		 * {@code spring.application.name}.
		 */
		public Builder serviceName(@Nullable String serviceName) {
			this.serviceName = serviceName;
			return this;
		}

		/** The fraction of traces recorded, from 0 to 1 (default 1). */
		public Builder sampleRate(double sampleRate) {
			this.sampleRate = sampleRate;
			return this;
		}

		/** The number of spans sent in one export request (default 512). */
		public Builder flushAt(int flushAt) {
			this.flushAt = flushAt;
			return this;
		}

		/** The longest time a finished span waits before it is exported (default 1 s). */
		public Builder flushInterval(Duration flushInterval) {
			this.flushInterval = flushInterval;
			return this;
		}

		/** The most spans held in memory awaiting export (default 8192). */
		public Builder maxQueueSize(int maxQueueSize) {
			this.maxQueueSize = maxQueueSize;
			return this;
		}

		/**
		 * The most estimated bytes of spans held in memory awaiting export (default 64
		 * MB).
		 */
		public Builder maxQueueBytes(long maxQueueBytes) {
			this.maxQueueBytes = maxQueueBytes;
			return this;
		}

		/**
		 * The most scores held in memory awaiting export, apart from the spans (default
		 * 2048).
		 */
		public Builder maxScoreQueueSize(int maxScoreQueueSize) {
			this.maxScoreQueueSize = maxScoreQueueSize;
			return this;
		}

		/**
		 * The most estimated bytes of scores held in memory awaiting export, apart from
		 * the spans (default 4 MB).
		 */
		public Builder maxScoreQueueBytes(long maxScoreQueueBytes) {
			this.maxScoreQueueBytes = maxScoreQueueBytes;
			return this;
		}

		/** The timeout of one export request (default 10 s). */
		public Builder exportTimeout(Duration exportTimeout) {
			this.exportTimeout = exportTimeout;
			return this;
		}

		/**
		 * The full URL that spans are posted to as OTLP/HTTP protobuf, such as an
		 * OpenTelemetry Collector's {@code http://collector:4318/v1/traces} (default the
		 * host's {@value LangfuseConfig#DEFAULT_EXPORT_PATH}); scores, media and prompts
		 * still go to the host.
		 */
		public Builder exportEndpoint(@Nullable String exportEndpoint) {
			this.exportEndpoint = exportEndpoint;
			return this;
		}

		/**
		 * Extra headers of every OTLP export request, for a collector or a proxy (default
		 * none).
		 */
		public Builder exportHeaders(@Nullable Map<String, String> exportHeaders) {
			this.exportHeaders = (exportHeaders != null) ? exportHeaders : Map.of();
			return this;
		}

		/**
		 * Whether the OTLP export request carries Basic auth with the project's keys
		 * (default true); turn it off for a collector that adds it. Scores, media and
		 * prompts always authenticate to the host.
		 */
		public Builder exportBasicAuth(boolean exportBasicAuth) {
			this.exportBasicAuth = exportBasicAuth;
			return this;
		}

		/** How many times a failed export is retried (default 8). */
		public Builder maxRetries(int maxRetries) {
			this.maxRetries = maxRetries;
			return this;
		}

		/** The first retry delay (default 500 ms). */
		public Builder retryInitialBackoff(Duration retryInitialBackoff) {
			this.retryInitialBackoff = retryInitialBackoff;
			return this;
		}

		/** The longest retry delay (default 30 s). */
		public Builder retryMaxBackoff(Duration retryMaxBackoff) {
			this.retryMaxBackoff = retryMaxBackoff;
			return this;
		}

		/** The settings of media in captured values, as set so far. */
		MediaSettings media() {
			return this.media;
		}

		/** Whether observed methods capture their arguments by default (default true). */
		public Builder captureInput(boolean captureInput) {
			this.captureInput = captureInput;
			return this;
		}

		/**
		 * Whether observed methods capture their return value by default (default true).
		 */
		public Builder captureOutput(boolean captureOutput) {
			this.captureOutput = captureOutput;
			return this;
		}

		/** The most UTF-8 bytes stored for one captured value (default 32 KB). */
		public Builder captureMaxBytes(int captureMaxBytes) {
			this.captureMaxBytes = captureMaxBytes;
			return this;
		}

		/**
		 * The most elements of a streamed result (a reactive stream, server-sent events)
		 * kept in its output (default 100); the output of a longer stream is marked
		 * truncated.
		 */
		public Builder captureMaxStreamElements(int captureMaxStreamElements) {
			this.captureMaxStreamElements = captureMaxStreamElements;
			return this;
		}

		/**
		 * Keys whose values are redacted in addition to
		 * {@link PayloadCapture#DEFAULT_REDACTED_KEYS} (default none), matched ignoring
		 * case and separators.
		 */
		public Builder redactedKeys(@Nullable List<String> redactedKeys) {
			this.redactedKeys = redactedKeys;
			return this;
		}

		/**
		 * Whether {@link PayloadCapture#DEFAULT_REDACTED_KEYS} are redacted (default
		 * true); with false only the keys given to {@link #redactedKeys(List)} are.
		 */
		public Builder redactDefaultKeys(boolean redactDefaultKeys) {
			this.redactDefaultKeys = redactDefaultKeys;
			return this;
		}

		/** A function that rewrites every captured value before it is serialized. */
		public Builder mask(@Nullable CaptureMask mask) {
			this.mask = mask;
			return this;
		}

		/**
		 * The mapper used to capture values, so the application's modules and annotations
		 * apply.
		 */
		public Builder objectMapper(@Nullable ObjectMapper objectMapper) {
			this.objectMapper = objectMapper;
			return this;
		}

		/**
		 * Prints each finished trace as a tree to standard output when no credentials are
		 * set, for development (default false); with credentials, traces go to the
		 * server.
		 */
		public Builder consoleExport(boolean consoleExport) {
			this.consoleExport = consoleExport;
			return this;
		}

		/**
		 * How media in captured values is replaced and uploaded (default
		 * {@link MediaSettings#DEFAULTS}).
		 */
		public Builder media(MediaSettings media) {
			this.media = Objects.requireNonNull(media, "media");
			return this;
		}

		/**
		 * How a Langfuse trace relates to an application span current when it starts
		 * (default {@link ApplicationTrace#LINK}).
		 */
		public Builder applicationTrace(@Nullable ApplicationTrace applicationTrace) {
			this.applicationTrace = applicationTrace;
			return this;
		}

		/**
		 * Validates every setting and builds the configuration.
		 * @throws LangfuseConfigException naming the first invalid setting and its fix
		 */
		public LangfuseConfig build() {
			this.host = parseHost(this.rawHost);
			if (this.environment != null && !this.environment.isBlank()
					&& !ENVIRONMENT.matcher(this.environment).matches()) {
				throw new LangfuseConfigException("environment",
						"'" + this.environment + "' would be stored as 'default' by the server",
						"Use at most 40 characters of lowercase letters, digits, '-' or '_', not starting with 'langfuse'.");
			}
			if (this.environment != null && this.environment.isBlank()) {
				this.environment = null;
			}
			if (!(this.sampleRate >= 0.0 && this.sampleRate <= 1.0)) {
				throw new LangfuseConfigException("sampleRate", this.sampleRate + " is not a probability",
						"Use a value from 0.0 (record nothing) to 1.0 (record every trace).");
			}
			requireAtLeast("flushAt", this.flushAt, 1, "Use the number of spans per export request, e.g. 512.");
			requireAtLeast("maxQueueSize", this.maxQueueSize, 1, "Use the most spans to buffer, e.g. 8192.");
			requireAtLeast("maxScoreQueueSize", this.maxScoreQueueSize, 1, "Use the most scores to buffer, e.g. 2048.");
			requireAtLeast("maxScoreQueueBytes", this.maxScoreQueueBytes, 1024,
					"Use the most bytes of scores to buffer, at least 1KB, e.g. 4MB.");
			if (this.flushAt > this.maxQueueSize) {
				throw new LangfuseConfigException("flushAt",
						this.flushAt + " exceeds maxQueueSize " + this.maxQueueSize,
						"Use a batch size no larger than the queue.");
			}
			requirePositive("flushInterval", this.flushInterval, "e.g. 1s");
			requirePositive("exportTimeout", this.exportTimeout, "e.g. 10s");
			requirePositive("retryInitialBackoff", this.retryInitialBackoff, "e.g. 500ms");
			requirePositive("retryMaxBackoff", this.retryMaxBackoff, "e.g. 30s");
			if (this.retryMaxBackoff.compareTo(this.retryInitialBackoff) < 0) {
				throw new LangfuseConfigException("retryMaxBackoff", "it is shorter than retryInitialBackoff",
						"Use a maximum backoff at least as long as the initial one.");
			}
			requireAtLeast("maxRetries", this.maxRetries, 0, "Use 0 to never retry, or a small count such as 5.");
			requireAtLeast("captureMaxBytes", this.captureMaxBytes, 256,
					"Use a per-value capture limit of at least 256 bytes, e.g. 32KB.");
			requireAtLeast("captureMaxStreamElements", this.captureMaxStreamElements, 1,
					"Use the most streamed elements to keep in an output, e.g. 100.");
			if (this.maxQueueBytes < 2L * this.captureMaxBytes) {
				throw new LangfuseConfigException("maxQueueBytes",
						this.maxQueueBytes
								+ " bytes cannot hold one span with a full input and output (2 x captureMaxBytes = "
								+ 2L * this.captureMaxBytes + ")",
						"Raise maxQueueBytes or lower captureMaxBytes.");
			}
			if (this.applicationTrace == null) {
				throw new LangfuseConfigException("applicationTrace", "it is null",
						"Use LINK (default), JOIN or NONE.");
			}
			if (this.redactedKeys == null || this.redactedKeys.stream().anyMatch(Objects::isNull)) {
				throw new LangfuseConfigException("redactedKeys", "the list or one of its entries is null",
						"Use a list of key names to redact besides the defaults, or an empty list.");
			}
			if (this.serviceName != null && this.serviceName.isBlank()) {
				this.serviceName = null;
			}
			this.resolvedEndpoint = (this.exportEndpoint == null || this.exportEndpoint.isBlank())
					? URI.create(this.host + DEFAULT_EXPORT_PATH) : parseEndpoint(this.exportEndpoint);
			this.exportHeaders = checkHeaders(this.exportHeaders, this.exportBasicAuth);
			return new LangfuseConfig(this);
		}

		private static URI parseEndpoint(String raw) {
			String fix = "Use the full URL of the OTLP/HTTP traces endpoint, e.g. http://otel-collector:4318/v1/traces.";
			URI uri;
			try {
				uri = new URI(raw.trim());
			}
			catch (URISyntaxException ex) {
				throw new LangfuseConfigException("exportEndpoint", "'" + raw + "' is not a URL", fix);
			}
			String scheme = uri.getScheme();
			if (scheme == null || uri.getHost() == null
					|| !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
				throw new LangfuseConfigException("exportEndpoint", "'" + raw + "' is not an http(s) URL", fix);
			}
			if (uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
				throw new LangfuseConfigException("exportEndpoint",
						"'" + uri.getHost() + "' URL must not carry credentials or a fragment",
						"Put credentials in exportHeaders. " + fix);
			}
			return uri;
		}

		private static Map<String, String> checkHeaders(Map<String, String> headers, boolean basicAuth) {
			Map<String, String> checked = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
			for (Map.Entry<String, String> header : headers.entrySet()) {
				String name = header.getKey();
				String value = header.getValue();
				if (name == null || !HEADER_NAME.matcher(name).matches()) {
					throw new LangfuseConfigException("exportHeaders", "'" + name + "' is not a header name",
							"Use header names of letters, digits and '-', e.g. x-collector-token.");
				}
				if (value == null || value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
					throw new LangfuseConfigException("exportHeaders",
							"the value of header '" + name + "' is missing or spans lines",
							"Use a one-line value for each header.");
				}
				if (RESTRICTED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
					throw new LangfuseConfigException("exportHeaders",
							"header '" + name + "' is set by the exporter itself", "Remove it from the extra headers.");
				}
				if (basicAuth && name.equalsIgnoreCase("Authorization")) {
					throw new LangfuseConfigException("exportHeaders",
							"header 'Authorization' would be sent besides the Basic auth of the keys",
							"Turn Basic auth off (exportBasicAuth) to send your own Authorization header.");
				}
				checked.put(name, value);
			}
			return Collections.unmodifiableMap(new LinkedHashMap<>(checked));
		}

		private static URI parseHost(@Nullable String raw) {
			String fix = "Use the base URL of your Langfuse server, e.g. https://cloud.langfuse.com.";
			if (raw == null || raw.isBlank()) {
				throw new LangfuseConfigException("host", "it is empty", fix);
			}
			String trimmed = raw.trim();
			while (trimmed.endsWith("/")) {
				trimmed = trimmed.substring(0, trimmed.length() - 1);
			}
			URI uri;
			try {
				uri = new URI(trimmed);
			}
			catch (URISyntaxException ex) {
				throw new LangfuseConfigException("host", "'" + raw + "' is not a URL", fix);
			}
			String scheme = uri.getScheme();
			if (scheme == null || uri.getHost() == null
					|| !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
				throw new LangfuseConfigException("host", "'" + raw + "' is not an http(s) URL", fix);
			}
			if (uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
				throw new LangfuseConfigException("host",
						"'" + uri.getHost() + "' URL must not carry credentials, a query or a fragment", fix);
			}
			return uri;
		}

		private static void requireAtLeast(String setting, long value, long min, String fix) {
			if (value < min) {
				throw new LangfuseConfigException(setting, value + " is below the minimum " + min, fix);
			}
		}

		private static void requirePositive(String setting, @Nullable Duration value, String example) {
			if (value == null || value.isNegative() || value.isZero()) {
				throw new LangfuseConfigException(setting, DurationFormat.format(value) + " is not a positive duration",
						"Use a positive duration, " + example + ".");
			}
		}

	}

}
