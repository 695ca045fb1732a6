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

	/** Which application spans travel to Langfuse in join mode, by default. */
	public static final ApplicationSpans DEFAULT_APPLICATION_SPANS = ApplicationSpans.LLM;

	/**
	 * Most application spans held and ancestor ids remembered in join mode, by default.
	 */
	public static final int DEFAULT_APPLICATION_SPAN_CAPACITY = 2048;

	/** Every setting at its default. */
	public static final TracingSettings DEFAULTS = builder().build();

	private static final Pattern ENVIRONMENT = Pattern.compile("(?!langfuse)[a-z0-9_-]{1,40}");

	private final @Nullable String environment;

	private final @Nullable String release;

	private final @Nullable String serviceName;

	private final double sampleRate;

	private final ApplicationTrace applicationTrace;

	private final ApplicationSpans applicationSpans;

	private final @Nullable SpanFilter spanFilter;

	private final int applicationSpanCapacity;

	private TracingSettings(Builder builder) {
		this.environment = blankToNull(builder.environment);
		this.release = builder.release;
		this.serviceName = blankToNull(builder.serviceName);
		this.sampleRate = builder.sampleRate;
		this.applicationTrace = builder.applicationTrace;
		this.applicationSpans = builder.applicationSpans;
		this.spanFilter = builder.spanFilter;
		this.applicationSpanCapacity = builder.applicationSpanCapacity;
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
			.applicationTrace(this.applicationTrace)
			.applicationSpans(this.applicationSpans)
			.spanFilter(this.spanFilter)
			.applicationSpanCapacity(this.applicationSpanCapacity);
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

	/**
	 * Which of the application's own spans travel to Langfuse in join mode when no
	 * {@link #spanFilter()} is set.
	 */
	public ApplicationSpans applicationSpans() {
		return this.applicationSpans;
	}

	/**
	 * A custom filter of application spans replacing {@link #applicationSpans()}, or
	 * {@code null}.
	 */
	public @Nullable SpanFilter spanFilter() {
		return this.spanFilter;
	}

	/**
	 * The filter of application spans in effect: the custom one, else
	 * {@link #applicationSpans()}'s.
	 */
	public SpanFilter effectiveSpanFilter() {
		return (this.spanFilter != null) ? this.spanFilter : this.applicationSpans.filter();
	}

	/**
	 * Most application spans held (ended unkept while a descendant may still be kept) and
	 * ancestor ids remembered in join mode; beyond it the oldest trace's are forgotten
	 * and counted.
	 */
	public int applicationSpanCapacity() {
		return this.applicationSpanCapacity;
	}

	@Override
	public String toString() {
		return "{environment=" + this.environment + ", release=" + this.release + ", serviceName=" + this.serviceName
				+ ", sampleRate=" + this.sampleRate + ", applicationTrace=" + this.applicationTrace
				+ ", applicationSpans=" + this.applicationSpans + ", spanFilter="
				+ ((this.spanFilter != null) ? "custom" : "none") + ", applicationSpanCapacity="
				+ this.applicationSpanCapacity + "}";
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

		private @Nullable ApplicationSpans applicationSpans = DEFAULT_APPLICATION_SPANS;

		private @Nullable SpanFilter spanFilter;

		private int applicationSpanCapacity = DEFAULT_APPLICATION_SPAN_CAPACITY;

		private Builder() {
		}

		/**
		 * Which of the application's own spans travel to Langfuse in join mode (default
		 * {@link ApplicationSpans#LLM}); the ancestors of kept spans and of joined
		 * Langfuse roots travel too.
		 */
		public Builder applicationSpans(@Nullable ApplicationSpans applicationSpans) {
			this.applicationSpans = applicationSpans;
			return this;
		}

		/**
		 * A custom filter of application spans in join mode, replacing
		 * {@link #applicationSpans}; {@code null} for none.
		 */
		public Builder spanFilter(@Nullable SpanFilter spanFilter) {
			this.spanFilter = spanFilter;
			return this;
		}

		/**
		 * Most application spans held and ancestor ids remembered in join mode (default
		 * 2048), at least 1.
		 */
		public Builder applicationSpanCapacity(int applicationSpanCapacity) {
			this.applicationSpanCapacity = applicationSpanCapacity;
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
			if (this.applicationSpans == null) {
				throw new LangfuseConfigException("tracingApplicationSpans", "applicationSpans is null",
						"Use LLM (default), ALL or NONE.");
			}
			if (this.applicationSpanCapacity < 1) {
				throw new LangfuseConfigException("tracingApplicationSpanCapacity",
						"applicationSpanCapacity " + this.applicationSpanCapacity + " is below 1",
						"Use a count of at least 1, such as 2048.");
			}
			return new TracingSettings(this);
		}

	}

}
