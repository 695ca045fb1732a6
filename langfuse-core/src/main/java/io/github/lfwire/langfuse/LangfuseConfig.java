package io.github.lfwire.langfuse;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.github.lfwire.langfuse.capture.CaptureMask;
import io.github.lfwire.langfuse.capture.PayloadCapture;
import io.github.lfwire.langfuse.media.MediaSettings;
import tools.jackson.databind.ObjectMapper;

/** Immutable settings of a {@link LangfuseClient}, validated when built. */
public final class LangfuseConfig {

	/** The Langfuse Cloud host used when none is set. */
	public static final String DEFAULT_HOST = "https://cloud.langfuse.com";

	private static final Pattern ENVIRONMENT = Pattern.compile("(?!langfuse)[a-z0-9_-]{1,40}");

	private final URI host;

	private final String publicKey;

	private final String secretKey;

	private final boolean enabled;

	private final String environment;

	private final String release;

	private final double sampleRate;

	private final int flushAt;

	private final Duration flushInterval;

	private final int maxQueueSize;

	private final long maxQueueBytes;

	private final int maxScoreQueueSize;

	private final long maxScoreQueueBytes;

	private final Duration exportTimeout;

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

	private final CaptureMask mask;

	private final ObjectMapper objectMapper;

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
		this.sampleRate = builder.sampleRate;
		this.flushAt = builder.flushAt;
		this.flushInterval = builder.flushInterval;
		this.maxQueueSize = builder.maxQueueSize;
		this.maxQueueBytes = builder.maxQueueBytes;
		this.maxScoreQueueSize = builder.maxScoreQueueSize;
		this.maxScoreQueueBytes = builder.maxScoreQueueBytes;
		this.exportTimeout = builder.exportTimeout;
		this.maxRetries = builder.maxRetries;
		this.retryInitialBackoff = builder.retryInitialBackoff;
		this.retryMaxBackoff = builder.retryMaxBackoff;
		this.captureInput = builder.captureInput;
		this.captureOutput = builder.captureOutput;
		this.captureMaxBytes = builder.captureMaxBytes;
		this.captureMaxStreamElements = builder.captureMaxStreamElements;
		this.addedRedactedKeys = List.copyOf(builder.redactedKeys);
		this.redactDefaultKeys = builder.redactDefaultKeys;
		this.redactedKeys = this.redactDefaultKeys ? Stream
			.concat(PayloadCapture.DEFAULT_REDACTED_KEYS.stream(), this.addedRedactedKeys.stream())
			.distinct()
			.toList() : this.addedRedactedKeys;
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
	 * A builder preset from the official {@code LANGFUSE_*} environment variables found in the given map.
	 * @param env the environment, usually {@code System.getenv()}
	 * @throws LangfuseConfigException if a variable holds a value that cannot be parsed
	 */
	public static Builder fromEnvironment(Map<String, String> env) {
		Builder builder = new Builder();
		String host = firstNonBlank(env.get("LANGFUSE_BASE_URL"), env.get("LANGFUSE_HOST"));
		if (host != null) {
			builder.host(host);
		}
		apply(env, "LANGFUSE_PUBLIC_KEY", Function.identity(), builder::publicKey);
		apply(env, "LANGFUSE_SECRET_KEY", Function.identity(), builder::secretKey);
		apply(env, "LANGFUSE_TRACING_ENVIRONMENT", Function.identity(), builder::environment);
		apply(env, "LANGFUSE_RELEASE", Function.identity(), builder::release);
		apply(env, "LANGFUSE_TRACING_ENABLED", LangfuseConfig::parseBoolean, builder::enabled);
		apply(env, "LANGFUSE_SAMPLE_RATE", Double::parseDouble, builder::sampleRate);
		apply(env, "LANGFUSE_FLUSH_AT", Integer::parseInt, builder::flushAt);
		apply(env, "LANGFUSE_FLUSH_INTERVAL", LangfuseConfig::parseSeconds, builder::flushInterval);
		apply(env, "LANGFUSE_TIMEOUT", LangfuseConfig::parseSeconds, builder::exportTimeout);
		apply(env, "LANGFUSE_MEDIA_UPLOAD_ENABLED", LangfuseConfig::parseBoolean,
				(enabled) -> builder.media(builder.media.withEnabled(enabled)));
		apply(env, "LANGFUSE_MEDIA_UPLOAD_THREAD_COUNT", Integer::parseInt,
				(threads) -> builder.media(builder.media.withUploadThreads(threads)));
		return builder;
	}

