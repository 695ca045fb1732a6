package io.github.lfwire.langfuse;

import java.time.Duration;
import java.util.Locale;
import java.util.function.BiConsumer;
import java.util.function.Function;

import io.github.lfwire.langfuse.config.LangfuseConfigException;

/**
 * The official {@code LANGFUSE_*} environment variables, each with the
 * {@link LangfuseConfig} setting it presets; read by
 * {@link LangfuseConfig#fromEnvironment} and, in Spring Boot, mapped onto the matching
 * property. Where two variables set the same setting, the later one here wins.
 */
public enum EnvironmentVariable {

	/** The base URL of the server; {@link #LANGFUSE_BASE_URL} wins over it. */
	LANGFUSE_HOST("host", Format.TEXT, LangfuseConfig.Builder::host),

	/** The base URL of the server. */
	LANGFUSE_BASE_URL("host", Format.TEXT, LangfuseConfig.Builder::host),

	/** The project's public key. */
	LANGFUSE_PUBLIC_KEY("publicKey", Format.TEXT, LangfuseConfig.Builder::publicKey),

	/** The project's secret key. */
	LANGFUSE_SECRET_KEY("secretKey", Format.TEXT, LangfuseConfig.Builder::secretKey),

	/** The environment stamped on every span. */
	LANGFUSE_TRACING_ENVIRONMENT("environment", Format.TEXT, LangfuseConfig.Builder::environment),

	/** The release stamped on every span. */
	LANGFUSE_RELEASE("release", Format.TEXT, LangfuseConfig.Builder::release),

	/**
	 * Whether tracing is on: {@code true}, {@code false}, {@code 1}, {@code 0},
	 * {@code yes} or {@code no}.
	 */
	LANGFUSE_TRACING_ENABLED("enabled", Format.BOOLEAN, LangfuseConfig.Builder::enabled),

	/** The fraction of traces recorded. */
	LANGFUSE_SAMPLE_RATE("samplingProbability", Format.NUMBER, LangfuseConfig.Builder::sampleRate),

	/** The number of spans per export request. */
	LANGFUSE_FLUSH_AT("exportFlushAt", Format.WHOLE_NUMBER, LangfuseConfig.Builder::flushAt),

	/** The longest time a finished span waits, in seconds. */
	LANGFUSE_FLUSH_INTERVAL("exportFlushInterval", Format.SECONDS, LangfuseConfig.Builder::flushInterval),

	/** The timeout of one export request, in seconds. */
	LANGFUSE_TIMEOUT("exportTimeout", Format.SECONDS, LangfuseConfig.Builder::exportTimeout),

	/** Whether media in captured values is uploaded. */
	LANGFUSE_MEDIA_UPLOAD_ENABLED("mediaEnabled", Format.BOOLEAN,
			(LangfuseConfig.Builder builder, Boolean enabled) -> builder.media(builder.media().withEnabled(enabled))),

	/** The number of media upload threads. */
	LANGFUSE_MEDIA_UPLOAD_THREAD_COUNT("mediaUploadThreads", Format.WHOLE_NUMBER, (LangfuseConfig.Builder builder,
			Integer threads) -> builder.media(builder.media().withUploadThreads(threads)));

	private final String setting;

	private final Format<?> format;

	private final BiConsumer<LangfuseConfig.Builder, String> applier;

	<T> EnvironmentVariable(String setting, Format<T> format, BiConsumer<LangfuseConfig.Builder, T> setter) {
		this.setting = setting;
		this.format = format;
		this.applier = (builder, raw) -> setter.accept(builder, parse(raw, format));
	}

	/**
	 * The {@link LangfuseConfig} setting the variable presets, as named by
	 * {@link LangfuseConfigException#setting()}.
	 */
	public String setting() {
		return this.setting;
	}

	/** Whether the value is a number of seconds, such as {@code 1.5}. */
	public boolean inSeconds() {
		return this.format == Format.SECONDS;
	}

	/**
	 * The value in the form a Spring Boot property takes: seconds become milliseconds
	 * ({@code 1.5} becomes {@code 1500ms}); other values, and values that cannot be
	 * parsed, are kept as they are.
	 */
	public String propertyValue(String raw) {
		if (!inSeconds()) {
			return raw;
		}
		try {
			return Format.SECONDS.parser.apply(raw.trim()).toMillis() + "ms";
		}
		catch (RuntimeException ex) {
			return raw;
		}
	}

	void apply(LangfuseConfig.Builder builder, String raw) {
		this.applier.accept(builder, raw);
	}

	private <T> T parse(String raw, Format<T> format) {
		try {
			return format.parser.apply(raw);
		}
		catch (RuntimeException ex) {
			throw new LangfuseConfigException(name(),
					"'" + (name().endsWith("_KEY") ? "<hidden>" : raw) + "' cannot be parsed",
					"Set it to " + format.example + " or unset it.");
		}
	}

	private static final class Format<T> {

		static final Format<String> TEXT = new Format<>(Function.identity(), "a valid value");

		static final Format<Boolean> BOOLEAN = new Format<>(Format::parseBoolean, "true or false");

		static final Format<Double> NUMBER = new Format<>(Double::parseDouble, "a number, such as 0.25");

		static final Format<Integer> WHOLE_NUMBER = new Format<>(Integer::parseInt, "a whole number");

		static final Format<Duration> SECONDS = new Format<>(
				(value) -> Duration.ofMillis(Math.round(Double.parseDouble(value) * 1000)),
				"a number of seconds, such as 1.5");

		private final Function<String, T> parser;

		private final String example;

		private Format(Function<String, T> parser, String example) {
			this.parser = parser;
			this.example = example;
		}

		private static boolean parseBoolean(String value) {
			return switch (value.toLowerCase(Locale.ROOT)) {
				case "true", "1", "yes" -> true;
				case "false", "0", "no" -> false;
				default -> throw new IllegalArgumentException(value);
			};
		}

	}

}
