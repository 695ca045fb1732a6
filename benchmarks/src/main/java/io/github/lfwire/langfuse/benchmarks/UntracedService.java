package io.github.lfwire.langfuse.benchmarks;

import java.util.concurrent.ExecutorService;

import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/** The benchmarked service as a plain object, no proxy and no tracing: the baseline. */
@State(Scope.Benchmark)
public class UntracedService {

	ExecutorService executor;

	ObservedService service;

	@Setup
	public void start() {
		this.executor = BenchApplication.plainExecutor();
		this.service = new ObservedService(this.executor);
	}

	@TearDown
	public void stop() {
		this.executor.shutdownNow();
	}

}
