package io.github.lfwire.langfuse;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * Prints durations the way they are configured ({@code 10s}, {@code 500ms}), not as
 * ISO-8601 ({@code PT10S}).
 */
public final class DurationFormat {

	private DurationFormat() {
	}

	/**
	 * The duration in the largest unit that holds it exactly, such as {@code 10s},
	 * {@code 1500ms} or {@code -5s}; Spring Boot reads the result back as the same
	 * duration.
	 * @param duration the duration, or {@code null}
	 * @return the text, or {@code "null"}
	 */
	public static String format(@Nullable Duration duration) {
		return io.github.lfwire.langfuse.internal.DurationFormat.format(duration);
	}

}
