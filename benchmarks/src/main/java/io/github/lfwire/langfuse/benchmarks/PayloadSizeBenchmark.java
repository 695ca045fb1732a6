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
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Group 3: input and output of 512 bytes to 5 MB captured with the default 32 KB limit;
 * capture stops at the limit, so its cost should be flat past it.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
@State(Scope.Benchmark)
public class PayloadSizeBenchmark {

	@Param({ "512B", "32KB", "50KB", "500KB", "5MB" })
	public String payload;

	private Payloads.State state;

	@Setup
	public void build() {
		this.state = Payloads.state(Payloads.parseSize(this.payload));
	}

	@Benchmark
	public Object untraced(UntracedService untraced) {
		return untraced.service.echo(this.state);
	}

	@Benchmark
	public Object observed(TracedApp traced) {
		return traced.observed.echo(this.state);
	}

}