	private static <T> void apply(Map<String, String> env, String name, Function<String, T> parser,
			java.util.function.Consumer<T> setter) {
		String raw = env.get(name);
		if (raw == null || raw.isBlank()) {
			return;
		}
		T value;
		try {
			value = parser.apply(raw.trim());
		}
		catch (RuntimeException ex) {
			throw new LangfuseConfigException(name, "'" + (name.endsWith("_KEY") ? "<hidden>" : raw)
					+ "' cannot be parsed", "Set it to a valid value or unset it.");
		}
		setter.accept(value);
	}

	private static boolean parseBoolean(String value) {
		return switch (value.toLowerCase(Locale.ROOT)) {
			case "true", "1", "yes" -> true;
			case "false", "0", "no" -> false;
			default -> throw new IllegalArgumentException(value);
		};
	}

	private static Duration parseSeconds(String value) {
		return Duration.ofMillis(Math.round(Double.parseDouble(value) * 1000));
	}

	private static String firstNonBlank(String first, String second) {
		if (first != null && !first.isBlank()) {
			return first.trim();
		}
		return (second != null && !second.isBlank()) ? second.trim() : null;
	}

	/** The base URL of the Langfuse server, without a trailing slash. */
	public URI host() {
		return this.host;
	}

	/** The project's public key, or {@code null}. */
	public String publicKey() {
		return this.publicKey;
	}

	/** The public key with all but its prefix masked, safe to show. */
	public String maskedPublicKey() {
		return mask(this.publicKey);
	}

	/** The project's secret key, or {@code null}; never log it. */
	public String secretKey() {
		return this.secretKey;
	}

	/** Whether tracing is switched on. */
	public boolean enabled() {
		return this.enabled;
	}

