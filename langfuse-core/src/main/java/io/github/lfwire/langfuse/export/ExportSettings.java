package io.github.lfwire.langfuse.export;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import io.github.lfwire.langfuse.config.DurationFormat;
import io.github.lfwire.langfuse.config.LangfuseConfigException;
import org.jspecify.annotations.Nullable;

/**
 * How spans and scores are batched, bounded, sent and retried; validated when built, each
 * setting named {@code export...} as in its exceptions.
 */
public final class ExportSettings {

	/** Langfuse's OTLP/HTTP trace path under the host, the default endpoint. */
	public static final String DEFAULT_PATH = "/api/public/otel/v1/traces";

	/** The default number of spans sent in one export request. */
	public static final int DEFAULT_FLUSH_AT = 512;

	/** The default longest time a finished span waits before it is exported. */
	public static final Duration DEFAULT_FLUSH_INTERVAL = Duration.ofSeconds(1);

	/** The default most spans held in memory awaiting export. */
	public static final int DEFAULT_MAX_QUEUE_SIZE = 8192;

	/** The default most estimated bytes of spans held awaiting export: 64 MB. */
	public static final long DEFAULT_MAX_QUEUE_BYTES = 64L * 1024 * 1024;

	/** The default most scores held in memory awaiting export. */
	public static final int DEFAULT_MAX_SCORE_QUEUE_SIZE = 2048;

	/** The default most estimated bytes of scores held awaiting export: 4 MB. */
	public static final long DEFAULT_MAX_SCORE_QUEUE_BYTES = 4L * 1024 * 1024;

	/** The default most spans queued for each span exporter added beside Langfuse. */
	public static final int DEFAULT_DESTINATION_MAX_QUEUE_SIZE = 2048;

	/** The default {@link #highWaterMark()}. */
	public static final double DEFAULT_HIGH_WATER_MARK = 0.8;

	/** Whether traces are admitted or refused whole by default. */
	public static final boolean DEFAULT_WHOLE_TRACES = true;

	/** The default timeout of one export request. */
	public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

	/** Whether the OTLP request carries Basic auth with the project's keys by default. */
	public static final boolean DEFAULT_BASIC_AUTH = true;

	/** The default number of retries of a failed export. */
	public static final int DEFAULT_MAX_RETRIES = 8;

	/** The default first retry delay. */
	public static final Duration DEFAULT_RETRY_INITIAL_BACKOFF = Duration.ofMillis(500);

	/** The default longest retry delay. */
	public static final Duration DEFAULT_RETRY_MAX_BACKOFF = Duration.ofSeconds(30);

	/** Whether the keys may go over plain http to another host by default. */
	public static final boolean DEFAULT_ALLOW_INSECURE_BASIC_AUTH = false;

	/** How span export requests are compressed by default. */
	public static final ExportCompression DEFAULT_COMPRESSION = ExportCompression.GZIP;

	/** Every setting at its default. */
	public static final ExportSettings DEFAULTS = builder().build();

	private final Builder values;

	private final @Nullable URI endpoint;

	private ExportSettings(Builder builder, @Nullable URI endpoint, Map<String, String> headers) {
		this.values = builder.copy();
		this.values.headers = headers;
		this.endpoint = endpoint;
	}

	/** A builder with every setting at its default. */
	public static Builder builder() {
		return new Builder();
	}

	/** A builder preset with these settings. */
	public Builder toBuilder() {
		return this.values.copy();
	}

	/** The number of spans sent in one export request. */
	public int flushAt() {
		return this.values.flushAt;
	}

	/** The longest time a finished span waits before it is exported. */
	public Duration flushInterval() {
		return this.values.flushInterval;
	}

	/** The most spans held in memory awaiting export. */
	public int maxQueueSize() {
		return this.values.maxQueueSize;
	}

	/** The most estimated bytes of spans held in memory awaiting export. */
	public long maxQueueBytes() {
		return this.values.maxQueueBytes;
	}

	/** The most scores held in memory awaiting export, apart from the spans. */
	public int maxScoreQueueSize() {
		return this.values.maxScoreQueueSize;
	}

	/** The most estimated bytes of scores held awaiting export, apart from the spans. */
	public long maxScoreQueueBytes() {
		return this.values.maxScoreQueueBytes;
	}

	/** The most spans queued or in flight for each span exporter beside Langfuse. */
	public int destinationMaxQueueSize() {
		return this.values.destinationMaxQueueSize;
	}

	/** The fraction of the span queue's bounds above which new traces are refused. */
	public double highWaterMark() {
		return this.values.highWaterMark;
	}

