package io.github.lfwire.langfuse.benchmarks.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

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

	static final String RERENDER = "mvn -B -q -pl benchmarks exec:exec -Dbench.mode=render";

	/** The line before the README block this generator writes. */
	public static final String README_BEGIN = "<!-- benchmark-figures:begin (written by ReportGenerator from "
			+ "benchmarks/results; do not edit by hand) -->";

	/** The line after the README block this generator writes. */
	public static final String README_END = "<!-- benchmark-figures:end -->";

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
		.withZone(ZoneOffset.UTC);

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
		return generate(jmhJson, extrasJsonl, startupJsonl, outputDir, mode, profileNotes, null).results();
	}

	/**
	 * Renders {@code RESULTS.md} and {@code charts/*.svg} into the output directory from
	 * the files of one run in a data directory (see {@link RunData}) and nothing else,
	 * and, when a README is given, rewrites its block between {@link #README_BEGIN} and
	 * {@link #README_END}. Rendering the same data twice writes the same bytes.
	 * @param dataDir the run's data directory
	 * @param outputDir directory to write into, created if needed
	 * @param profileNotes Markdown notes of profile runs to include; may be {@code null}
	 * or missing
	 * @param readme the README whose benchmark block to rewrite; may be {@code null}
	 * @return the path of {@code RESULTS.md}
	 * @throws IOException if a file cannot be read or written, or the README has no block
	 */
	public static Path render(Path dataDir, Path outputDir, Path profileNotes, Path readme) throws IOException {
		Provenance provenance = Provenance.read(dataDir.resolve(Provenance.FILE));
		Rendered rendered = generate(dataDir.resolve(RunData.JMH), dataDir.resolve(RunData.EXTRAS),
				dataDir.resolve(RunData.STARTUP), outputDir, provenance.mode(), profileNotes, provenance);
		if (readme != null) {
			String text = Files.readString(readme, StandardCharsets.UTF_8);
			Files.writeString(readme, withReadmeBlock(text, rendered.readmeBlock(), readme), StandardCharsets.UTF_8);
		}
		return rendered.results();
	}

	private record Rendered(Path results, String readmeBlock) {
	}

	static String withReadmeBlock(String readme, String block, Path file) throws IOException {
		int begin = readme.indexOf(README_BEGIN);
		int end = readme.indexOf(README_END);
		if (begin < 0 || end < begin) {
			throw new IOException(file + " has no block between '" + README_BEGIN + "' and '" + README_END + "'");
		}
		return readme.substring(0, begin + README_BEGIN.length()) + "\n" + block + readme.substring(end);
	}

	private static Rendered generate(Path jmhJson, Path extrasJsonl, Path startupJsonl, Path outputDir, String mode,
			Path profileNotes, Provenance provenance) throws IOException {
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
		report.append(header(jmhJson, mode, nodes, provenance));
		report.append(summary(sections.aims()));
		report.append(howToRead());
		report.append(body);
		report.append(notes(extras));
		Path results = outputDir.resolve("RESULTS.md");
		Files.writeString(results, report.toString().stripTrailing() + "\n", StandardCharsets.UTF_8);
		return new Rendered(results, readmeBlock(provenance, sections.aims()));
	}

	private static String readmeBlock(Provenance provenance, List<Aim> aims) {
		StringBuilder block = new StringBuilder();
		block.append("Aims of the run published in [`benchmarks/RESULTS.md`](benchmarks/RESULTS.md), ")
			.append(measured(provenance))
			.append(" (verdicts as defined there under *How to read the tables*):\n\n");
		aims.forEach((aim) -> block.append(aim.summaryLine()).append('\n'));
		return block.toString();
	}

	private static String measured(Provenance provenance) {
		if (provenance == null) {
			return "measured at a commit and time that were not recorded";
		}
		return "measured on commit " + provenance.commitLabel() + " from " + TIME.format(provenance.start()) + " to "
				+ TIME.format(provenance.end()) + " on " + provenance.cores() + " cores (" + provenance.cpu() + ")";
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

	private static String header(Path jmhJson, String mode, List<JsonNode> nodes, Provenance provenance) {
		StringBuilder header = new StringBuilder();
		header.append("# Langfuse tracing benchmarks: results\n\n");
		header.append("Generated by `ReportGenerator` from `")
			.append(jmhJson.getFileName())
			.append("` and the files beside it; do not edit by hand.\n\n");
		if ("smoke".equals(mode)) {
			header.append("> **Smoke run: every benchmark ran once, briefly, to check that it works. "
					+ "The figures below are not meaningful; do not quote them.**\n\n");
		}
		header.append("- Mode: ").append(mode).append('\n');
		if (provenance != null) {
			header.append("- Commit: ")
				.append(provenance.commitLabel())
				.append(" (`")
				.append(provenance.commit())
				.append("`)\n");
			header.append("- Run: ")
				.append(TIME.format(provenance.start()))
				.append(" to ")
				.append(TIME.format(provenance.end()))
				.append('\n');
			header.append("- Machine: ")
				.append(provenance.cores())
				.append(" cores; CPU ")
				.append(provenance.cpu())
				.append("; OS ")
				.append(provenance.os())
				.append('\n');
		}
		else {
			header.append("- Commit, run times and machine: not recorded (no `")
				.append(Provenance.FILE)
				.append("` beside the results)\n");
		}
		header.append("- Run again: `")
			.append(REGENERATE)
			.append("`; render again from the committed data: `")
			.append(RERENDER)
			.append("`\n");
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
				- The traced applications run with `langfuse.export.whole-traces=false`. A flat-out loop makes \
				spans faster than one export thread can send them; with whole traces on, most timed calls would \
				be refused at their root and cost almost nothing. With it off every timed call records its span, \
				and the full queue drops it; the extras (started, exported, dropped) show how many.
				- **Verdicts** on aims that bound a time, a ratio or an overhead take the measured error into \
				account. Each figure gets an interval from JMH's 99.9 % confidence intervals: for an added cost, \
				the difference ± the combined error of the two means; for a ratio, each row's relative error \
				applied to its p50, against the aim and in its favour. The workflow's ratios, whose forks run in \
				rounds, are judged on the rounds instead: the median of the rounds' ratios, with their range as \
				the interval (see *Workflow*). **met** means the bound holds even at the \
				interval's pessimistic end; **not met** means it fails even at the optimistic end; **within \
				noise** means the interval straddles the bound, so this run cannot tell. Aims on figures JMH gives \
				no interval for (p99, allocation, startup medians, single-shot rows) are judged on the figure \
				alone and marked "(no interval)" where JMH reported none.

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
