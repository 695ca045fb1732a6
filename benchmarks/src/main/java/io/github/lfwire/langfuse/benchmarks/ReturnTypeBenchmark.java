package io.github.lfwire.langfuse.benchmarks;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Group 5: the same work returned plainly, as a {@link CompletableFuture} completed on an
 * executor, and as a Reactor {@code Mono}; and ten concurrent asynchronous calls awaited
 * together.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class ReturnTypeBenchmark {

	private static final String INPUT = BasicsBenchmark.INPUT;

	private static final int CONCURRENT_CALLS = 10;

	@Benchmark
	public String syncUntraced(UntracedService untraced) {
		return untraced.service.work(INPUT);
	}

	@Benchmark
	public String syncObserved(TracedApp traced) {
		return traced.observed.work(INPUT);
	}

	@Benchmark
	public String futureUntraced(UntracedService untraced) {
		return untraced.service.workAsync(INPUT).join();
	}

	@Benchmark
	public String futureObserved(TracedApp traced) {
		return traced.observed.workAsync(INPUT).join();
	}

	@Benchmark
	public String monoUntraced(UntracedService untraced) {
		return untraced.service.workMono(INPUT).block();
	}

	@Benchmark
	public String monoObserved(TracedApp traced) {
		return traced.observed.workMono(INPUT).block();
	}

	@Benchmark
	public int concurrent10Untraced(UntracedService untraced) {
		return awaitAll(untraced.service);
	}

	@Benchmark
	public int concurrent10Observed(TracedApp traced) {
		return awaitAll(traced.observed);
	}

	private static int awaitAll(ObservedService service) {
		CompletableFuture<?>[] calls = new CompletableFuture<?>[CONCURRENT_CALLS];
		for (int i = 0; i < CONCURRENT_CALLS; i++) {
			calls[i] = service.workAsync(INPUT);
		}
		CompletableFuture.allOf(calls).join();
		return calls.length;
	}

}
