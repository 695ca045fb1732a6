package io.github.lfwire.langfuse.benchmarks.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Metrics the benchmarks write at trial end, one JSON line per fork, averaged per
 * benchmark and parameters.
 */
final class Extras {

	private final Map<String, Entry> entries;

	private final List<Integer> unreadableLines;

	private final Set<String> used = new HashSet<>();

	private Extras(Map<String, Entry> entries, List<Integer> unreadableLines) {
		this.entries = entries;
		this.unreadableLines = unreadableLines;
	}

	static Extras read(Path file, JsonMapper mapper) throws IOException {
		Map<String, Accumulator> accumulators = new TreeMap<>();
		List<Integer> unreadable = new ArrayList<>();
		List<String> lines = (file != null && Files.isRegularFile(file))
				? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
		for (int i = 0; i < lines.size(); i++) {
			String line = lines.get(i).strip();
			if (!line.isEmpty() && !add(line, mapper, accumulators)) {
				unreadable.add(i + 1);
			}
		}
		Map<String, Entry> entries = new LinkedHashMap<>();
		accumulators.forEach((key, accumulator) -> entries.put(key, accumulator.mean()));
		return new Extras(entries, unreadable);
	}

	private static boolean add(String line, JsonMapper mapper, Map<String, Accumulator> accumulators) {
		try {
			JsonNode node = mapper.readTree(line);
			String benchmark = node.path("benchmark").asString("");
			if (!node.isObject() || benchmark.isEmpty()) {
				return false;
			}
			SortedMap<String, String> params = JmhRow.params(node.path("params"));
			accumulators.computeIfAbsent(key(benchmark, params), (k) -> new Accumulator(benchmark, params))
				.add(node.path("metrics"), node.path("notRun").asString(""));
			return true;
		}
		catch (JacksonException ex) {
			return false;
		}
	}

	private static String key(String benchmark, Map<String, String> params) {
		return benchmark + " " + params;
	}

	/**
	 * Mean metric over forks for the row, or NaN when the benchmark did not report it.
	 */
	double metric(JmhRow row, String name) {
		Entry entry = entry(row);
		return (entry != null) ? entry.metrics().getOrDefault(name, Double.NaN) : Double.NaN;
	}

	Entry entry(JmhRow row) {
		return entry(row.benchmark(), row.params());
	}

	/**
	 * The averaged lines of a benchmark that is not a JMH row, such as a peer run outside
	 * JMH, or null when the run has none.
	 */
	Entry entry(String benchmark, Map<String, String> params) {
		String key = key(benchmark, new TreeMap<>(params));
		this.used.add(key);
		return this.entries.get(key);
	}

	List<Entry> unused() {
		return this.entries.entrySet()
			.stream()
			.filter((e) -> !this.used.contains(e.getKey()))
			.map(Map.Entry::getValue)
			.toList();
	}

	List<Integer> unreadableLines() {
		return this.unreadableLines;
	}

	/**
	 * Averaged metrics of one benchmark with one set of parameters.
	 *
	 * @param benchmark fully qualified benchmark method
	 * @param params benchmark parameters
	 * @param metrics mean of each numeric metric over the lines that reported it
	 * @param lines number of lines (forks) averaged
	 * @param notRun why the benchmark did not run, from the last line that said so, or
	 * empty
	 */
	record Entry(String benchmark, SortedMap<String, String> params, SortedMap<String, Double> metrics, int lines,
			String notRun) {
	}

	private static final class Accumulator {

		private final String benchmark;

		private final SortedMap<String, String> params;

		private final SortedMap<String, double[]> sums = new TreeMap<>();

		private int lines;

		private String notRun = "";

		Accumulator(String benchmark, SortedMap<String, String> params) {
			this.benchmark = benchmark;
			this.params = params;
		}

		void add(JsonNode metrics, String notRun) {
			this.lines++;
			if (!notRun.isBlank()) {
				this.notRun = notRun;
			}
			for (Map.Entry<String, JsonNode> metric : metrics.properties()) {
				double value = JmhRow.number(metric.getValue());
				if (Double.isFinite(value)) {
					double[] sum = this.sums.computeIfAbsent(metric.getKey(), (k) -> new double[2]);
					sum[0] += value;
					sum[1]++;
				}
			}
		}

		Entry mean() {
			SortedMap<String, Double> means = new TreeMap<>();
			this.sums.forEach((name, sum) -> means.put(name, sum[0] / sum[1]));
			return new Entry(this.benchmark, this.params, means, this.lines, this.notRun);
		}

	}

}
