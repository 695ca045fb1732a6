package io.github.lfwire.langfuse.benchmarks;

import java.util.Arrays;

/**
 * The median of timings taken by the probes outside JMH: the upper one of an even count.
 */
final class Medians {

	private Medians() {
	}

	/** The median of the first {@code count} values. */
	static long of(long[] values, int count) {
		long[] sorted = Arrays.copyOf(values, count);
		Arrays.sort(sorted);
		return sorted[count / 2];
	}

	/** The median of all the values. */
	static long of(long[] values) {
		return of(values, values.length);
	}

}
