package io.github.lfwire.langfuse;

import java.util.regex.Pattern;

import io.github.lfwire.langfuse.config.LangfuseConfigException;
import org.jspecify.annotations.Nullable;

/**
 * What every trace is stamped with, which traces are recorded, and how they relate to the
 * application's own trace; validated when built.
 */
public final class TracingSettings {

	/** The fraction of traces recorded by default: all of them. */
	public static final double DEFAULT_SAMPLE_RATE = 1.0;

	/** How a Langfuse trace relates to a current application span, by default. */
	public static final ApplicationTrace DEFAULT_APPLICATION_TRACE = ApplicationTrace.LINK;

	/** Every setting at its default. */
	public static final TracingSettings DEFAULTS = builder().build();

	private static final Pattern ENVIRONMENT = Pattern.compile("(?!langfuse)[a-z0-9_-]{1,40}");

	private final @Nullable String environment;

	private final @Nullable String release;

	private final @Nullable String serviceName;

	private final double sampleRate;

	private final ApplicationTrace applicationTrace;

	private TracingSettings(Builder builder) {
		this.environment = blankToNull(builder.environment);
		this.release = builder.release;
		this.serviceName = blankToNull(builder.serviceName);
		this.sampleRate = builder.sampleRate;
		this.applicationTrace = builder.applicationTrace;
	}

	/** A builder with every setting at its default. */
	public static Builder builder() {
		return new Builder();
	}

	/** A builder preset with these settings. */
	public Builder toBuilder() {
		return new Builder().environment(this.environment)
			.release(this.release)
			.serviceName(this.serviceName)
			.sampleRate(this.sampleRate)
			.applicationTrace(this.applicationTrace);
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
	 * OpenTelemetry's default.
	 */
	public @Nullable String serviceName() {
		return this.serviceName;
	}

	/** The fraction of traces recorded, from 0 to 1, decided on the trace id. */
	public double sampleRate() {
		return this.sampleRate;
	}

	/** How a Langfuse trace relates to the application's trace current when it starts. */
	public ApplicationTrace applicationTrace() {
		return this.applicationTrace;
	}

	@Override
	public String toString() {
		return "{environment=" + this.environment + ", release=" + this.release + ", serviceName=" + this.serviceName
				+ ", sampleRate=" + this.sampleRate + ", applicationTrace=" + this.applicationTrace + "}";
	}

	private static @Nullable String blankToNull(@Nullable String value) {
		return (value == null || value.isBlank()) ? null : value;
	}

	/** Builds {@link TracingSettings}; every setting is checked in {@link #build()}. */
	public static final class Builder {

		private @Nullable String environment;

		private @Nullable String release;

		private @Nullable String serviceName;

		private double sampleRate = DEFAULT_SAMPLE_RATE;

		private @Nullable ApplicationTrace applicationTrace = DEFAULT_APPLICATION_TRACE;

		private Builder() {
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
		 * {@code unknown_service:java}).
		 */
		public Builder serviceName(@Nullable String serviceName) {
			this.serviceName = serviceName;
			return this;
		}

		/**
		 * The fraction of traces recorded, from 0 to 1 (default 1), named
		 * {@code samplingProbability} in messages.
		 */
		public Builder sampleRate(double sampleRate) {
			this.sampleRate = sampleRate;
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
		 * Validates every setting and builds the settings.
		 * @throws LangfuseConfigException naming the first invalid setting and its fix
		 */
		public TracingSettings build() {
			if (this.environment != null && !this.environment.isBlank()
					&& !ENVIRONMENT.matcher(this.environment).matches()) {
				throw new LangfuseConfigException("environment",
						"'" + this.environment + "' would be stored as 'default' by the server",
						"Use at most 40 characters of lowercase letters, digits, '-' or '_', not starting with 'langfuse'.");
			}
			if (!(this.sampleRate >= 0.0 && this.sampleRate <= 1.0)) {
				throw new LangfuseConfigException("samplingProbability",
						"sampleRate " + this.sampleRate + " is not a probability",
						"Use a value from 0.0 (record nothing) to 1.0 (record every trace).");
			}
			if (this.applicationTrace == null) {
				throw new LangfuseConfigException("tracingApplicationTrace", "applicationTrace is null",
						"Use LINK (default), JOIN or NONE.");
			}
			return new TracingSettings(this);
		}

	}

}
