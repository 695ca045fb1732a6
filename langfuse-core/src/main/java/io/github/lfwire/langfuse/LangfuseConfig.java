package io.github.lfwire.langfuse;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.github.lfwire.langfuse.capture.CaptureMask;
import io.github.lfwire.langfuse.capture.CaptureSettings;
import io.github.lfwire.langfuse.config.LangfuseConfigException;
import io.github.lfwire.langfuse.export.ExportSettings;
import io.github.lfwire.langfuse.media.MediaSettings;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.ObjectMapper;

/**
 * Immutable settings of a {@link LangfuseClient}: the server and its keys, and the
 * settings of each concern ({@link TracingSettings}, {@link CaptureSettings},
 * {@link ExportSettings}, {@link MediaSettings}), each validated by its own type.
 */
public final class LangfuseConfig {

	/** The Langfuse Cloud host used when none is set. */
	public static final String DEFAULT_HOST = "https://cloud.langfuse.com";

	/** Whether tracing is on by default. */
	public static final boolean DEFAULT_ENABLED = true;

	/** Whether traces are printed to standard output without credentials by default. */
	public static final boolean DEFAULT_CONSOLE_EXPORT = false;

	private final URI host;

	private final @Nullable String publicKey;

	private final @Nullable String secretKey;

	private final boolean enabled;

	private final boolean consoleExport;

	private final TracingSettings tracing;

	private final CaptureSettings capture;

	private final ExportSettings export;

	private final MediaSettings media;

	private final List<SpanExporter> spanExporters;

	private LangfuseConfig(Builder builder, URI host, TracingSettings tracing, CaptureSettings capture,
			ExportSettings export) {
		this.host = host;
		this.publicKey = builder.publicKey;
		this.secretKey = builder.secretKey;
		this.enabled = builder.enabled;
		this.consoleExport = builder.consoleExport;
		this.tracing = tracing;
		this.capture = capture;
		this.export = export;
		this.media = builder.media;
		this.spanExporters = List.copyOf(builder.spanExporters);
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
		return Credentials.mask(this.publicKey);
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
		return (!hasCredentials() && !this.consoleExport) ? missingCredentials() : null;
	}

	/**
	 * Which key is missing and how to set it, or {@code null} when both are set.
	 * @return for example
	 * {@code "no secret key: set LANGFUSE_SECRET_KEY (secretKey); the public key is set"},
	 * naming the environment variable and the setting
	 */
	public @Nullable String missingCredentials() {
		return Credentials.missing(this.publicKey, this.secretKey);
	}

	/** Whether both keys are set, so traces go to the Langfuse server. */
	public boolean hasCredentials() {
		return !isBlank(this.publicKey) && !isBlank(this.secretKey);
	}

	/**
	 * Whether each trace is printed as a tree to standard output: instead of sending it
	 * when no credentials are set, besides sending it, with its Langfuse URL, when they
	 * are.
	 */
	public boolean consoleExport() {
		return this.consoleExport;
	}

	/** The environment, release, service name, sampling and application-trace mode. */
	public TracingSettings tracing() {
		return this.tracing;
	}

	/** What observed methods capture and how values are bounded and redacted. */
	public CaptureSettings capture() {
		return this.capture;
	}

	/** How spans and scores are batched, bounded, sent and retried. */
	public ExportSettings export() {
		return this.export;
	}

	/**
	 * The full URL that spans are posted to: Langfuse's OTLP endpoint, or a collector's.
	 */
	public URI exportEndpoint() {
		return this.export.endpoint(this.host);
	}

	/** How media in captured values is replaced and uploaded. */
	public MediaSettings media() {
		return this.media;
	}

	/**
	 * The span exporters that receive every finished span beside Langfuse, each through
	 * its own queue.
	 */
	public List<SpanExporter> spanExporters() {
		return this.spanExporters;
	}

	/** A builder preset with these settings. */
	public Builder toBuilder() {
		Builder builder = new Builder().host(this.host.toString())
			.publicKey(this.publicKey)
			.secretKey(this.secretKey)
			.enabled(this.enabled)
			.consoleExport(this.consoleExport)
			.tracing(this.tracing)
			.capture(this.capture)
			.export(this.export)
			.media(this.media);
		builder.spanExporters.addAll(this.spanExporters);
		return builder;
	}

