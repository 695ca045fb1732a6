package io.github.lfwire.langfuse.benchmarks;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Runs the untraced workflow and a traced variant of it in one JVM, turn by turn in the
 * order untraced, traced, traced, untraced, and prints each variant's median turn per
 * window of ten seconds, the time the variant adds and its ratio.
 * <p>
 * Separate forks of {@link WorkflowBenchmark} differ by 5 to 30 %, as the machine's speed
 * drifts within minutes ({@link DriftProbe}) and each JVM runs differently, so a
 * difference of a few percent between two variants needs many forks. Here both variants
 * run turn by turn in one JVM, so such drift and the compiled sample code fall on both,
 * and the time tracing adds is measured to about a tenth of a millisecond in one run. It
 * is not the aim's measure: the untraced turns run code whose profiles the traced ones
 * share, and so run slower than in a JVM of their own, which makes the ratio lower than
 * between forks. Usage:
 * {@code PairedWorkflow traced|tracedUncompressed|sampledOut [warm-up seconds] [windows] [property=value ...]},
 * where the properties are added to the traced variant's.
 */
public final class PairedWorkflow {

	private static final Duration WINDOW = Duration.ofSeconds(10);

	private static final int MAX_TURNS_PER_WINDOW = 100_000;

	private PairedWorkflow() {
	}

	public static void main(String[] args) {
		if (args.length == 0) {
			throw new IllegalArgumentException("Name the traced variant: traced, tracedUncompressed or sampledOut");
		}
		Duration warmUp = Duration.ofSeconds((args.length > 1) ? Integer.parseInt(args[1]) : 120);
		int windows = (args.length > 2) ? Integer.parseInt(args[2]) : 6;
		List<String> extra = (args.length > 3) ? List.of(args).subList(3, args.length) : List.of();
		run(variant(args[0], extra), warmUp, windows, WINDOW, System.out);
		System.exit(0);
	}

	/** Runs the two workflows and prints the windows and their medians. */
	static List<Window> run(WorkflowBenchmark.Workflow traced, Duration warmUp, int windows, Duration windowLength,
			PrintStream out) {
		WorkflowBenchmark.Workflow untraced = new WorkflowBenchmark.Untraced();
		try {
			untraced.start();
			traced.start();
			WorkflowBenchmark.Workflow[] order = { untraced, traced, traced, untraced };
			long turn = 0;
			long warmEnd = System.nanoTime() + warmUp.toNanos();
			while (System.nanoTime() < warmEnd) {
				order[(int) (turn++ & 3)].turn();
			}
			List<Window> measured = new ArrayList<>();
			for (int w = 0; w < windows; w++) {
				long[] untracedNanos = new long[MAX_TURNS_PER_WINDOW];
				long[] tracedNanos = new long[MAX_TURNS_PER_WINDOW];
				int untracedTurns = 0;
				int tracedTurns = 0;
				long end = System.nanoTime() + windowLength.toNanos();
				while (System.nanoTime() < end && untracedTurns < MAX_TURNS_PER_WINDOW
						&& tracedTurns < MAX_TURNS_PER_WINDOW) {
					WorkflowBenchmark.Workflow workflow = order[(int) (turn++ & 3)];
					long start = System.nanoTime();
					workflow.turn();
					long took = System.nanoTime() - start;
					if (workflow == untraced) {
						untracedNanos[untracedTurns++] = took;
					}
					else {
						tracedNanos[tracedTurns++] = took;
					}
				}
				Window window = new Window(Medians.of(untracedNanos, untracedTurns),
						Medians.of(tracedNanos, tracedTurns));
				measured.add(window);
				out.println(String.format(Locale.ROOT, "window %d: %s", w + 1, window));
			}
			Window median = new Window(Medians.of(measured.stream().mapToLong(Window::untracedNanos).toArray()),
					Medians.of(measured.stream().mapToLong(Window::tracedNanos).toArray()));
			double added = Medians.of(measured.stream().mapToLong((window) -> window.addedNanos()).toArray()) / 1e6;
			out.println(
					String.format(Locale.ROOT, "median of the windows: %s; median time added %.3f ms", median, added));
			return measured;
		}
		finally {
			traced.close();
			untraced.close();
		}
	}

	static WorkflowBenchmark.Workflow variant(String name, List<String> extra) {
		WorkflowBenchmark.Workflow workflow = WorkflowBenchmark.variant(name)
			.filter((variant) -> !(variant instanceof WorkflowBenchmark.Untraced))
			.orElseThrow(() -> new IllegalArgumentException(
					"Unknown variant '" + name + "': use traced, tracedUncompressed or sampledOut"));
		workflow.extraProperties = List.copyOf(extra);
		return workflow;
	}

	/** The median turn of each variant in one window. */
	record Window(long untracedNanos, long tracedNanos) {

		long addedNanos() {
			return this.tracedNanos - this.untracedNanos;
		}

		double ratio() {
			return (double) this.tracedNanos / this.untracedNanos;
		}

		@Override
		public String toString() {
			return String.format(Locale.ROOT, "untraced %.3f ms, traced %.3f ms, added %.3f ms, ratio %.3f",
					this.untracedNanos / 1e6, this.tracedNanos / 1e6, addedNanos() / 1e6, ratio());
		}

	}

}
