package io.github.lfwire.langfuse.benchmarks;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Group 6: a 500 KB input and output with capture on against the same method with capture
 * off.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
@State(Scope.Benchmark)
public class CaptureToggleBenchmark {

	private final Payloads.State state = Payloads.state(Payloads.parseSize("500KB"));

	@Benchmark
	public Object untraced(UntracedService untraced) {
		return untraced.service.echo(this.state);
	}

	@Benchmark
	public Object captureOn(TracedApp traced) {
		return traced.observed.echo(this.state);
	}

	@Benchmark
	public Object captureOff(TracedApp traced) {
		return traced.observed.echoCaptureOff(this.state);
	}

}
