package io.github.lfwire.langfuse.benchmarks;

import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/** The traced application with {@code langfuse.sampling.probability=0}. */
@State(Scope.Benchmark)
public class SampledOutApp {

	BenchApplication.Running app;

	ObservedService observed;

	@Setup
	public void start() {
		this.app = BenchApplication.start("langfuse.sampling.probability=0");
		this.observed = this.app.observed();
	}

	@TearDown
	public void stop() {
		this.app.close();
	}

}