	/** Whether new traces are refused whole at the mark, or spans dropped singly. */
	public boolean wholeTraces() {
		return this.values.wholeTraces;
	}

	/** The timeout of one export request. */
	public Duration timeout() {
		return this.values.timeout;
	}

	/** The full URL spans are posted to, or {@code null} for the host's. */
	public @Nullable URI endpoint() {
		return this.endpoint;
	}

	/** The URL spans are posted to for the given Langfuse host. */
	public URI endpoint(URI host) {
		return (this.endpoint != null) ? this.endpoint : URI.create(host + DEFAULT_PATH);
	}

	/** Extra headers of every OTLP export request; values may be secrets. */
	public Map<String, String> headers() {
		return this.values.headers;
	}

	/** Whether the OTLP export request carries Basic auth with the project's keys. */
	public boolean basicAuth() {
		return this.values.basicAuth;
	}

	/** Whether the keys may go over plain http to a host other than this machine. */
	public boolean allowsInsecureBasicAuth() {
		return this.values.allowInsecureBasicAuth;
	}

	/** How span export requests are compressed. */
	public ExportCompression compression() {
		return this.values.compression;
	}

	/** Whether spans carry the keys over plain http to an endpoint on another host. */
	public boolean sendsKeysInClear() {
		return this.endpoint != null && OtlpTargetChecks.sendsKeysInClear(this.endpoint, basicAuth());
	}

	/** How many times a failed export is retried. */
	public int maxRetries() {
		return this.values.maxRetries;
	}

	/** The first retry delay; later ones double up to {@link #retryMaxBackoff()}. */
	public Duration retryInitialBackoff() {
		return this.values.retryInitialBackoff;
	}

	/** The longest retry delay. */
	public Duration retryMaxBackoff() {
		return this.values.retryMaxBackoff;
	}

	@Override
	public String toString() {
		return "{flushAt=" + flushAt() + ", flushInterval=" + DurationFormat.format(flushInterval()) + ", maxQueueSize="
				+ maxQueueSize() + ", maxQueueBytes=" + maxQueueBytes() + ", maxScoreQueueSize=" + maxScoreQueueSize()
				+ ", maxScoreQueueBytes=" + maxScoreQueueBytes() + ", destinationMaxQueueSize="
				+ destinationMaxQueueSize() + ", highWaterMark=" + highWaterMark() + ", wholeTraces=" + wholeTraces()
				+ ", timeout=" + DurationFormat.format(timeout()) + ", endpoint=" + this.endpoint + ", headers="
				+ headers().keySet() + ", basicAuth=" + basicAuth() + ", allowInsecureBasicAuth="
				+ allowsInsecureBasicAuth() + ", compression=" + compression() + ", maxRetries=" + maxRetries()
				+ ", retryInitialBackoff=" + DurationFormat.format(retryInitialBackoff()) + ", retryMaxBackoff="
				+ DurationFormat.format(retryMaxBackoff()) + "}";
	}

	/** Builds {@link ExportSettings}; every setting is checked in {@link #build()}. */
	public static final class Builder implements Cloneable {

		int flushAt = DEFAULT_FLUSH_AT;

		Duration flushInterval = DEFAULT_FLUSH_INTERVAL;

		int maxQueueSize = DEFAULT_MAX_QUEUE_SIZE;

		long maxQueueBytes = DEFAULT_MAX_QUEUE_BYTES;

		int maxScoreQueueSize = DEFAULT_MAX_SCORE_QUEUE_SIZE;

		long maxScoreQueueBytes = DEFAULT_MAX_SCORE_QUEUE_BYTES;

		int destinationMaxQueueSize = DEFAULT_DESTINATION_MAX_QUEUE_SIZE;

		double highWaterMark = DEFAULT_HIGH_WATER_MARK;

		boolean wholeTraces = DEFAULT_WHOLE_TRACES;

		Duration timeout = DEFAULT_TIMEOUT;

		@Nullable String endpoint;

		private Map<String, String> headers = Map.of();

		boolean basicAuth = DEFAULT_BASIC_AUTH;

		boolean allowInsecureBasicAuth = DEFAULT_ALLOW_INSECURE_BASIC_AUTH;

		ExportCompression compression = DEFAULT_COMPRESSION;

		int maxRetries = DEFAULT_MAX_RETRIES;

		Duration retryInitialBackoff = DEFAULT_RETRY_INITIAL_BACKOFF;

		Duration retryMaxBackoff = DEFAULT_RETRY_MAX_BACKOFF;

		private Builder() {
		}

