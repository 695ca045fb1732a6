package io.github.lfwire.langfuse.benchmarks.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.TreeMap;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The files of one run that a report is rendered from, kept together in one directory:
 * JMH's JSON without its raw per-iteration data, the benchmarks' extras, the startup runs
 * and the run's {@link Provenance}.
 */
public final class RunData {

	/** JMH's results, trimmed of raw data. */
	public static final String JMH = "jmh-result.json";

	/** Metrics the benchmarks wrote at trial end. */
	public static final String EXTRAS = "extras.jsonl";

	/**
	 * The field of a sampled metric that keeps, in place of JMH's raw histograms, the
	 * median of each fork's samples in fork order.
	 */
	public static final String FORK_MEDIANS = "forkMedians";

	/** The startup launcher's runs. */
	public static final String STARTUP = "startup.jsonl";

	/**
	 * The directory of the published run, in the benchmarks module, beside RESULTS.md.
	 */
	public static final String PUBLISHED = "results";

	private RunData() {
	}

	/**
	 * Copies a run's files into the data directory, trimming JMH's raw data.
	 * @param jmhJson JMH's JSON results as written
	 * @param extras the extras file, may be missing
	 * @param startup the startup runs, may be missing
	 * @param provenance the run's provenance
	 * @param dataDir the directory to write, created if needed
	 * @throws IOException if a file cannot be read or written
	 */
	public static void publish(Path jmhJson, Path extras, Path startup, Provenance provenance, Path dataDir)
			throws IOException {
		Files.createDirectories(dataDir);
		Files.writeString(dataDir.resolve(JMH), trimmed(jmhJson), StandardCharsets.UTF_8);
		copyOrDelete(extras, dataDir.resolve(EXTRAS));
		copyOrDelete(startup, dataDir.resolve(STARTUP));
		provenance.write(dataDir.resolve(Provenance.FILE));
	}

	/**
	 * JMH's JSON without {@code rawData} and {@code rawDataHistogram}: every figure the
	 * report shows is in the scores, errors and percentiles, and in the median of each
	 * fork's samples, which is kept as {@value #FORK_MEDIANS}.
	 */
	static String trimmed(Path jmhJson) throws IOException {
		JsonMapper mapper = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
		JsonNode root;
		try {
			root = mapper.readTree(Files.readString(jmhJson, StandardCharsets.UTF_8));
		}
		catch (JacksonException ex) {
			throw new IOException("Could not parse JMH results " + jmhJson + ": " + ex.getOriginalMessage(), ex);
		}
		if (root != null && root.isArray()) {
			for (JsonNode benchmark : root.values()) {
				trim(benchmark.get("primaryMetric"));
				JsonNode secondary = benchmark.get("secondaryMetrics");
				if (secondary != null) {
					secondary.values().forEach(RunData::trim);
				}
			}
		}
		return mapper.writeValueAsString(root) + "\n";
	}

	private static void trim(JsonNode metric) {
		if (metric instanceof ObjectNode object) {
			JsonNode histogram = object.get("rawDataHistogram");
			if (histogram != null && histogram.isArray() && histogram.size() > 0) {
				ArrayNode medians = object.putArray(FORK_MEDIANS);
				histogram.values().forEach((fork) -> medians.add(median(fork)));
			}
			object.remove("rawData");
			object.remove("rawDataHistogram");
		}
	}

	/**
	 * The median of one fork's samples in JMH's histogram (its iterations' pairs of value
	 * and count): the smallest value with at least half of the samples at or below it.
	 */
	static double median(JsonNode fork) {
		TreeMap<Double, Long> counts = new TreeMap<>();
		for (JsonNode iteration : fork.values()) {
			for (JsonNode pair : iteration.values()) {
				counts.merge(pair.path(0).asDouble(), pair.path(1).asLong(), Long::sum);
			}
		}
		long total = counts.values().stream().mapToLong(Long::longValue).sum();
		long seen = 0;
		for (Map.Entry<Double, Long> entry : counts.entrySet()) {
			seen += entry.getValue();
			if (2 * seen >= total) {
				return entry.getKey();
			}
		}
		return Double.NaN;
	}

	private static void copyOrDelete(Path source, Path target) throws IOException {
		if (source != null && Files.isRegularFile(source)) {
			Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
		}
		else {
			Files.deleteIfExists(target);
		}
	}

}
