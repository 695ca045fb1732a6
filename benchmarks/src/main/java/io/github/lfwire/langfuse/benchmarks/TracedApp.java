package io.github.lfwire.langfuse.benchmarks;

import io.github.lfwire.langfuse.LangfuseClient;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * The traced application with default settings, sampling everything; its trial's export
 * figures are recorded.
 */
@State(Scope.Benchmark)
public class TracedApp {

	BenchApplication.Running app;

	ObservedService observed;

	LangfuseClient client;

	@Setup
	public void start() {
		this.app = BenchApplication.start();
		this.observed = this.app.observed();
		this.client = this.app.context().getBean(LangfuseClient.class);
	}

	@TearDown
	public void stop(BenchmarkParams params) {
		Extras.record(params, Extras.exportFigures(this.client));
		this.app.close();
	}

}
