package io.github.lfwire.langfuse.benchmarks;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.github.lfwire.langfuse.LangfuseClient;
import io.github.lfwire.langfuse.LangfuseConfig;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Group 7: a client created for each call (built, one span, shut down so the span is
 * delivered, as a per-call client must be) against one shared client.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
@State(Scope.Benchmark)
public class ClientCreationBenchmark {

	private LoopbackCollector collector;

	private LangfuseConfig config;

	private LangfuseClient shared;

	@Setup
	public void start() {
		this.collector = LoopbackCollector.start();
		this.config = this.collector.clientConfig().build();
		this.shared = LangfuseClient.create(this.config);
	}

	@TearDown
	public void stop() {
		this.shared.shutdown(Duration.ofSeconds(10));
		this.collector.close();
	}

	@Benchmark
	public String sharedClient() {
		return BasicsBenchmark.traceWork(this.shared);
	}

	@Benchmark
	public String clientPerCall() {
		LangfuseClient client = LangfuseClient.create(this.config);
		try {
			return BasicsBenchmark.traceWork(client);
		}
		finally {
			client.shutdown(Duration.ofSeconds(10));
		}
	}

}
