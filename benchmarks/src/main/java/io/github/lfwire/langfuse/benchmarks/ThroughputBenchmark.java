package io.github.lfwire.langfuse.benchmarks;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.github.lfwire.langfuse.LangfuseClient;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * Observations produced as fast as 1, 2 or 4 threads can, with default queue and batch
 * sizes, exported to a loopback server: what the producers reach, what the exporter
 * delivers per second, and what the bounded queue drops when producers outrun it.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
@State(Scope.Benchmark)
public class ThroughputBenchmark {

	private LoopbackCollector collector;

	private LangfuseClient client;

	private long startNanos;

	@Setup
	public void start() {
		this.collector = LoopbackCollector.start();
		this.client = LangfuseClient.create(this.collector.clientConfig().build());
		this.startNanos = System.nanoTime();
	}

	@TearDown
	public void stop(BenchmarkParams params) {
		Map<String, Number> figures = Extras.exportFigures(this.client);
		double seconds = (System.nanoTime() - this.startNanos) / 1e9;
		figures.put("exportedPerSecond", figures.get("exported").longValue() / seconds);
		figures.put("requests", this.collector.traceRequests());
		Extras.record(params, figures);
		this.client.shutdown(Duration.ofSeconds(10));
		this.collector.close();
	}

	@Benchmark
	@Threads(1)
	public String producers1() {
		return BasicsBenchmark.traceWork(this.client);
	}

	@Benchmark
	@Threads(2)
	public String producers2() {
		return BasicsBenchmark.traceWork(this.client);
	}

	@Benchmark
	@Threads(4)
	public String producers4() {
		return BasicsBenchmark.traceWork(this.client);
	}

}
