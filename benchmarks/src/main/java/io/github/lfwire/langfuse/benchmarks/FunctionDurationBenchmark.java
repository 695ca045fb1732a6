package io.github.lfwire.langfuse.benchmarks;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Group 2: an observed method that takes 10 ms, 100 ms or 1 s against the same method
 * untraced: with the shared {@code @Observe} path compiled as in a busy application, with
 * it still interpreted as a benchmark of only this method leaves it, and, to isolate what
 * the exporter and the collector do meanwhile, with export deferred past the trial.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 1, time = 2)
@Measurement(iterations = 4, time = 3)
@Fork(2)
@State(Scope.Benchmark)
public class FunctionDurationBenchmark {

	@Param({ "10", "100", "1000" })
	public long durationMs;

	@Benchmark
	public long untraced(UntracedService untraced) throws InterruptedException {
		return untraced.service.sleep(this.durationMs);
	}

	@Benchmark
	public long observed(WarmTracedApp warm) throws InterruptedException {
		return warm.observed.sleep(this.durationMs);
	}

	@Benchmark
	public long observedCold(TracedApp cold) throws InterruptedException {
		return cold.observed.sleep(this.durationMs);
	}

	@Benchmark
	public long observedExportDeferred(DeferredExportApp deferred) throws InterruptedException {
		return deferred.observed.sleep(this.durationMs);
	}

}
