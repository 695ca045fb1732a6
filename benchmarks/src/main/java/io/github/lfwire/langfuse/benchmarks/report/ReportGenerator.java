package io.github.lfwire.langfuse.benchmarks.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns a JMH JSON result file and the benchmarks' extras into {@code RESULTS.md} with
 * SVG charts.
 * <p>
 * Charts are written as SVG text rather than with JFreeChart, so no AWT or fonts are
 * needed on headless CI machines.
 */
public final class ReportGenerator {

	/**
	 * The committed profile notes, in the benchmarks module, that the report includes.
	 */
	public static final String PROFILE_NOTES = Sections.PROFILES_FILE;

	static final String REGENERATE = "mvn -B -q install -DskipTests && mvn -B -q -pl benchmarks exec:exec";

	private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT);

	private ReportGenerator() {
	}

	/**
	 * Writes the report.
	 * @param args
	 * {@code <jmh-result.json> <extras.jsonl> <outputDir> <full|smoke> [startup.jsonl]}
	 */
	public static void main(String[] args) {
		if (args.length != 4 && args.length != 5) {
			System.err.println("Usage: ReportGenerator <jmh-result.json> <extras.jsonl> <outputDir> <full|smoke> "
					+ "[startup.jsonl]");
			System.exit(2);
		}
		try {
			Path startup = (args.length == 5) ? Path.of(args[4]) : null;
			Path results = generate(Path.of(args[0]), Path.of(args[1]), startup, Path.of(args[2]), args[3]);
			System.out.println("Wrote " + results);
		}
		catch (IOException | IllegalArgumentException ex) {
			System.err.println("Could not write the benchmark report: " + ex);
			System.exit(1);
		}
	}

	/**
	 * Writes {@code RESULTS.md} and {@code charts/*.svg} into the output directory.
	 * @param jmhJson JMH result file written with {@code -rf json}
	 * @param extrasJsonl metrics the benchmarks wrote at trial end, one JSON object per
	 * line; may be missing
	 * @param outputDir directory to write into, created if needed
	 * @param mode {@code full} or {@code smoke}
	 * @return the path of {@code RESULTS.md}
	 * @throws IOException if the JMH file cannot be read or the report cannot be written
	 */
	public static Path generate(Path jmhJson, Path extrasJsonl, Path outputDir, String mode) throws IOException {
		return generate(jmhJson, extrasJsonl, null, outputDir, mode);
	}

	/**
	 * Writes {@code RESULTS.md} and {@code charts/*.svg} into the output directory, with
	 * the startup section.
	 * @param jmhJson JMH result file written with {@code -rf json}
	 * @param extrasJsonl metrics the benchmarks wrote at trial end, one JSON object per
	 * line; may be missing
	 * @param startupJsonl the startup launcher's runs, one JSON object per line; may be
	 * {@code null} or missing
	 * @param outputDir directory to write into, created if needed
	 * @param mode {@code full} or {@code smoke}
	 * @return the path of {@code RESULTS.md}
	 * @throws IOException if the JMH file cannot be read or the report cannot be written
	 */
	public static Path generate(Path jmhJson, Path extrasJsonl, Path startupJsonl, Path outputDir, String mode)
			throws IOException {
		return generate(jmhJson, extrasJsonl, startupJsonl, outputDir, mode, null);
	}

	/**
	 * Writes {@code RESULTS.md} and {@code charts/*.svg} into the output directory, with
	 * the startup section and a profile section taken from a committed notes file.
	 * @param jmhJson JMH result file written with {@code -rf json}
	 * @param extrasJsonl metrics the benchmarks wrote at trial end, one JSON object per
	 * line; may be missing
	 * @param startupJsonl the startup launcher's runs, one JSON object per line; may be
	 * {@code null} or missing
	 * @param outputDir directory to write into, created if needed
	 * @param mode {@code full} or {@code smoke}
	 * @param profileNotes Markdown notes of profile runs to include; may be {@code null}
	 * or missing
	 * @return the path of {@code RESULTS.md}
	 * @throws IOException if a file cannot be read or the report cannot be written
	 */
	public static Path generate(Path jmhJson, Path extrasJsonl, Path startupJsonl, Path outputDir, String mode,
			Path profileNotes) throws IOException {
		if (!"full".equals(mode) && !"smoke".equals(mode)) {
			throw new IllegalArgumentException("Mode must be 'full' or 'smoke' but was '" + mode + "'");
		}
		JsonMapper mapper = JsonMapper.builder().build();
		List<JsonNode> nodes = readJmh(jmhJson, mapper);
		List<JmhRow> rows = nodes.stream().map(JmhRow::of).toList();
		Extras extras = Extras.read(extrasJsonl, mapper);
		Path charts = Files.createDirectories(outputDir.resolve("charts"));
		for (String chart : Sections.CHARTS) {
			Files.deleteIfExists(charts.resolve(chart));
		}
		String profiles = (profileNotes != null && Files.isRegularFile(profileNotes))
				? Files.readString(profileNotes, StandardCharsets.UTF_8) : null;
		Sections sections = new Sections(rows, extras, charts, StartupRuns.read(startupJsonl, mapper), profiles);
		String body = sections.render();
		StringBuilder report = new StringBuilder();
		report.append(header(jmhJson, mode, nodes));
		report.append(summary(sections.aims()));
		report.append(howToRead());
		report.append(body);
		report.append(notes(extras));
		Path results = outputDir.resolve("RESULTS.md");
		Files.writeString(results, report.toString().stripTrailing() + "\n", StandardCharsets.UTF_8);
		return results;
	}

	private static List<JsonNode> readJmh(Path file, JsonMapper mapper) throws IOException {
		JsonNode root;
		try {
			root = mapper.readTree(Files.readString(file, StandardCharsets.UTF_8));
		}
		catch (JacksonException ex) {
			throw new IOException("Could not parse JMH results " + file + ": " + ex.getOriginalMessage(), ex);
		}
		if (root == null || root.isMissingNode() || (root.isArray() && root.isEmpty())) {
			return List.of();
		}
		if (!root.isArray()) {
			throw new IOException("JMH results " + file + " are not a JSON array");
		}
		return new ArrayList<>(root.values());
	}

	private static String header(Path jmhJson, String mode, List<JsonNode> nodes) {
		StringBuilder header = new StringBuilder();
		header.append("# Langfuse tracing benchmarks: results\n\n");
		header.append("Generated by `ReportGenerator` from `")
			.append(jmhJson.getFileName())
			.append("` on ")
			.append(DATE.format(ZonedDateTime.now(ZoneOffset.UTC)))
			.append("; do not edit by hand.\n\n");
		if ("smoke".equals(mode)) {
			header.append("> **Smoke run: every benchmark ran once, briefly, to check that it works. "
					+ "The figures below are not meaningful; do not quote them.**\n\n");
		}
		header.append("- Mode: ").append(mode).append('\n');
		header.append("- Regenerate: `").append(REGENERATE).append("`\n");
		header.append("- Machine: ")
			.append(Runtime.getRuntime().availableProcessors())
			.append(" cores; CPU ")
			.append(cpuModel())
			.append("; OS ")
			.append(System.getProperty("os.name"))
			.append(' ')
			.append(System.getProperty("os.version"))
			.append(' ')
			.append(System.getProperty("os.arch"))
			.append('\n');
		header.append("- JVM: ").append(jvm(nodes)).append('\n');
		header.append("- JMH: ").append(settings(nodes)).append("\n\n");
		return header.toString();
	}

	private static String jvm(List<JsonNode> nodes) {
		if (nodes.isEmpty()) {
			return "unknown (no results)";
		}
		JsonNode first = nodes.get(0);
		return first.path("vmName").asString("unknown VM") + " " + first.path("vmVersion").asString("") + " (JDK "
				+ first.path("jdkVersion").asString("unknown") + ")";
	}

	private static String settings(List<JsonNode> nodes) {
		if (nodes.isEmpty()) {
			return "unknown (no results)";
		}
		String first = settings(nodes.get(0));
		long others = nodes.stream().map(ReportGenerator::settings).filter((s) -> !s.equals(first)).count();
		return first + ((others > 0) ? " (first benchmark; " + others + " others use different settings)" : "");
	}

	private static String settings(JsonNode node) {
		return node.path("forks").asString("?") + " forks; warmup " + node.path("warmupIterations").asString("?")
				+ " × " + node.path("warmupTime").asString("?") + "; measurement "
				+ node.path("measurementIterations").asString("?") + " × " + node.path("measurementTime").asString("?");
	}

	static String cpuModel() {
		try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
			Optional<String> model = lines.filter((line) -> line.startsWith("model name"))
				.map((line) -> line.substring(line.indexOf(':') + 1).strip())
				.findFirst();
			return model.filter((m) -> !m.isEmpty()).orElse("unknown");
		}
		catch (IOException | RuntimeException ex) {
			return "unknown";
		}
	}

	private static String summary(List<Aim> aims) {
		StringBuilder summary = new StringBuilder("## Summary\n\n");
		aims.forEach((aim) -> summary.append(aim.summaryLine()).append('\n'));
		return summary.append('\n').toString();
	}

	private static String howToRead() {
		return """
				## How to read the tables

				- **p50** is the median time per operation. For `sample` mode rows it is the 50th percentile of \
				the sampled operations; for other modes (`avgt`, `ss`) JMH gives no per-operation distribution, \
				so p50 is the score itself.
				- **p99** and **p99.9** are the 99th and 99.9th percentiles of the sampled operations, shown for \
				`sample` mode rows only: the tail a user meets once in a hundred or a thousand calls.
				- **Alloc/op** is the bytes allocated in the fork per operation, as JMH's `gc` profiler counts \
				them (`gc.alloc.rate.norm`); unlike time, it does not depend on the machine's load.
				- **Mean ± error** is JMH's score ± scoreError: the mean with its 99.9 % confidence interval \
				("n/a" when JMH could not compute one, for example with a single iteration).
				- **Added vs baseline** is p50 − baseline p50 and **ratio to baseline** is p50 ÷ baseline p50, \
				against the baseline method of the same class with the same parameters.
				- All times are converted to nanoseconds before comparing and printed in ns, µs, ms or s.
				- Metrics from the benchmarks' extras file are the mean over forks.

				""";
	}

	private static String notes(Extras extras) {
		StringBuilder notes = new StringBuilder();
		if (!extras.unreadableLines().isEmpty()) {
			notes.append("- Unreadable extras lines skipped: ").append(extras.unreadableLines()).append('\n');
		}
		for (Extras.Entry entry : extras.unused()) {
			String params = entry.params().isEmpty() ? "" : " " + entry.params();
			String metrics = entry.metrics()
				.entrySet()
				.stream()
				.map((metric) -> metric.getKey() + " " + Units.rate(metric.getValue()))
				.collect(Collectors.joining(", "));
			String lines = entry.lines() + ((entry.lines() == 1) ? " line" : " lines");
			notes.append("- Extras not shown above: `")
				.append(entry.benchmark())
				.append('`')
				.append(params)
				.append(": ")
				.append(metrics)
				.append(" (mean over ")
				.append(lines)
				.append(")\n");
		}
		return notes.isEmpty() ? "" : "## Notes\n\n" + notes + "\n";
	}

}