	@Override
	public String toString() {
		return "LangfuseConfig{host=" + this.host + ", publicKey=" + maskedPublicKey() + ", secretKey="
				+ (isBlank(this.secretKey) ? "<unset>" : "<hidden>") + ", enabled=" + this.enabled + ", consoleExport="
				+ this.consoleExport + ", tracing=" + this.tracing + ", capture=" + this.capture + ", exportEndpoint="
				+ exportEndpoint() + ", exportBasicAuth=" + this.export.basicAuth() + ", export=" + this.export
				+ ", media=" + this.media + ", spanExporters=" + this.spanExporters.size() + "}";
	}

	private static boolean isBlank(@Nullable String value) {
		return value == null || value.isBlank();
	}

	/**
	 * Builds a {@link LangfuseConfig}; every setting is checked in {@link #build()}. The
	 * shortcuts of {@link ConcernShortcuts} set one setting of a concern;
	 * {@link #tracing}, {@link #capture}, {@link #export} and {@link #media} replace a
	 * whole concern.
	 */
	public static final class Builder extends ConcernShortcuts<Builder> {

		private @Nullable String host = DEFAULT_HOST;

		private @Nullable String publicKey;

		private @Nullable String secretKey;

		private boolean enabled = DEFAULT_ENABLED;

		private boolean consoleExport = DEFAULT_CONSOLE_EXPORT;

		private MediaSettings media = MediaSettings.DEFAULTS;

		private final List<SpanExporter> spanExporters = new ArrayList<>();

		private Builder() {
		}

		@Override
		Builder self() {
			return this;
		}

		/**
		 * The base URL of the Langfuse server (default
		 * {@value LangfuseConfig#DEFAULT_HOST}).
		 */
		public Builder host(@Nullable String host) {
			this.host = host;
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
		 * Prints each finished trace as a tree to standard output, for development
		 * (default false): instead of sending it when no credentials are set, besides
		 * sending it, with its Langfuse URL once the project id is known, when they are.
		 */
		public Builder consoleExport(boolean consoleExport) {
			this.consoleExport = consoleExport;
			return this;
		}

		/** Replaces the tracing settings. */
		public Builder tracing(TracingSettings tracing) {
			this.tracing = tracing.toBuilder();
			return this;
		}

		/** Replaces the capture settings. */
		public Builder capture(CaptureSettings capture) {
			this.capture = capture.toBuilder();
			return this;
		}

		/** Replaces the export settings. */
		public Builder export(ExportSettings export) {
			this.export = export.toBuilder();
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

		MediaSettings media() {
			return this.media;
		}

		/**
		 * Adds a destination that receives every finished span beside Langfuse, such as
		 * an OTLP exporter to the application's own collector. It gets its own bounded
		 * queue ({@code exportDestinationMaxQueueSize}, {@code exportMaxQueueBytes}) and
		 * thread: when it is slow, fails or throws, its spans are dropped and counted
		 * while Langfuse still receives every span. It is flushed and shut down with the
		 * client.
		 */
		public Builder addSpanExporter(SpanExporter spanExporter) {
			this.spanExporters.add(Objects.requireNonNull(spanExporter, "spanExporter"));
			return this;
		}

		/**
		 * Validates every setting and builds the configuration.
		 * @throws LangfuseConfigException naming the first invalid setting and its fix
		 */
		public LangfuseConfig build() {
			URI host = Credentials.parseHost(this.host);
			TracingSettings tracing = this.tracing.build();
			ExportSettings export = this.export.build();
			CaptureSettings capture = this.capture.build();
			if (export.maxQueueBytes() < 2L * capture.maxBytes()) {
				throw new LangfuseConfigException("exportMaxQueueBytes",
						export.maxQueueBytes()
								+ " bytes cannot hold one span with a full input and output (2 x captureMaxBytes = "
								+ 2L * capture.maxBytes() + ")",
						"Raise exportMaxQueueBytes or lower captureMaxBytes.");
			}
			return new LangfuseConfig(this, host, tracing, capture, export);
		}

	}

}
