package io.github.lfwire.langfuse.benchmarks;

/**
 * Times one {@code @Observe} call of the JIT-compiled path right after the thread slept,
 * and the next call straight after it, to show what a traced call costs when it is the
 * first code a thread runs after waking; see {@code PROFILES.md}. Not part of the suite:
 * {@code WakeProbe [sleepMs] [rounds]}.
 */
public final class WakeProbe {

	private WakeProbe() {
	}

	public static void main(String[] args) throws InterruptedException {
		long sleepMs = (args.length > 0) ? Long.parseLong(args[0]) : 100;
		int rounds = (args.length > 1) ? Integer.parseInt(args[1]) : 30;
		try (BenchApplication.Running app = BenchApplication.start("langfuse.export.flush-at=100000",
				"langfuse.export.max-queue-size=100000", "langfuse.export.flush-interval=1h")) {
			app.warmObservePath();
			ObservedService observed = app.observed();
			long[] first = new long[rounds];
			long[] second = new long[rounds];
			for (int round = 0; round < rounds; round++) {
				Thread.sleep(sleepMs);
				long start = System.nanoTime();
				observed.sleep(0);
				long middle = System.nanoTime();
				observed.sleep(0);
				second[round] = System.nanoTime() - middle;
				first[round] = middle - start;
			}
			System.out.printf(
					"after sleeping %d ms, median of %d rounds: first @Observe call %.1f us, "
							+ "the call right after it %.1f us%n",
					sleepMs, rounds, Medians.of(first) / 1e3, Medians.of(second) / 1e3);
		}
	}

}