	/** Why the client would be a no-op with these settings, or {@code null} when it would export. */
	public String disabledReason() {
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
	 * @return for example {@code "no secret key: set LANGFUSE_SECRET_KEY (in Spring Boot: langfuse.secret-key);
	 * the public key is set"}
	 */
	public String missingCredentials() {
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
	public String environment() {
		return this.environment;
	}

	/** The release stamped on every span, or {@code null}. */
	public String release() {
		return this.release;
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

	/** The most estimated bytes of scores held in memory awaiting export, apart from the spans. */
	public long maxScoreQueueBytes() {
		return this.maxScoreQueueBytes;
	}

	/** The timeout of one export request. */
	public Duration exportTimeout() {
		return this.exportTimeout;
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

	/** The most elements of a streamed result (a reactive stream, server-sent events) kept in its output. */
	public int captureMaxStreamElements() {
		return this.captureMaxStreamElements;
	}

	/** Keys whose values are replaced before they are captured: the defaults, unless turned off, and the added ones. */
	public List<String> redactedKeys() {
		return this.redactedKeys;
	}

	/** Whether {@link PayloadCapture#DEFAULT_REDACTED_KEYS} are redacted besides the added keys. */
	public boolean redactDefaultKeys() {
		return this.redactDefaultKeys;
	}

	/** The function that rewrites captured values, or {@code null}. */
	public CaptureMask mask() {
		return this.mask;
	}

	/** The mapper used to capture values, or {@code null} for a plain one. */
	public ObjectMapper objectMapper() {
		return this.objectMapper;
	}

	/** How a Langfuse trace relates to the application's own trace current when it starts. */
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
				+ (isBlank(this.secretKey) ? "<unset>" : "<hidden>") + ", enabled=" + this.enabled
				+ ", environment=" + this.environment + ", release=" + this.release + ", sampleRate="
				+ this.sampleRate + ", flushAt=" + this.flushAt + ", flushInterval="
				+ DurationFormat.format(this.flushInterval) + ", maxQueueSize=" + this.maxQueueSize
				+ ", maxQueueBytes=" + this.maxQueueBytes + ", maxScoreQueueSize=" + this.maxScoreQueueSize
				+ ", maxScoreQueueBytes=" + this.maxScoreQueueBytes + ", exportTimeout="
				+ DurationFormat.format(this.exportTimeout) + ", maxRetries=" + this.maxRetries + ", captureInput="
				+ this.captureInput + ", captureOutput=" + this.captureOutput + ", captureMaxBytes="
				+ this.captureMaxBytes + ", consoleExport=" + this.consoleExport + ", media=" + this.media
				+ ", applicationTrace=" + this.applicationTrace + "}";
	}

	static String mask(String key) {
		if (isBlank(key)) {
			return "<unset>";
		}
		int visible = key.startsWith("pk-lf-") ? Math.min(key.length(), 10) : Math.min(key.length() / 4, 4);
		return key.substring(0, visible) + "****";
	}

	private static boolean isBlank(String value) {
		return value == null || value.isBlank();
	}

	/** Builds a {@link LangfuseConfig}; every setting is checked in {@link #build()}. */
	public static final class Builder {

		private URI host = URI.create(DEFAULT_HOST);

		private String rawHost = DEFAULT_HOST;

		private String publicKey;

		private String secretKey;

		private boolean enabled = true;

		private String environment;

		private String release;

		private double sampleRate = 1.0;

		private int flushAt = 512;

		private Duration flushInterval = Duration.ofSeconds(1);

		private int maxQueueSize = 8192;

		private long maxQueueBytes = 64L * 1024 * 1024;

		private int maxScoreQueueSize = 2048;

		private long maxScoreQueueBytes = 4L * 1024 * 1024;

		private Duration exportTimeout = Duration.ofSeconds(10);

		private int maxRetries = 8;

		private Duration retryInitialBackoff = Duration.ofMillis(500);

		private Duration retryMaxBackoff = Duration.ofSeconds(30);

		private boolean captureInput = true;

		private boolean captureOutput = true;

		private int captureMaxBytes = 32 * 1024;

		private int captureMaxStreamElements = 100;

		private List<String> redactedKeys = List.of();

		private boolean redactDefaultKeys = true;

		private CaptureMask mask;

		private ObjectMapper objectMapper;

		private boolean consoleExport;

		private ApplicationTrace applicationTrace = ApplicationTrace.LINK;

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
			this.sampleRate = config.sampleRate;
			this.flushAt = config.flushAt;
			this.flushInterval = config.flushInterval;
			this.maxQueueSize = config.maxQueueSize;
			this.maxQueueBytes = config.maxQueueBytes;
			this.maxScoreQueueSize = config.maxScoreQueueSize;
			this.maxScoreQueueBytes = config.maxScoreQueueBytes;
			this.exportTimeout = config.exportTimeout;
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

		/** The base URL of the Langfuse server (default {@value LangfuseConfig#DEFAULT_HOST}). */
		public Builder host(String host) {
			this.rawHost = host;
			return this;
		}

		/** The project's public key ({@code pk-lf-...}). */
		public Builder publicKey(String publicKey) {
			this.publicKey = publicKey;
			return this;
		}

		/** The project's secret key ({@code sk-lf-...}). */
		public Builder secretKey(String secretKey) {
			this.secretKey = secretKey;
			return this;
		}

		/** Whether tracing is on (default true). */
		public Builder enabled(boolean enabled) {
			this.enabled = enabled;
			return this;
		}

		/** The environment, lowercase {@code [a-z0-9_-]}, at most 40 characters, not starting with "langfuse". */
		public Builder environment(String environment) {
			this.environment = environment;
			return this;
		}

		/** The release stamped on every span. */
		public Builder release(String release) {
			this.release = release;
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

		/** The most estimated bytes of spans held in memory awaiting export (default 64 MB). */
		public Builder maxQueueBytes(long maxQueueBytes) {
			this.maxQueueBytes = maxQueueBytes;
			return this;
		}

		/** The most scores held in memory awaiting export, apart from the spans (default 2048). */
		public Builder maxScoreQueueSize(int maxScoreQueueSize) {
			this.maxScoreQueueSize = maxScoreQueueSize;
			return this;
		}

		/** The most estimated bytes of scores held in memory awaiting export, apart from the spans (default 4 MB). */
		public Builder maxScoreQueueBytes(long maxScoreQueueBytes) {
			this.maxScoreQueueBytes = maxScoreQueueBytes;
			return this;
		}

		/** The timeout of one export request (default 10 s). */
		public Builder exportTimeout(Duration exportTimeout) {
			this.exportTimeout = exportTimeout;
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

		/** Whether observed methods capture their arguments by default (default true). */
		public Builder captureInput(boolean captureInput) {
			this.captureInput = captureInput;
			return this;
		}

		/** Whether observed methods capture their return value by default (default true). */
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
		 * The most elements of a streamed result (a reactive stream, server-sent events) kept in its output
		 * (default 100); the output of a longer stream is marked truncated.
		 */
		public Builder captureMaxStreamElements(int captureMaxStreamElements) {
			this.captureMaxStreamElements = captureMaxStreamElements;
			return this;
		}

		/**
		 * Keys whose values are redacted in addition to {@link PayloadCapture#DEFAULT_REDACTED_KEYS} (default none),
		 * matched ignoring case and separators.
		 */
		public Builder redactedKeys(List<String> redactedKeys) {
			this.redactedKeys = redactedKeys;
			return this;
		}

		/**
		 * Whether {@link PayloadCapture#DEFAULT_REDACTED_KEYS} are redacted (default true); with false only the keys
		 * given to {@link #redactedKeys(List)} are.
		 */
		public Builder redactDefaultKeys(boolean redactDefaultKeys) {
			this.redactDefaultKeys = redactDefaultKeys;
			return this;
		}

		/** A function that rewrites every captured value before it is serialized. */
		public Builder mask(CaptureMask mask) {
			this.mask = mask;
			return this;
		}

		/** The mapper used to capture values, so the application's modules and annotations apply. */
		public Builder objectMapper(ObjectMapper objectMapper) {
			this.objectMapper = objectMapper;
			return this;
		}

		/**
		 * Prints each finished trace as a tree to standard output when no credentials are set, for development
		 * (default false); with credentials, traces go to the server.
		 */
		public Builder consoleExport(boolean consoleExport) {
			this.consoleExport = consoleExport;
			return this;
		}

		/** How media in captured values is replaced and uploaded (default {@link MediaSettings#DEFAULTS}). */
		public Builder media(MediaSettings media) {
			this.media = Objects.requireNonNull(media, "media");
			return this;
		}

		/**
		 * How a Langfuse trace relates to an application span current when it starts (default
		 * {@link ApplicationTrace#LINK}).
		 */
		public Builder applicationTrace(ApplicationTrace applicationTrace) {
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
				throw new LangfuseConfigException("environment", "'" + this.environment
						+ "' would be stored as 'default' by the server",
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
				throw new LangfuseConfigException("flushAt", this.flushAt + " exceeds maxQueueSize "
						+ this.maxQueueSize, "Use a batch size no larger than the queue.");
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
				throw new LangfuseConfigException("maxQueueBytes", this.maxQueueBytes
						+ " bytes cannot hold one span with a full input and output (2 x captureMaxBytes = "
						+ 2L * this.captureMaxBytes + ")", "Raise maxQueueBytes or lower captureMaxBytes.");
			}
			if (this.applicationTrace == null) {
				throw new LangfuseConfigException("applicationTrace", "it is null",
						"Use LINK (default), JOIN or NONE.");
			}
			if (this.redactedKeys == null || this.redactedKeys.stream().anyMatch(Objects::isNull)) {
				throw new LangfuseConfigException("redactedKeys", "the list or one of its entries is null",
						"Use a list of key names to redact besides the defaults, or an empty list.");
			}
			return new LangfuseConfig(this);
		}

		private static URI parseHost(String raw) {
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
				throw new LangfuseConfigException("host", "'" + uri.getHost()
						+ "' URL must not carry credentials, a query or a fragment", fix);
			}
			return uri;
		}

		private static void requireAtLeast(String setting, long value, long min, String fix) {
			if (value < min) {
				throw new LangfuseConfigException(setting, value + " is below the minimum " + min, fix);
			}
		}

		private static void requirePositive(String setting, Duration value, String example) {
			if (value == null || value.isNegative() || value.isZero()) {
				throw new LangfuseConfigException(setting, DurationFormat.format(value) + " is not a positive duration",
						"Use a positive duration, " + example + ".");
			}
		}

	}

}
