package io.github.lfwire.langfuse.benchmarks;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.function.Supplier;

import io.github.lfwire.langfuse.LangfuseClient;

/**
 * Counts the bytes the calling thread allocates per {@code @Observe} call with capture
 * off (an empty call, and calls 1 and 10 levels deep), flushing every 2,000 spans so that
 * every span is exported, as in an application that is not overloaded; see
 * {@code PROFILES.md}. The flat-out benchmarks drop most spans at the full queue instead.
 * Not part of the suite: {@code AllocationProbe [calls] [warmupCalls]}.
 */
public final class AllocationProbe {

	private static final int SPANS_PER_FLUSH = 2_000;

	private static final com.sun.management.ThreadMXBean THREADS = (com.sun.management.ThreadMXBean) ManagementFactory
		.getThreadMXBean();

	private AllocationProbe() {
	}

	public static void main(String[] args) {
		int calls = (args.length > 0) ? Integer.parseInt(args[0]) : 200_000;
		int warmup = (args.length > 1) ? Integer.parseInt(args[1]) : 300_000;
		try (BenchApplication.Running app = BenchApplication.start("langfuse.capture.input=false",
				"langfuse.capture.output=false")) {
			ObservedService observed = app.observed();
			LangfuseClient client = app.context().getBean(LangfuseClient.class);
			for (int round = 0; round < 3; round++) {
				measure("workCaptureOff", () -> observed.workCaptureOff(BasicsBenchmark.INPUT), 1, client, warmup,
						calls);
				measure("descend(1)", () -> observed.descend(1), 1, client, warmup, calls);
				measure("descend(10)", () -> observed.descend(10), 10, client, warmup / 10, calls / 10);
			}
			System.out.println("spans: " + client.stats().spans());
		}
	}

	private static void measure(String name, Supplier<Object> call, int spans, LangfuseClient client, int warmup,
			int calls) {
		run(call, client, warmup, SPANS_PER_FLUSH / spans);
		long cpu = THREADS.getCurrentThreadCpuTime();
		long before = THREADS.getCurrentThreadAllocatedBytes();
		long flushBytes = run(call, client, calls, SPANS_PER_FLUSH / spans);
		double bytes = (THREADS.getCurrentThreadAllocatedBytes() - before - flushBytes) / (double) calls;
		cpu = THREADS.getCurrentThreadCpuTime() - cpu;
		System.out.printf("%-15s %8.1f B per call on the calling thread (%.1f per span), %6.0f ns CPU per call%n", name,
				bytes, bytes / spans, cpu / (double) calls);
	}

	/**
	 * Runs the calls, flushing every {@code flushEvery}; returns what the flushes
	 * allocated.
	 */
	private static long run(Supplier<Object> call, LangfuseClient client, int calls, int flushEvery) {
		long flushBytes = 0;
		Object last = null;
		for (int i = 1; i <= calls; i++) {
			last = call.get();
			if (i % flushEvery == 0) {
				long before = THREADS.getCurrentThreadAllocatedBytes();
				client.flush(Duration.ofSeconds(30));
				flushBytes += THREADS.getCurrentThreadAllocatedBytes() - before;
			}
		}
		if (last == null) {
			throw new IllegalStateException("The observed method returned nothing");
		}
		return flushBytes;
	}

}
