package io.github.lfwire.langfuse.benchmarks.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The startup launcher's runs, one JSON line each, grouped by application and
 * configuration in the order first seen, with medians.
 */
final class StartupRuns {

	private final Map<String, Group> groups;

	private final List<Integer> unreadableLines;

	private StartupRuns(Map<String, Group> groups, List<Integer> unreadableLines) {
		this.groups = groups;
		this.unreadableLines = unreadableLines;
	}

	static StartupRuns read(Path file, JsonMapper mapper) throws IOException {
		Map<String, Group> groups = new LinkedHashMap<>();
		List<Integer> unreadable = new ArrayList<>();
		List<String> lines = (file != null && Files.isRegularFile(file))
				? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
		for (int i = 0; i < lines.size(); i++) {
			String line = lines.get(i).strip();
			if (!line.isEmpty() && !add(line, mapper, groups)) {
				unreadable.add(i + 1);
			}
		}
		return new StartupRuns(groups, unreadable);
	}

	private static boolean add(String line, JsonMapper mapper, Map<String, Group> groups) {
		try {
			JsonNode node = mapper.readTree(line);
			String app = node.path("app").asString("");
			String variant = node.path("variant").asString("");
			if (!node.isObject() || app.isEmpty() || variant.isEmpty() || !node.path("wallMillis").isNumber()) {
				return false;
			}
			groups
				.computeIfAbsent(app + " " + variant,
						(key) -> new Group(app, node.path("appLabel").asString(app), variant,
								node.path("variantLabel").asString(variant)))
				.add(node.path("wallMillis").asDouble(), node.path("cpuMillis").asLong(-1),
						node.path("peakRssKb").asLong(-1), node.path("starterInfoLinesAtStartup").asInt(0));
			return true;
		}
		catch (JacksonException ex) {
			return false;
		}
	}

	boolean isEmpty() {
		return this.groups.isEmpty();
	}

	List<Group> groups() {
		return List.copyOf(this.groups.values());
	}

	Group find(String app, String variant) {
		return this.groups.get(app + " " + variant);
	}

	List<Integer> unreadableLines() {
		return this.unreadableLines;
	}

	static double median(List<Double> values) {
		double[] sorted = values.stream().mapToDouble(Double::doubleValue).filter(Double::isFinite).sorted().toArray();
		if (sorted.length == 0) {
			return Double.NaN;
		}
		int middle = sorted.length / 2;
		return (sorted.length % 2 == 1) ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
	}

	/** The runs of one application in one configuration. */
	static final class Group {

		private final String app;

		private final String appLabel;

		private final String variant;

		private final String variantLabel;

		private final List<Double> wallMillis = new ArrayList<>();

		private final List<Double> cpuMillis = new ArrayList<>();

		private final List<Double> peakRssMegabytes = new ArrayList<>();

		private int mostStarterInfoLines;

		Group(String app, String appLabel, String variant, String variantLabel) {
			this.app = app;
			this.appLabel = appLabel;
			this.variant = variant;
			this.variantLabel = variantLabel;
		}

		void add(double wallMillis, long cpuMillis, long peakRssKb, int starterInfoLines) {
			this.wallMillis.add(wallMillis);
			this.cpuMillis.add((cpuMillis >= 0) ? (double) cpuMillis : Double.NaN);
			this.peakRssMegabytes.add((peakRssKb >= 0) ? peakRssKb / 1024.0 : Double.NaN);
			this.mostStarterInfoLines = Math.max(this.mostStarterInfoLines, starterInfoLines);
		}

		String app() {
			return this.app;
		}

		String appLabel() {
			return this.appLabel;
		}

		String variant() {
			return this.variant;
		}

		String variantLabel() {
			return this.variantLabel;
		}

		int runs() {
			return this.wallMillis.size();
		}

		double medianWallNanos() {
			return median(this.wallMillis) * 1e6;
		}

		double medianCpuNanos() {
			return median(this.cpuMillis) * 1e6;
		}

		double medianPeakRssMegabytes() {
			return median(this.peakRssMegabytes);
		}

		int mostStarterInfoLines() {
			return this.mostStarterInfoLines;
		}

	}

}
