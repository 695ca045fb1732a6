package io.github.lfwire.langfuse.benchmarks.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Builds JMH 1.37 style JSON results and extras lines for tests.
 */
final class JmhFixture {

	static final String PACKAGE = "io.github.lfwire.langfuse.benchmarks.";

	private final List<String> rows = new ArrayList<>();

	private final List<String> extras = new ArrayList<>();

	private final Map<String, Double> allocations = new LinkedHashMap<>();

	private final Map<String, String> histograms = new LinkedHashMap<>();

	/**
	 * Makes the rows of the benchmark added after this carry the {@code gc} profiler's
	 * bytes per operation.
	 */
	JmhFixture allocates(String benchmark, double bytesPerOp) {
		this.allocations.put(PACKAGE + benchmark, bytesPerOp);
		return this;
	}

	/**
	 * Makes the row of the benchmark added after this carry JMH's raw histograms: one
	 * iteration per fork, each of the given samples counted once.
	 */
	JmhFixture forks(String benchmark, double[]... samplesByFork) {
		this.histograms.put(PACKAGE + benchmark,
				Arrays.stream(samplesByFork)
					.map((samples) -> Arrays.stream(samples)
						.mapToObj((sample) -> String.format(Locale.ROOT, "[ %s, 1 ]", sample))
						.collect(Collectors.joining(", ", "[ [ ", " ] ]")))
					.collect(Collectors.joining(", ", ", \"rawDataHistogram\" : [ ", " ]")));
		return this;
	}

	/**
	 * Adds a single-threaded row with an error of a tenth of the median; in
	 * {@code sample} mode the mean is 10% above the median, in other modes the score is
	 * the given value.
	 */
	JmhFixture row(String benchmark, String mode, String unit, double median, String... params) {
		double score = "sample".equals(mode) ? median * 1.1 : median;
		return row(benchmark, mode, unit, 1, score, String.valueOf(median / 10), median, params);
	}

	JmhFixture row(String benchmark, String mode, String unit, int threads, double score, String scoreError, double p50,
			String... params) {
		String name = benchmark.startsWith("com.") ? benchmark : PACKAGE + benchmark;
		String paramsField = (params.length == 0) ? "" : "\"params\" : " + json(params) + ",";
		this.rows.add(String.format(Locale.ROOT, """
				{
				  "jmhVersion" : "1.37",
				  "benchmark" : "%s",
				  "mode" : "%s",
				  "threads" : %d,
				  "forks" : 2,
				  "jvm" : "/usr/lib/jvm/java-17-openjdk-amd64/bin/java",
				  "jvmArgs" : [ ],
				  "jdkVersion" : "17.0.15",
				  "vmName" : "OpenJDK 64-Bit Server VM",
				  "vmVersion" : "17.0.15+6-Debian-1deb12u1",
				  "warmupIterations" : 3,
				  "warmupTime" : "1 s",
				  "warmupBatchSize" : 1,
				  "measurementIterations" : 5,
				  "measurementTime" : "2 s",
				  "measurementBatchSize" : 1,
				  %s
				  "primaryMetric" : {
				    "score" : %s,
				    "scoreError" : %s,
				    "scoreConfidence" : [ 0.0, 0.0 ],
				    "scorePercentiles" : {
				      "0.0" : %s, "50.0" : %s, "90.0" : %s, "95.0" : %s, "99.0" : %s,
				      "99.9" : %s, "99.99" : %s, "99.999" : %s, "99.9999" : %s, "100.0" : %s
				    },
				    "scoreUnit" : "%s",
				    "rawData" : [ [ %s ] ]%s
				  },
				  "secondaryMetrics" : { %s }
				}""", name, mode, threads, paramsField, score, scoreError.equals("NaN") ? "\"NaN\"" : scoreError,
				p50 / 2, p50, p50 * 2, p50 * 2, p50 * 3, p50 * 4, p50 * 4, p50 * 4, p50 * 4, p50 * 5, unit, score,
				this.histograms.getOrDefault(name, ""), secondary(name)));
		return this;
	}

	JmhFixture extras(String benchmark, String metrics, String... params) {
		this.extras.add("{\"benchmark\":\"" + PACKAGE + benchmark + "\",\"params\":" + json(params) + ",\"metrics\":"
				+ metrics + "}");
		return this;
	}

	JmhFixture extrasLine(String line) {
		this.extras.add(line);
		return this;
	}

	Path writeJmh(Path directory) throws IOException {
		return Files.writeString(directory.resolve("jmh-result.json"), "[\n" + String.join(",\n", this.rows) + "\n]\n",
				StandardCharsets.UTF_8);
	}

	Path writeExtras(Path directory) throws IOException {
		return Files.writeString(directory.resolve("extras.jsonl"), String.join("\n", this.extras) + "\n",
				StandardCharsets.UTF_8);
	}

	private String secondary(String benchmark) {
		Double bytes = this.allocations.get(benchmark);
		if (bytes == null) {
			return "";
		}
		return String.format(Locale.ROOT, """
				"gc.alloc.rate.norm" : { "score" : %s, "scoreError" : 1.0, "scoreUnit" : "B/op" },
				"gc.count" : { "score" : 3.0, "scoreError" : "NaN", "scoreUnit" : "counts" }""", bytes);
	}

	private static String json(String... params) {
		Map<String, String> map = new LinkedHashMap<>();
		for (int i = 0; i < params.length; i += 2) {
			map.put(params[i], params[i + 1]);
		}
		return map.entrySet()
			.stream()
			.map((e) -> "\"" + e.getKey() + "\" : \"" + e.getValue() + "\"")
			.collect(Collectors.joining(", ", "{ ", " }"));
	}

}
