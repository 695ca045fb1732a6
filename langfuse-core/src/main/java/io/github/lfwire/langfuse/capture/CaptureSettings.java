package io.github.lfwire.langfuse.capture;

import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

import io.github.lfwire.langfuse.config.LangfuseConfigException;
import io.github.lfwire.langfuse.internal.SettingChecks;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.ObjectMapper;

/**
 * What observed methods capture and how each value is bounded and redacted; validated
 * when built, each setting named {@code capture...} as in its exceptions.
 */
public final class CaptureSettings {

	/** Whether observed methods capture their arguments by default. */
	public static final boolean DEFAULT_INPUT = true;

	/** Whether observed methods capture their return value by default. */
	public static final boolean DEFAULT_OUTPUT = true;

	/** Whether {@link #DEFAULT_REDACTED_KEYS} are redacted by default. */
	public static final boolean DEFAULT_REDACT_DEFAULT_KEYS = true;

	/** The default most UTF-8 bytes stored for one captured value: 32 KB. */
	public static final int DEFAULT_MAX_BYTES = 32 * 1024;

	/** The smallest per-value limit: room for a truncation wrapper. */
	public static final int MIN_MAX_BYTES = 256;

	/** The default most elements of a streamed result kept in its output. */
	public static final int DEFAULT_MAX_STREAM_ELEMENTS = 100;

	/** Whether immutable values are serialized on the export thread by default. */
	public static final boolean DEFAULT_DEFERRED = true;

	/**
	 * The default largest estimated JSON size of a value serialized on the export thread:
	 * 128 KB.
	 */
	public static final int DEFAULT_DEFERRED_MAX_BYTES = 128 * 1024;

	/** The keys redacted unless {@link Builder#redactDefaultKeys(boolean)} is false. */
	public static final List<String> DEFAULT_REDACTED_KEYS = List.of("password", "secret", "token", "api key",
			"authorization", "cookie", "credential", "private key");

	/** Every setting at its default. */
	public static final CaptureSettings DEFAULTS = builder().build();

	private final boolean input;

	private final boolean output;

	private final int maxBytes;

	private final int maxStreamElements;

	private final List<String> redactKeys;

	private final boolean redactDefaultKeys;

	private final @Nullable CaptureMask mask;

	private final @Nullable ObjectMapper objectMapper;

	private final boolean deferred;

	private final int deferredMaxBytes;

	private CaptureSettings(Builder builder) {
		this.input = builder.input;
		this.output = builder.output;
		this.maxBytes = builder.maxBytes;
		this.maxStreamElements = builder.maxStreamElements;
		this.redactKeys = List.copyOf(builder.redactKeys);
		this.redactDefaultKeys = builder.redactDefaultKeys;
		this.mask = builder.mask;
		this.objectMapper = builder.objectMapper;
		this.deferred = builder.deferred;
		this.deferredMaxBytes = builder.deferredMaxBytes;
	}

	/** A builder with every setting at its default. */
	public static Builder builder() {
		return new Builder();
	}

	/** A builder preset with these settings. */
	public Builder toBuilder() {
		Builder builder = new Builder();
		builder.input = this.input;
		builder.output = this.output;
		builder.maxBytes = this.maxBytes;
		builder.maxStreamElements = this.maxStreamElements;
		builder.redactKeys = this.redactKeys;
		builder.redactDefaultKeys = this.redactDefaultKeys;
		builder.mask = this.mask;
		builder.objectMapper = this.objectMapper;
		builder.deferred = this.deferred;
		builder.deferredMaxBytes = this.deferredMaxBytes;
		return builder;
	}

	/** Whether observed methods capture their arguments by default. */
	public boolean input() {
		return this.input;
	}

	/** Whether observed methods capture their return value by default. */
	public boolean output() {
		return this.output;
	}

	/** The most UTF-8 bytes stored for one captured input, output or metadata value. */
	public int maxBytes() {
		return this.maxBytes;
	}

	/** The most elements of a streamed result kept in its output. */
	public int maxStreamElements() {
		return this.maxStreamElements;
	}

	/** The keys redacted besides the defaults. */
	public List<String> redactKeys() {
		return this.redactKeys;
	}

	/** Whether {@link #DEFAULT_REDACTED_KEYS} are redacted. */
	public boolean redactDefaultKeys() {
		return this.redactDefaultKeys;
	}

