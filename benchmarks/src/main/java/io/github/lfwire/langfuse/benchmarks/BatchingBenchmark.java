package io.github.lfwire.langfuse.benchmarks;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.github.lfwire.langfuse.FlushResult;
import io.github.lfwire.langfuse.LangfuseClient;
import io.github.lfwire.langfuse.Observation;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * Group 10: 1, 100 or 1000 traces of five spans produced back to back, then flushed to a
 * loopback server with the default batch and queue sizes; the time to produce and deliver
 * them all, the requests that took, and the spans.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 10)
@Measurement(iterations = 30)
@Fork(2)
@State(Scope.Benchmark)
public class BatchingBenchmark {

	private static final int SPANS_PER_TRACE = 5;

	@Param({ "1", "100", "1000" })
	public int traces;

	private LoopbackCollector collector;

	private LangfuseClient client;

	private long operations;

	private long requestsAtStart;

	private long exportedAtStart;

	@Setup
	public void start() {
		this.collector = LoopbackCollector.start();
		this.client = LangfuseClient.create(this.collector.clientConfig().build());
	}

	@TearDown
	public void stop(BenchmarkParams params) {
		long requests = this.collector.traceRequests() - this.requestsAtStart;
		long exported = this.client.stats().spans().exported() - this.exportedAtStart;
		Extras.record(params,
				Map.of("requestsPerOp", (double) requests / this.operations, "spansPerOp",
						(double) exported / this.operations, "exported", exported, "dropped",
						this.client.stats().spans().droppedTotal()));
		this.client.shutdown(Duration.ofSeconds(10));
		this.collector.close();
	}

	@Benchmark
	public FlushResult produceAndFlush() {
		if (this.operations++ == 0) {
			this.requestsAtStart = this.collector.traceRequests();
			this.exportedAtStart = this.client.stats().spans().exported();
		}
		for (int i = 0; i < this.traces; i++) {
			try (Observation root = this.client.span("request")) {
				root.input(BasicsBenchmark.INPUT);
				for (int child = 1; child < SPANS_PER_TRACE; child++) {
					try (Observation step = this.client.span("step")) {
						step.input(BasicsBenchmark.INPUT).output("done");
					}
				}
				root.output("done");
			}
		}
		FlushResult result = this.client.flush(Duration.ofSeconds(30));
		if (!result.success()) {
			throw new IllegalStateException("Flush did not deliver everything: " + result);
		}
		return result;
	}

}
