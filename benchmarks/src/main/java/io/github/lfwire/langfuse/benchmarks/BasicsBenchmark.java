package io.github.lfwire.langfuse.benchmarks;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.github.lfwire.langfuse.LangfuseClient;
import io.github.lfwire.langfuse.Observation;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Group 1: the cost of one observation through the programmatic API and through
 * {@code @Observe}.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class BasicsBenchmark {

	static final String INPUT = "What is the refund policy for annual plans?";

	/**
	 * The least JSON size of {@link LargeMap}: over the default 32 KB capture limit, as
	 * {@code CaptureBenchmark}'s map cut at the limit.
	 */
	static final int LARGE_MAP_BYTES = 50 * 1024;

	/**
	 * A {@value MapPayloads#SMALL_BYTES} B JSON-like map: the arguments of a chat call.
	 */
	@State(Scope.Benchmark)
	public static class SmallMap {

		Map<String, Object> map;

		@Setup
		public void build() {
			this.map = MapPayloads.small();
		}

	}

	/**
	 * A JSON-like agent state of at least {@value #LARGE_MAP_BYTES} bytes (about 51 KB),
	 * cut at the capture limit.
	 */
	@State(Scope.Benchmark)
	public static class LargeMap {

		Map<String, Object> map;

		@Setup
		public void build() {
			this.map = MapPayloads.stateAtLeast(LARGE_MAP_BYTES);
		}

	}

	/** A root observation kept open and current on the benchmark thread. */
	@State(Scope.Thread)
	public static class OpenTrace {

		Observation root;

		io.opentelemetry.context.Scope scope;

		@Setup(Level.Iteration)
		public void open(TracedApp traced) {
			this.root = traced.client.span("request");
			this.scope = this.root.makeCurrent();
		}

		@TearDown(Level.Iteration)
		public void close() {
			this.scope.close();
			this.root.end();
		}

	}

	@Benchmark
	public String baseline(UntracedService untraced) {
		return untraced.service.work(INPUT);
	}

	@Benchmark
	public String apiSpan(TracedApp traced) {
		return traceWork(traced.client);
	}

	@Benchmark
	public String apiSpanInTrace(TracedApp traced, OpenTrace trace) {
		return traceWork(traced.client);
	}

	@Benchmark
	public String apiGeneration(TracedApp traced) {
		try (Observation generation = traced.client.generation("answer")) {
			generation.input(INPUT).model("bench-model").modelParameters(Map.of("temperature", 0.2));
			String output = "a short completion";
			generation.output(output).usage(11, 4);
			return output;
		}
	}

	@Benchmark
	public String observeSpan(TracedApp traced) {
		return traced.observed.work(INPUT);
	}

	@Benchmark
	public String observeCaptureOff(TracedApp traced) {
		return traced.observed.workCaptureOff(INPUT);
	}

	@Benchmark
	public String observeSampledOut(SampledOutApp sampledOut) {
		return sampledOut.observed.work(INPUT);
	}

	@Benchmark
	public Object baselineMap(UntracedService untraced, SmallMap small) {
		return untraced.service.echo(small.map);
	}

	@Benchmark
	public Object observeMap(TracedApp traced, SmallMap small) {
		return traced.observed.echo(small.map);
	}

	@Benchmark
	public Object baselineMapOver50KB(UntracedService untraced, LargeMap large) {
		return untraced.service.echo(large.map);
	}

	@Benchmark
	public Object observeMapOver50KB(TracedApp traced, LargeMap large) {
		return traced.observed.echo(large.map);
	}

	@Benchmark
	public String observeGeneration(TracedApp traced) {
		return traced.observed.generate(INPUT);
	}

	/**
	 * The programmatic equivalent of {@link ObservedService#work}: one span with a small
	 * input and output.
	 */
	static String traceWork(LangfuseClient client) {
		try (Observation observation = client.span("work")) {
			observation.input(INPUT);
			String output = "echo:" + INPUT;
			observation.output(output);
			return output;
		}
	}

}