	/** Every redacted key: the defaults, unless turned off, and the added ones. */
	public List<String> redactedKeys() {
		return this.redactDefaultKeys
				? Stream.concat(DEFAULT_REDACTED_KEYS.stream(), this.redactKeys.stream()).distinct().toList()
				: this.redactKeys;
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
	 * Whether immutable values are kept by reference and serialized, bounded and redacted
	 * on the export thread, with the same JSON as on the caller's thread.
	 */
	public boolean deferred() {
		return this.deferred;
	}

	/**
	 * The largest estimated JSON size of a value serialized on the export thread; a
	 * larger one is serialized, and cut at {@link #maxBytes()}, on the caller's thread.
	 */
	public int deferredMaxBytes() {
		return this.deferredMaxBytes;
	}

	@Override
	public String toString() {
		return "{input=" + this.input + ", output=" + this.output + ", maxBytes=" + this.maxBytes
				+ ", maxStreamElements=" + this.maxStreamElements + ", redactKeys=" + this.redactKeys
				+ ", redactDefaultKeys=" + this.redactDefaultKeys + ", mask="
				+ ((this.mask != null) ? "<custom>" : "<none>") + ", objectMapper="
				+ ((this.objectMapper != null) ? "<custom>" : "<default>") + ", deferred=" + this.deferred
				+ ", deferredMaxBytes=" + this.deferredMaxBytes + "}";
	}

	/**
	 * Checks a per-value limit.
	 * @throws LangfuseConfigException naming {@code captureMaxBytes} when it is below
	 * {@link #MIN_MAX_BYTES}
	 */
	static int checkMaxBytes(int maxBytes) {
		SettingChecks.requireAtLeast("captureMaxBytes", maxBytes, MIN_MAX_BYTES,
				"Use a per-value capture limit (maxBytes) of at least 256 bytes, e.g. 32KB.");
		return maxBytes;
	}

	/** Builds {@link CaptureSettings}; every setting is checked in {@link #build()}. */
	public static final class Builder {

		private boolean input = DEFAULT_INPUT;

		private boolean output = DEFAULT_OUTPUT;

		private int maxBytes = DEFAULT_MAX_BYTES;

		private int maxStreamElements = DEFAULT_MAX_STREAM_ELEMENTS;

		private @Nullable List<String> redactKeys = List.of();

		private boolean redactDefaultKeys = DEFAULT_REDACT_DEFAULT_KEYS;

		private @Nullable CaptureMask mask;

		private @Nullable ObjectMapper objectMapper;

		private boolean deferred = DEFAULT_DEFERRED;

		private int deferredMaxBytes = DEFAULT_DEFERRED_MAX_BYTES;

		private Builder() {
		}

		/** Whether observed methods capture their arguments by default (default true). */
		public Builder input(boolean input) {
			this.input = input;
			return this;
		}

		/**
		 * Whether observed methods capture their return value by default (default true).
		 */
		public Builder output(boolean output) {
			this.output = output;
			return this;
		}

		/**
		 * The most UTF-8 bytes stored for one captured value (default 32 KB, at least
		 * 256).
		 */
		public Builder maxBytes(int maxBytes) {
			this.maxBytes = maxBytes;
			return this;
		}

		/**
		 * The most elements of a streamed result (a reactive stream, server-sent events)
		 * kept in its output (default 100); the output of a longer stream is marked
		 * truncated.
		 */
		public Builder maxStreamElements(int maxStreamElements) {
			this.maxStreamElements = maxStreamElements;
			return this;
		}

		/**
		 * Keys whose values are redacted in addition to {@link #DEFAULT_REDACTED_KEYS}
		 * (default none), matched ignoring case and separators.
		 */
		public Builder redactKeys(@Nullable List<String> redactKeys) {
			this.redactKeys = redactKeys;
			return this;
		}

		/**
		 * Whether {@link #DEFAULT_REDACTED_KEYS} are redacted (default true); with false
		 * only the added keys are.
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
		 * Whether values that cannot change after the call returns (strings, boxed
		 * primitives, enums, {@code java.time} values, UUIDs, records and immutable JDK
		 * collections of such values) are serialized on the export thread rather than the
		 * caller's (default true); the JSON is the same either way, and mutable values
		 * are always serialized before the call returns.
		 */
		public Builder deferred(boolean deferred) {
			this.deferred = deferred;
			return this;
		}

		/**
		 * The largest estimated JSON size of a value serialized on the export thread
		 * (default 128 KB, at least 0); a deferred value is held until it is exported and
		 * counts against the export queue's byte bound by this estimate.
		 */
		public Builder deferredMaxBytes(int deferredMaxBytes) {
			this.deferredMaxBytes = deferredMaxBytes;
			return this;
		}

		/**
		 * Validates every setting and builds the settings.
		 * @throws LangfuseConfigException naming the first invalid setting and its fix
		 */
		public CaptureSettings build() {
			checkMaxBytes(this.maxBytes);
			SettingChecks.requireAtLeast("captureDeferredMaxBytes", this.deferredMaxBytes, 0,
					"Use the largest estimated JSON size of a value to serialize on the export thread, e.g. 131072,"
							+ " or 0 to serialize every value on the caller's thread.");
			SettingChecks.requireAtLeast("captureMaxStreamElements", this.maxStreamElements, 1,
					"Use the most streamed elements to keep in an output, e.g. 100.");
			if (this.redactKeys == null || this.redactKeys.stream().anyMatch(Objects::isNull)) {
				throw new LangfuseConfigException("captureRedactKeys", "the list or one of its entries is null",
						"Use a list of key names to redact besides the defaults, or an empty list.");
			}
			return new CaptureSettings(this);
		}

	}

}
