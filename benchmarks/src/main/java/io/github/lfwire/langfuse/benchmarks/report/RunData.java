package io.github.lfwire.langfuse.benchmarks.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
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
	 * JMH's JSON without {@code rawData} and {@code rawDataHistogram}, which the report
	 * does not read: every figure it shows is in the scores, errors and percentiles.
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
			object.remove("rawData");
			object.remove("rawDataHistogram");
		}
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
