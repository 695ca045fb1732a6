package io.github.lfwire.langfuse.benchmarks;

import java.time.Duration;
import java.util.Map;

import io.github.lfwire.langfuse.LangfuseClient;
import io.github.lfwire.langfuse.LangfuseStats;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.BenchmarkParams;

/** The traced application with default settings, sampling everything; its trial's export figures are recorded. */
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
		recordExport(params, this.client);
		this.app.close();
	}

	/** Records how many spans the trial started, exported and dropped, so a reader sees what the exporter kept up with. */
	static void recordExport(BenchmarkParams params, LangfuseClient client) {
		client.flush(Duration.ofSeconds(30));
		LangfuseStats stats = client.stats();
		Extras.record(params, Map.of("started", stats.observationsStarted(), "exported", stats.spans().exported(),
				"dropped", stats.spans().droppedTotal()));
	}

}
