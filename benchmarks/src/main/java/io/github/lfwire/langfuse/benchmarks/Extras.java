package io.github.lfwire.langfuse.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import io.github.lfwire.langfuse.LangfuseClient;
import io.github.lfwire.langfuse.LangfuseStats;
import org.openjdk.jmh.infra.BenchmarkParams;
import tools.jackson.databind.json.JsonMapper;

/**
 * Figures JMH does not measure itself (requests sent, spans exported and dropped),
 * appended by a benchmark at the end of its trial as one JSON line to the file named by
 * the {@value #PROPERTY} system property.
 */
public final class Extras {

	/** The system property naming the JSON-lines file; without it nothing is written. */
	public static final String PROPERTY = "lfwire.bench.extras";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Duration FLUSH_TIMEOUT = Duration.ofSeconds(30);

	private Extras() {
	}

	/**
	 * Flushes the client and returns how many observations its trial started and how many
	 * spans it exported and dropped, so a reader sees what the exporter kept up with; the
	 * map is mutable for further figures.
	 */
	public static Map<String, Number> exportFigures(LangfuseClient client) {
		client.flush(FLUSH_TIMEOUT);
		LangfuseStats stats = client.stats();
		Map<String, Number> figures = new LinkedHashMap<>();
		figures.put("started", stats.observationsStarted());
		figures.put("exported", stats.spans().exported());
		figures.put("dropped", stats.spans().droppedTotal());
		return figures;
	}

	/** Appends the metrics of the running benchmark and its parameters. */
	public static synchronized void record(BenchmarkParams benchmark, Map<String, ? extends Number> metrics) {
		String file = System.getProperty(PROPERTY);
		if (file == null || file.isBlank()) {
			return;
		}
		Map<String, String> params = new LinkedHashMap<>();
		for (String key : benchmark.getParamsKeys()) {
			params.put(key, benchmark.getParam(key));
		}
		Map<String, Object> line = new LinkedHashMap<>();
		line.put("benchmark", benchmark.getBenchmark());
		line.put("params", params);
		line.put("metrics", metrics);
		try {
			Files.writeString(Path.of(file), JSON.writeValueAsString(line) + "\n", StandardCharsets.UTF_8,
					StandardOpenOption.CREATE, StandardOpenOption.APPEND);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot append benchmark extras to " + file, ex);
		}
	}

}