		private Builder copy() {
			try {
				return (Builder) clone();
			}
			catch (CloneNotSupportedException ex) {
				throw new IllegalStateException(ex);
			}
		}

		/** The number of spans sent in one export request (default 512). */
		public Builder flushAt(int flushAt) {
			this.flushAt = flushAt;
			return this;
		}

		/** The longest wait of a span before export, at least 10 ms (default 1 s). */
		public Builder flushInterval(Duration flushInterval) {
			this.flushInterval = flushInterval;
			return this;
		}

		/** The most spans held in memory awaiting export (default 8192). */
		public Builder maxQueueSize(int maxQueueSize) {
			this.maxQueueSize = maxQueueSize;
			return this;
		}

		/** The most estimated bytes of spans held awaiting export (default 64 MB). */
		public Builder maxQueueBytes(long maxQueueBytes) {
			this.maxQueueBytes = maxQueueBytes;
			return this;
		}

		/** The most scores held awaiting export, apart from the spans (default 2048). */
		public Builder maxScoreQueueSize(int maxScoreQueueSize) {
			this.maxScoreQueueSize = maxScoreQueueSize;
			return this;
		}

		/**
		 * The most estimated bytes of scores held awaiting export, apart from the spans
		 * (default 4 MB).
		 */
		public Builder maxScoreQueueBytes(long maxScoreQueueBytes) {
			this.maxScoreQueueBytes = maxScoreQueueBytes;
			return this;
		}

		/**
		 * The most spans queued or in flight for each span exporter added beside Langfuse
		 * (default 2048); more are dropped and counted for that destination only.
		 */
		public Builder destinationMaxQueueSize(int destinationMaxQueueSize) {
			this.destinationMaxQueueSize = destinationMaxQueueSize;
			return this;
		}

		/**
		 * The fraction of the span queue's item and byte bounds above which new traces
		 * are refused whole at their root (default 0.8), between 0.1 and 1; the room
		 * above it is kept for the spans of traces already started.
		 */
		public Builder highWaterMark(double highWaterMark) {
			this.highWaterMark = highWaterMark;
			return this;
		}

		/**
		 * Whether traces are refused whole at the high-water mark (default), or every
		 * trace is started and spans are dropped one by one when the queue is full, as
		 * OpenTelemetry's batch processor does.
		 */
		public Builder wholeTraces(boolean wholeTraces) {
			this.wholeTraces = wholeTraces;
			return this;
		}

		/** The timeout of one export request, at least 100 ms (default 10 s). */
		public Builder timeout(Duration timeout) {
			this.timeout = timeout;
			return this;
		}

		/**
		 * The full URL that spans are posted to as OTLP/HTTP protobuf, such as an
		 * OpenTelemetry Collector's {@code http://collector:4318/v1/traces} (default the
		 * host's {@value ExportSettings#DEFAULT_PATH}); scores, media and prompts still
		 * go to the host.
		 */
		public Builder endpoint(@Nullable String endpoint) {
			this.endpoint = endpoint;
			return this;
		}

		/** Extra headers of every OTLP export request (default none). */
		public Builder headers(@Nullable Map<String, String> headers) {
			this.headers = (headers != null) ? headers : Map.of();
			return this;
		}

		/**
		 * Whether the OTLP export request carries Basic auth with the project's keys
		 * (default true); turn it off for a collector that adds it.
		 */
		public Builder basicAuth(boolean basicAuth) {
			this.basicAuth = basicAuth;
			return this;
		}

		/** Allows Basic auth over plain http to another host, warned (default false). */
		public Builder allowInsecureBasicAuth(boolean allowInsecureBasicAuth) {
			this.allowInsecureBasicAuth = allowInsecureBasicAuth;
			return this;
		}

		/** How span export requests are compressed (default gzip, also for null). */
		public Builder compression(@Nullable ExportCompression compression) {
			this.compression = (compression != null) ? compression : DEFAULT_COMPRESSION;
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

		/**
		 * Validates every setting and builds the settings.
		 * @throws LangfuseConfigException naming the first invalid setting and its fix
		 */
		public ExportSettings build() {
			ExportSettingsChecks.check(this);
			URI resolved = (this.endpoint == null || this.endpoint.isBlank()) ? null
					: OtlpTargetChecks.parseEndpoint(this.endpoint);
			if (resolved != null) {
				OtlpTargetChecks.checkKeysNotInClear(resolved, this.basicAuth, this.allowInsecureBasicAuth);
			}
			return new ExportSettings(this, resolved, OtlpTargetChecks.checkHeaders(this.headers, this.basicAuth));
		}

	}

}
