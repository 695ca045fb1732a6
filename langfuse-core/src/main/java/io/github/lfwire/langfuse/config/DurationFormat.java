package io.github.lfwire.langfuse.config;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * Prints durations the way they are configured ({@code 10s}, {@code 500ms}), not as
 * ISO-8601 ({@code PT10S}).
 */
public final class DurationFormat {

	private static final long[] UNIT_NANOS = { 86_400_000_000_000L, 3_600_000_000_000L, 60_000_000_000L, 1_000_000_000L,
			1_000_000L, 1_000L, 1L };

	private static final String[] UNIT_SUFFIXES = { "d", "h", "m", "s", "ms", "us", "ns" };

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
		if (duration == null) {
			return "null";
		}
		if (duration.isZero()) {
			return "0s";
		}
		if (duration.isNegative()) {
			return "-" + format(duration.negated());
		}
		long seconds = duration.getSeconds();
		int nanos = duration.getNano();
		for (int i = 0; i < UNIT_NANOS.length; i++) {
			long unit = UNIT_NANOS[i];
			if (unit >= 1_000_000_000L) {
				long unitSeconds = unit / 1_000_000_000L;
				if (nanos == 0 && seconds % unitSeconds == 0) {
					return seconds / unitSeconds + UNIT_SUFFIXES[i];
				}
			}
			else if (nanos % unit == 0 && seconds <= Long.MAX_VALUE / (1_000_000_000L / unit)) {
				return (seconds * (1_000_000_000L / unit) + nanos / unit) + UNIT_SUFFIXES[i];
			}
		}
		return duration.toString();
	}

}
