package io.github.lfwire.langfuse.benchmarks;

import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The traced application with export deferred past the trial: a batch larger than the
 * trial produces and a flush interval longer than it, so the exporter thread and the
 * loopback collector stay idle while it is measured; the {@code @Observe} path is warmed
 * first, as in {@link WarmTracedApp}.
 */
@State(Scope.Benchmark)
public class DeferredExportApp {

	BenchApplication.Running app;

	ObservedService observed;

	@Setup
	public void start() throws InterruptedException {
		this.app = BenchApplication.start("langfuse.export.flush-at=100000", "langfuse.export.max-queue-size=100000",
				"langfuse.export.flush-interval=1h");
		this.app.warmObservePath();
		this.observed = this.app.observed();
	}

	@TearDown
	public void stop() {
		this.app.close();
	}

}
