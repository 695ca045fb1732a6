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
 * Group 4: a call that goes through the bean 1, 2, 5 or 10 levels deep, each level an
 * observation.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
@State(Scope.Benchmark)
public class NestingDepthBenchmark {

	@Param({ "1", "2", "5", "10" })
	public int depth;

	@Benchmark
	public int untraced(UntracedService untraced) {
		return untraced.service.descend(this.depth);
	}

	@Benchmark
	public int observed(TracedApp traced) {
		return traced.observed.descend(this.depth);
	}

}
