package io.github.lfwire.langfuse.benchmarks;

import java.util.List;
import java.util.concurrent.TimeUnit;

import io.github.lfwire.langfuse.LangfuseClient;
import io.github.lfwire.langfuse.experiment.Evaluation;
import io.github.lfwire.langfuse.experiment.Experiment;
import io.github.lfwire.langfuse.experiment.ExperimentResult;
import io.github.lfwire.langfuse.experiment.LangfuseExperiments;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Items per second of an experiment over a dataset of {@value #ITEMS} items at the
 * default concurrency (50), with a task that sleeps 100 ms and one item evaluator: each
 * operation is one item, so the score reads as items per second, the dataset read, the
 * link calls, the scores and the final flush included. The ideal is 500 items/s (50 at
 * once, 100 ms each).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 5, time = 5)
@Fork(1)
@State(Scope.Benchmark)
public class ExperimentBenchmark {

	/** Items of the dataset each run goes over. */
	public static final int ITEMS = 500;

	private static final long TASK_MILLIS = 100;

	private LoopbackCollector collector;

	private LangfuseClient client;

	private LangfuseExperiments experiments;

	@Setup
	public void setUp() {
		this.collector = LoopbackCollector.start();
		this.collector.serveDataset(ITEMS);
		this.client = LangfuseClient.create(this.collector.clientConfig().build());
		this.experiments = LangfuseExperiments.create(this.client);
	}

	@TearDown
	public void tearDown() {
		this.client.close();
		this.collector.close();
	}

	@Benchmark
	@OperationsPerInvocation(ITEMS)
	public ExperimentResult datasetRunSleeping100ms() {
		ExperimentResult result = this.experiments
			.run(Experiment.builder("benchmark").dataset("benchmark").task((item) -> {
				Thread.sleep(TASK_MILLIS);
				return item.input();
			})
				.evaluator((item, output) -> List.of(Evaluation.bool("exact", output.equals(item.expectedOutput()))))
				.build());
		if (result.itemResults().size() != ITEMS || result.failedItems() != 0 || result.unlinkedItems() != 0) {
			throw new IllegalStateException("The benchmark run lost items: " + result.summary());
		}
		return result;
	}

}
