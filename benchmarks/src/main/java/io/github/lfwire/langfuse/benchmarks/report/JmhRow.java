package io.github.lfwire.langfuse.benchmarks.report;

import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;

import tools.jackson.databind.JsonNode;

/**
 * One result of a JMH JSON file, with its figures normalised to nanoseconds per operation
 * or operations per second.
 *
 * @param benchmark fully qualified benchmark method
 * @param mode JMH mode ({@code sample}, {@code avgt}, {@code thrpt}, {@code ss})
 * @param threads threads that ran the benchmark
 * @param params benchmark parameters, sorted by name
 * @param score primary score in {@code unit}
 * @param scoreError half-width of the 99.9% confidence interval in {@code unit}, or NaN
 * @param p50 median of the samples in {@code unit}, or NaN if JMH gave none
 * @param p99 99th percentile of the samples in {@code unit}, or NaN if JMH gave none
 * @param p999 99.9th percentile of the samples in {@code unit}, or NaN if JMH gave none
 * @param unit JMH score unit such as {@code us/op} or {@code ops/s}
 * @param allocatedBytes bytes allocated per operation from JMH's {@code gc} profiler, or
 * NaN without it
 * @param forkMedians the median of each fork's samples in {@code unit}, in fork order;
 * empty outside {@code sample} mode or for data published without them
 */
record JmhRow(String benchmark, String mode, int threads, SortedMap<String, String> params, double score,
		double scoreError, double p50, double p99, double p999, String unit, double allocatedBytes,
		List<Double> forkMedians) {

	static JmhRow of(JsonNode node) {
		JsonNode metric = node.path("primaryMetric");
		JsonNode percentiles = metric.path("scorePercentiles");
		return new JmhRow(node.path("benchmark").asString(""), node.path("mode").asString(""),
				node.path("threads").asInt(1), params(node.path("params")), number(metric.path("score")),
				number(metric.path("scoreError")), number(percentiles.path("50.0")), number(percentiles.path("99.0")),
				number(percentiles.path("99.9")), metric.path("scoreUnit").asString(""),
				allocatedBytes(node.path("secondaryMetrics")), forkMedians(metric));
	}

	/**
	 * The medians kept when the run was published, or else those of JMH's raw histograms.
	 */
	private static List<Double> forkMedians(JsonNode metric) {
		JsonNode kept = metric.path(RunData.FORK_MEDIANS);
		if (!kept.isMissingNode()) {
			return kept.values().stream().map(JmhRow::number).toList();
		}
		return metric.path("rawDataHistogram").values().stream().map(RunData::median).toList();
	}

	/**
	 * The {@code gc.alloc.rate.norm} figure, named with or without the middle dot older
	 * JMH versions used.
	 */
	private static double allocatedBytes(JsonNode secondary) {
		for (String name : new String[] { "gc.alloc.rate.norm", "·gc.alloc.rate.norm" }) {
			JsonNode metric = secondary.path(name);
			if (!metric.isMissingNode() && "B/op".equals(metric.path("scoreUnit").asString(""))) {
				return number(metric.path("score"));
			}
		}
		return Double.NaN;
	}

	static SortedMap<String, String> params(JsonNode node) {
		SortedMap<String, String> params = new TreeMap<>();
		for (Map.Entry<String, JsonNode> entry : node.properties()) {
			params.put(entry.getKey(), entry.getValue().asString(""));
		}
		return params;
	}

	static double number(JsonNode node) {
		if (node.isNumber()) {
			return node.doubleValue();
		}
		try {
			return Double.parseDouble(node.asString("NaN").trim());
		}
		catch (NumberFormatException ex) {
			return Double.NaN;
		}
	}

	String className() {
		int dot = this.benchmark.lastIndexOf('.');
		return (dot < 0) ? "" : this.benchmark.substring(0, dot);
	}

	String method() {
		return this.benchmark.substring(this.benchmark.lastIndexOf('.') + 1);
	}

	String paramsText() {
		if (this.params.isEmpty()) {
			return Units.DASH;
		}
		return this.params.entrySet()
			.stream()
			.map((e) -> e.getKey() + "=" + e.getValue())
			.collect(Collectors.joining(", "));
	}

	boolean isTime() {
		return Double.isFinite(nanosPerUnit());
	}

	boolean isThroughput() {
		return Double.isFinite(secondsPerUnit());
	}

	/**
	 * Median nanoseconds per operation: the sampled p50 in {@code sample} mode, otherwise
	 * the score.
	 */
	double p50Nanos() {
		double median = ("sample".equals(this.mode) && Double.isFinite(this.p50)) ? this.p50 : this.score;
		return median * nanosPerUnit();
	}

	/** The median of each fork's samples in nanoseconds, in fork order. */
	List<Double> forkMedianNanos() {
		return this.forkMedians.stream().map((median) -> median * nanosPerUnit()).toList();
	}

	/** The sampled 99th percentile in nanoseconds, NaN outside {@code sample} mode. */
	double p99Nanos() {
		return "sample".equals(this.mode) ? this.p99 * nanosPerUnit() : Double.NaN;
	}

	/** The sampled 99.9th percentile in nanoseconds, NaN outside {@code sample} mode. */
	double p999Nanos() {
		return "sample".equals(this.mode) ? this.p999 * nanosPerUnit() : Double.NaN;
	}

	double meanNanos() {
		return this.score * nanosPerUnit();
	}

	double errorNanos() {
		return this.scoreError * nanosPerUnit();
	}

	double perSecond() {
		return this.score / secondsPerUnit();
	}

	double errorPerSecond() {
		return this.scoreError / secondsPerUnit();
	}

	private double nanosPerUnit() {
		return this.unit.endsWith("/op") ? Units.nanosPer(this.unit.substring(0, this.unit.length() - 3)) : Double.NaN;
	}

	private double secondsPerUnit() {
		return this.unit.startsWith("ops/") ? Units.nanosPer(this.unit.substring(4)) / 1e9 : Double.NaN;
	}

}
