package io.github.lfwire.langfuse.benchmarks;

import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The traced application with default settings after its shared {@code @Observe} path has
 * been compiled by the JIT, as it is in an application whose traced methods run often; a
 * benchmark of a slow method calls it too rarely to get there by itself.
 */
@State(Scope.Benchmark)
public class WarmTracedApp {

	BenchApplication.Running app;

	ObservedService observed;

	@Setup
	public void start() throws InterruptedException {
		this.app = BenchApplication.start();
		this.app.warmObservePath();
		this.observed = this.app.observed();
	}

	@TearDown
	public void stop() {
		this.app.close();
	}

}
