package io.github.lfwire.langfuse.benchmarks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.WorkloadParams;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;

/**
 * Runs the variants of one benchmark class a fork at a time, in rounds of one fork of
 * each variant, the order rotated by one each round, and merges each variant's forks into
 * one result, as JMH would have reported them from its own forks. JMH runs all forks of
 * one benchmark before the next, so a machine that drifts over a run (on a shared 2-core
 * VM the same fork measured a fifth slower a quarter of an hour later) would fall on one
 * variant more than on another; in rounds it falls on all of them alike, and the forks of
 * one round can be compared with each other.
 */
final class AlternatedForks {

	private final Class<?> benchmark;

	private final List<String> variants;

	private final int rounds;

	/**
	 * @param benchmark the benchmark class
	 * @param variants its benchmark methods, in the first round's order
	 * @param rounds forks of each variant
	 */
	AlternatedForks(Class<?> benchmark, List<String> variants, int rounds) {
		if (variants.isEmpty() || rounds < 1) {
			throw new IllegalArgumentException(
					"Need at least one variant and one round, not " + variants + " and " + rounds);
		}
		this.benchmark = benchmark;
		this.variants = List.copyOf(variants);
		this.rounds = rounds;
	}

	/** The JMH include pattern of every benchmark method of the class. */
	static String include(Class<?> benchmark) {
		return "^" + Pattern.quote(benchmark.getName() + ".");
	}

	/**
	 * The variants in the given round's order, from 0: the first round's order rotated
	 * left by the round's number.
	 */
	List<String> order(int round) {
		List<String> order = new ArrayList<>(this.variants.size());
		for (int i = 0; i < this.variants.size(); i++) {
			order.add(this.variants.get((round + i) % this.variants.size()));
		}
		return order;
	}

	/**
	 * Runs every round, each fork with the options {@code options} builds for its include
	 * pattern, and returns one result per variant with its forks in round order.
	 * @param options builds a run's options for an include pattern
	 * @return the merged results
	 * @throws RunnerException if a fork fails
	 */
	List<RunResult> run(Function<String, ChainedOptionsBuilder> options) throws RunnerException {
		Map<String, BenchmarkParams> params = new LinkedHashMap<>();
		Map<String, List<BenchmarkResult>> forks = new LinkedHashMap<>();
		for (int round = 0; round < this.rounds; round++) {
			for (String variant : order(round)) {
				String include = include(this.benchmark) + Pattern.quote(variant) + "$";
				for (RunResult result : new Runner(options.apply(include).forks(1).build()).run()) {
					params.putIfAbsent(variant, result.getParams());
					forks.computeIfAbsent(variant, (name) -> new ArrayList<>()).addAll(result.getBenchmarkResults());
				}
			}
		}
		List<RunResult> merged = new ArrayList<>();
		for (String variant : this.variants) {
			List<BenchmarkResult> results = forks.get(variant);
			if (results == null) {
				throw new RunnerException("JMH ran no fork of " + this.benchmark.getName() + "." + variant);
			}
			merged.add(new RunResult(withForks(params.get(variant), results.size()), results));
		}
		return merged;
	}

	private static BenchmarkParams withForks(BenchmarkParams params, int forks) {
		WorkloadParams workload = new WorkloadParams();
		int order = 0;
		for (String key : params.getParamsKeys()) {
			workload.put(key, params.getParam(key), order++);
		}
		return new BenchmarkParams(params.getBenchmark(), params.generatedBenchmark(), params.shouldSynchIterations(),
				params.getThreads(), params.getThreadGroups(), params.getThreadGroupLabels(), forks,
				params.getWarmupForks(), params.getWarmup(), params.getMeasurement(), params.getMode(), workload,
				params.getTimeUnit(), params.getOpsPerInvocation(), params.getJvm(), params.getJvmArgs(),
				params.getJdkVersion(), params.getVmName(), params.getVmVersion(), params.getJmhVersion(),
				params.getTimeout());
	}

}
