package io.github.lfwire.langfuse.benchmarks;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Runs a variant of the workflow (untraced unless named) in one JVM and, in turns with
 * it, a fixed kernel of plain Java that the JIT compiles once (sorting a copy of the same
 * 20,000 numbers), and prints both medians per window of ten seconds, to tell how much of
 * the workflow's drift within one JVM the machine's own speed explains; see
 * {@code PROFILES.md}. Not part of the suite:
 * {@code DriftProbe [warm-up seconds] [windows] [variant]}, the variant one of
 * {@link WorkflowBenchmark#VARIANTS}. The turn's ratio to the kernel is printed too; it
 * does not take the differences between JVMs out (see {@code PROFILES.md}).
 */
public final class DriftProbe {

	private static final Duration WINDOW = Duration.ofSeconds(10);

	private static final int[] NUMBERS = new SplittableRandom(19).ints(20_000).toArray();

	private static final int MAX_SAMPLES = 100_000;

	private DriftProbe() {
	}

	public static void main(String[] args) {
		int warmUpSeconds = (args.length > 0) ? Integer.parseInt(args[0]) : 120;
		int windows = (args.length > 1) ? Integer.parseInt(args[1]) : 30;
		String variant = (args.length > 2) ? args[2] : "untraced";
		run(variant(variant), Duration.ofSeconds(warmUpSeconds), windows, WINDOW, System.out);
		System.exit(0);
	}

	/** Runs the workflow and the kernel in turns and prints each window's medians. */
	static List<Window> run(WorkflowBenchmark.Workflow workflow, Duration warmUp, int windows, Duration windowLength,
			PrintStream out) {
		long sink = 0;
		try {
			workflow.start();
			long warmEnd = System.nanoTime() + warmUp.toNanos();
			while (System.nanoTime() < warmEnd) {
				workflow.turn();
				sink += kernel();
			}
			List<Window> measured = new ArrayList<>();
			for (int w = 1; w <= windows; w++) {
				long[] turns = new long[MAX_SAMPLES];
				long[] kernels = new long[MAX_SAMPLES];
				int count = 0;
				long end = System.nanoTime() + windowLength.toNanos();
				while (System.nanoTime() < end && count < MAX_SAMPLES) {
					long start = System.nanoTime();
					workflow.turn();
					long middle = System.nanoTime();
					sink += kernel();
					turns[count] = middle - start;
					kernels[count++] = System.nanoTime() - middle;
				}
				Window window = new Window(Medians.of(turns, count), Medians.of(kernels, count));
				measured.add(window);
				out.println(String.format(Locale.ROOT, "window %d: %s", w, window));
			}
			List<Double> ratios = measured.stream().map(Window::ratio).sorted().toList();
			out.println(String.format(Locale.ROOT, "median turn / kernel %.3f (kernel checksum %d)",
					ratios.get(ratios.size() / 2), sink));
			return measured;
		}
		finally {
			workflow.close();
		}
	}

	static WorkflowBenchmark.Workflow variant(String name) {
		return WorkflowBenchmark.variant(name)
			.orElseThrow(() -> new IllegalArgumentException(
					"Unknown variant '" + name + "': use " + String.join(", ", WorkflowBenchmark.VARIANTS)));
	}

	private static long kernel() {
		int[] copy = NUMBERS.clone();
		Arrays.sort(copy);
		return copy[copy.length / 2];
	}

	/** The median workflow turn and kernel of one window. */
	record Window(long turnNanos, long kernelNanos) {

		double ratio() {
			return (double) this.turnNanos / this.kernelNanos;
		}

		@Override
		public String toString() {
			return String.format(Locale.ROOT, "workflow turn %.3f ms, kernel %.3f ms, ratio %.3f", this.turnNanos / 1e6,
					this.kernelNanos / 1e6, ratio());
		}

	}

}
