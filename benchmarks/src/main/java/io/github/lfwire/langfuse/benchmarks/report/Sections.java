package io.github.lfwire.langfuse.benchmarks.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.function.Function;
import java.util.function.UnaryOperator;

import io.github.lfwire.langfuse.benchmarks.report.SvgChart.Bar;
import io.github.lfwire.langfuse.benchmarks.report.SvgChart.Point;
import io.github.lfwire.langfuse.benchmarks.report.SvgChart.Series;

/**
 * The benchmark groups of the report, each rendered as Markdown with its aims and charts.
 */
final class Sections {

	static final String PACKAGE = "io.github.lfwire.langfuse.benchmarks.";

	/** The committed profile notes the report includes, in the benchmarks module. */
	static final String PROFILES_FILE = "PROFILES.md";

	static final List<String> CHARTS = List.of("function-duration.svg", "payload-size.svg", "nesting-depth.svg",
			"throughput.svg", "peers.svg");

	private static final Set<String> KNOWN_CLASSES = Set.of("BasicsBenchmark", "FunctionDurationBenchmark",
			"PayloadSizeBenchmark", "CaptureBenchmark", "NestingDepthBenchmark", "AgentPeerBenchmark",
			"ReturnTypeBenchmark", "CaptureToggleBenchmark", "ClientCreationBenchmark", "WorkflowBenchmark",
			"BatchingBenchmark", "ExportEncodingBenchmark", "ThroughputBenchmark", "PeersBenchmark");

	private static final Map<String, Double> BASICS_AIMS_NANOS = Map.of("observeSpan", 1000.0, "observeSampledOut",
			150.0, "observeMap", 2000.0, JsPeerSection.LARGE_MAP_ROW, 100_000.0);

	private static final double CAPTURE_MAP_AIM_RATIO = 1.15;

	private static final double OBSERVE_SPAN_P99_AIM_NANOS = 10_000;

	private static final double CAPTURE_OFF_ALLOCATION_AIM_BYTES = 600;

	private static final double CAPTURE_AIM_RATIO = 1.25;

	private static final double RELATIVE_OVERHEAD_AIM_PERCENT = 0.05;

	private static final double WORKFLOW_SAMPLED_OUT_AIM_RATIO = 1.02;

	private static final double WORKFLOW_TRACED_AIM_RATIO = 1.10;

	private static final double SDK_SPAN_AIM_RATIO = 2.0;

	private static final double AGENT_AIM_RATIO = 1.2;

	private static final double AGENT_NESTED_AIM_RATIO = 1.2;

	private static final Map<String, String> STUDY_RELATIVE_OVERHEAD = Map.of("100", "1.67 %", "1000", "0.27 %", "5000",
			"0.056 %");

	private static final double BATCHING_AIM_SPANS_PER_SECOND = 150_000;

	private static final double STARTUP_AIM_KEYS_NANOS = 150e6;

	private static final double STARTUP_AIM_KEYS_MEGABYTES = 10;

	private static final double STARTUP_AIM_OFF_NANOS = 50e6;

	private static final int STARTUP_AIM_INFO_LINES = 1;

	private final List<JmhRow> rows;

	private final Extras extras;

	private final Path charts;

	private final StartupRuns startup;

	private final String profiles;

	private final StringBuilder markdown = new StringBuilder();

	private final List<Aim> aims = new ArrayList<>();

	Sections(List<JmhRow> rows, Extras extras, Path charts, StartupRuns startup) {
		this(rows, extras, charts, startup, null);
	}

	/**
	 * Sections with the startup runs and the text of a committed profile notes file,
	 * included as the report's profile section.
	 */
	Sections(List<JmhRow> rows, Extras extras, Path charts, StartupRuns startup, String profiles) {
		this.rows = rows;
		this.extras = extras;
		this.charts = charts;
		this.startup = startup;
		this.profiles = profiles;
	}

	String render() throws IOException {
		basics();
		functionDuration();
		payloadSize();
		capture();
		nestingDepth();
		returnTypes();
		captureToggle();
		clientCreation();
		workflow();
		batching();
		throughput();
		peers();
		jsPeer();
		startup();
		other();
		profiles();
		return this.markdown.toString();
	}

	List<Aim> aims() {
		return this.aims;
	}

	private void basics() {
		List<String> order = List.of("baseline", "apiSpan", "apiSpanInTrace", "apiGeneration", "observeSpan",
				"observeCaptureOff", "observeSampledOut", "observeGeneration", "baselineMap", "observeMap",
				"baselineMapOver50KB", JsPeerSection.LARGE_MAP_ROW);
		List<JmhRow> group = begin("Basics", "BasicsBenchmark", order,
				"Cost of one call through each API (programmatic spans and generations, `@Observe` with capture "
						+ "on, off and sampled out) around a method that does almost nothing, against the empty "
						+ "`baseline`; `observeMap` captures a 526 B JSON-like map (the arguments of a chat call) as "
						+ "input and output, against the same call untraced, `baselineMap`; `observeMapOver50KB` "
						+ "does the same with a 51 KB JSON-like agent state, cut at the 32 KB capture limit, "
						+ "against `baselineMapOver50KB`.");
		UnaryOperator<String> rule = JsPeerSection.BASICS_RULE;
		for (String method : List.of("observeSpan", "observeSampledOut", "observeMap", JsPeerSection.LARGE_MAP_ROW)) {
			List<JmhRow> rows = group.stream().filter((row) -> row.method().equals(method)).toList();
			this.aims.add(basicsAim(method, rows, group, rule));
		}
		JmhRow observeSpan = Rows.find(group, "observeSpan");
		JmhRow captureOff = Rows.find(group, "observeCaptureOff");
		Aim tail = aim(tailAim(observeSpan));
		Aim allocation = aim(allocationAim(captureOff));
		if (group.isEmpty()) {
			return;
		}
		Column aim = new Column("Aim (added)", (row) -> BASICS_AIMS_NANOS.containsKey(row.method())
				? "≤ " + Units.time(BASICS_AIMS_NANOS.get(row.method())) : "");
		Column met = new Column("Met?", (row) -> BASICS_AIMS_NANOS.containsKey(row.method())
				? basicsAim(row.method(), List.of(row), group, rule).yesNo() : "");
		table(group, rule, List.of(aim, met));
		aimLine(tail);
		aimLine(allocation);
		String here = (observeSpan != null) ? " Here `observeSpan` adds "
				+ Units.signedTime(Rows.added(observeSpan, Rows.baseline(observeSpan, group, rule))) + "." : "";
		study("fixed overhead per traced function about 1.7–2.8 ms; enqueueing alone about 0.1 ms." + here);
	}

	private Aim basicsAim(String method, List<JmhRow> candidates, List<JmhRow> group, UnaryOperator<String> rule) {
		double limit = BASICS_AIMS_NANOS.get(method);
		String description = "Basics: `" + method + "`" + switch (method) {
			case "observeMap" -> " (a 526 B map captured)";
			case JsPeerSection.LARGE_MAP_ROW -> " (a 51 KB map captured, cut at the 32 KB limit)";
			default -> "";
		} + " adds ≤ " + Units.time(limit);
		JmhRow worst = candidates.stream()
			.filter((row) -> Double.isFinite(Rows.added(row, Rows.baseline(row, group, rule))))
			.max(Comparator.comparingDouble((row) -> Rows.added(row, Rows.baseline(row, group, rule))))
			.orElse(null);
		if (worst == null) {
			return Aim.notMeasured(description, "no `" + method + "` row with a baseline in this run");
		}
		JmhRow baseline = Rows.baseline(worst, group, rule);
		double added = Rows.added(worst, baseline);
		double[] interval = Rows.addedInterval(worst, baseline);
		return Aim.atMost(description, added, interval[0], interval[1], limit, "added " + Units.signedTime(added),
				Units::signedTime);
	}

	private Aim tailAim(JmhRow observeSpan) {
		String description = "Tail: `observeSpan` p99 ≤ " + Units.time(OBSERVE_SPAN_P99_AIM_NANOS);
		double p99 = (observeSpan != null) ? observeSpan.p99Nanos() : Double.NaN;
		return Double.isFinite(p99) ? Aim.of(description, p99 <= OBSERVE_SPAN_P99_AIM_NANOS, "p99 " + Units.time(p99))
				: Aim.notMeasured(description, "needs `observeSpan` in sample mode");
	}

	private Aim allocationAim(JmhRow captureOff) {
		String description = "Allocation: `observeCaptureOff` ≤ " + Units.bytes(CAPTURE_OFF_ALLOCATION_AIM_BYTES)
				+ "/op";
		double bytes = (captureOff != null) ? captureOff.allocatedBytes() : Double.NaN;
		return Double.isFinite(bytes)
				? Aim.of(description, bytes <= CAPTURE_OFF_ALLOCATION_AIM_BYTES, Units.bytes(bytes) + "/op")
				: Aim.notMeasured(description, "needs `observeCaptureOff` with JMH's gc profiler");
	}

	private void functionDuration() throws IOException {
		List<JmhRow> group = begin("Function duration", "FunctionDurationBenchmark",
				List.of("untraced", "observed", "observedCold", "observedExportDeferred"),
				"Overhead of `@Observe` on a method that sleeps for `durationMs`, absolute and relative to the "
						+ "untraced method, as in the study's table; `observed` runs with the shared `@Observe` "
						+ "path compiled, as in an application whose traced methods run often (variants below). "
						+ "This group runs in JMH's average-time mode: sample mode files each time in a histogram "
						+ "bucket whose width grows with the time measured, so at these durations its percentiles "
						+ "could only show an overhead as whole buckets; the mean has no such steps.");
		Aim relative = aim(relativeOverheadAim(group, "observed"));
		if (group.isEmpty()) {
			return;
		}
		UnaryOperator<String> rule = untraced();
		table(group, rule, List.of());
		MarkdownTable study = new MarkdownTable("Duration", "Untraced p50", "Observed p50", "Absolute overhead",
				"Relative overhead", "Beyond error?", "Study (Python) relative overhead");
		List<Point> points = new ArrayList<>();
		for (String value : Rows.values(group, "durationMs")) {
			JmhRow observed = Rows.find(group, "observed", "durationMs", value);
			JmhRow untraced = untracedFor(observed, group, "durationMs", value);
			double added = Rows.added(observed, untraced);
			OptionalDouble millis = Rows.numeric(value);
			study.row(millis.isPresent() ? Units.time(millis.getAsDouble() * 1e6) : value, p50(untraced), p50(observed),
					Units.signedTime(added), Units.percent(added / p50Nanos(untraced) * 100),
					beyondError(observed, untraced), STUDY_RELATIVE_OVERHEAD.getOrDefault(value, Units.DASH));
			points.add(new Point(millis.orElse(Double.NaN), added));
		}
		append(study.render());
		append("Sleep jitter on a shared machine can exceed the overhead itself: a difference smaller than the "
				+ "combined error (\"Beyond error?\" = no) is noise, not cost.");
		durationVariants(group);
		aimLine(relative);
		study("about 1.7–2.8 ms fixed per traced function: 100 ms → 1.67 %, 1 s → 0.27 %, 5 s → 0.056 %.");
		chart("function-duration.svg", "Overhead against function duration", addedCostChart(
				"@Observe overhead against function duration", "function duration (ms, log scale)", true, points));
	}

	/**
	 * The isolating variants: the same observed method before the JIT has compiled the
	 * shared {@code @Observe} path, and with export deferred past the measurement, so
	 * that what the exporter and the loopback collector do on the machine's other core
	 * while the benchmark thread sleeps is not in the figure.
	 */
	private void durationVariants(List<JmhRow> group) {
		if (group.stream()
			.noneMatch((row) -> row.method().equals("observedCold") || row.method().equals("observedExportDeferred"))) {
			return;
		}
		MarkdownTable variants = new MarkdownTable("Duration", "Observed, path not yet compiled (`observedCold`)",
				"Observed (`observed`)", "Observed, export deferred (`observedExportDeferred`)");
		for (String value : Rows.values(group, "durationMs")) {
			OptionalDouble millis = Rows.numeric(value);
			variants.row(millis.isPresent() ? Units.time(millis.getAsDouble() * 1e6) : value,
					addedAt(group, "observedCold", value), addedAt(group, "observed", value),
					addedAt(group, "observedExportDeferred", value));
		}
		append(variants.render());
		append("Each `@Observe` method shares one path (interceptor, client, span, capture, export), which the JIT "
				+ "compiles after a few thousand calls of any of them. `observed` and `observedExportDeferred` first "
				+ "call an observed method 50,000 times (flushing as they go), as a busy application does; "
				+ "`observedCold` does not, and JMH calls a method that sleeps for a second only a few times per "
				+ "iteration, so its path may stay in the interpreter. `observedExportDeferred` runs against a "
				+ "client whose batch never fills and whose flush interval is longer than the trial, so the "
				+ "exporter thread, the gzip encoding and the loopback collector stay idle while it is measured."
				+ variantFindings(group));
	}

	/**
	 * What this run's variant rows show, in words computed from them: whether
	 * {@code observedCold}'s added cost grows from the shortest to the longest duration
	 * beyond the error, and whether {@code observed} adds more than
	 * {@code observedExportDeferred} beyond the error at each duration.
	 */
	private String variantFindings(List<JmhRow> group) {
		List<String> durations = Rows.values(group, "durationMs");
		StringBuilder findings = new StringBuilder();
		if (durations.size() >= 2) {
			String shortest = durations.get(0);
			String longest = durations.get(durations.size() - 1);
			JmhRow coldShort = Rows.find(group, "observedCold", "durationMs", shortest);
			JmhRow coldLong = Rows.find(group, "observedCold", "durationMs", longest);
			if (coldShort != null && coldLong != null) {
				double from = Rows.added(coldShort, untracedFor(coldShort, group, "durationMs", shortest));
				double to = Rows.added(coldLong, untracedFor(coldLong, group, "durationMs", longest));
				double error = Math.hypot(
						Rows.combinedError(coldShort, untracedFor(coldShort, group, "durationMs", shortest)),
						Rows.combinedError(coldLong, untracedFor(coldLong, group, "durationMs", longest)));
				String verdict = !Double.isFinite(error) ? "(no error to judge it by)"
						: (to - from > error) ? "so here it grows with duration beyond the error"
								: "so here it does not grow with duration beyond the error";
				findings.append(" In this run `observedCold` adds ")
					.append(Units.signedTime(from))
					.append(" at ")
					.append(durationLabel(shortest))
					.append(" and ")
					.append(Units.signedTime(to))
					.append(" at ")
					.append(durationLabel(longest))
					.append(", ")
					.append(verdict)
					.append('.');
			}
		}
		List<String> beyond = new ArrayList<>();
		List<String> within = new ArrayList<>();
		for (String value : durations) {
			JmhRow observed = Rows.find(group, "observed", "durationMs", value);
			JmhRow deferred = Rows.find(group, "observedExportDeferred", "durationMs", value);
			if (observed == null || deferred == null) {
				continue;
			}
			double difference = observed.p50Nanos() - deferred.p50Nanos();
			double error = Rows.combinedError(observed, deferred);
			String entry = durationLabel(value) + " (" + Units.signedTime(difference) + ")";
			if (Double.isFinite(error) && difference > error) {
				beyond.add(entry);
			}
			else {
				within.add(entry);
			}
		}
		if (!beyond.isEmpty()) {
			findings.append(" `observed` adds more than `observedExportDeferred` beyond the error at ")
				.append(String.join(", ", beyond))
				.append(": that much is the exporter's competition for the machine's cores when the benchmark "
						+ "thread wakes.");
		}
		if (!within.isEmpty()) {
			findings.append(" `observed` and `observedExportDeferred` differ by no more than the error at ")
				.append(String.join(", ", within))
				.append(", so there the exporter's work adds nothing measurable.");
		}
		return findings.toString();
	}

	private static String durationLabel(String durationMs) {
		OptionalDouble millis = Rows.numeric(durationMs);
		return millis.isPresent() ? Units.time(millis.getAsDouble() * 1e6) : durationMs;
	}

	private String addedAt(List<JmhRow> group, String method, String durationMs) {
		JmhRow row = Rows.find(group, method, "durationMs", durationMs);
		return (row != null) ? Units.signedTime(Rows.added(row, untracedFor(row, group, "durationMs", durationMs)))
				: Units.DASH;
	}

	private Aim relativeOverheadAim(List<JmhRow> group, String method) {
		String description = "Function duration: `" + method + "` overhead at 100 ms ≤ "
				+ Units.percent(RELATIVE_OVERHEAD_AIM_PERCENT);
		JmhRow observed = Rows.find(group, method, "durationMs", "100");
		JmhRow untraced = untracedFor(observed, group, "durationMs", "100");
		double percent = Rows.added(observed, untraced) / p50Nanos(untraced) * 100;
		if (!Double.isFinite(percent)) {
			return Aim.notMeasured(description, "needs `untraced` and `" + method + "` at 100 ms");
		}
		double[] interval = Rows.addedInterval(observed, untraced);
		return Aim.atMost(description, percent, interval[0] / p50Nanos(untraced) * 100,
				interval[1] / p50Nanos(untraced) * 100, RELATIVE_OVERHEAD_AIM_PERCENT, Units.percent(percent),
				Units::percent);
	}

	private void payloadSize() throws IOException {
		List<JmhRow> group = begin("Payload size", "PayloadSizeBenchmark", List.of("untraced", "observed"),
				"Cost of capturing input and output (default 32 KB capture limit) as the payload grows. A payload "
						+ "estimated within `capture.deferred-max-bytes` (128 KB) is kept by reference and "
						+ "serialized on the export thread, so the 32 KB and 50 KB rows cost the caller little; "
						+ "a larger one is serialized on the caller's thread and cut at the limit, so from 500 KB "
						+ "on the caller's cost must stay flat, whatever the size: the aim compares 5 MB with "
						+ "500 KB.");
		JmhRow reference = observedPayload(group, 32 * 1024);
		Aim large = payloadAim(group, observedPayload(group, 500 * 1024), "500KB", "5MB", 5 * 1024 * 1024);
		if (group.isEmpty()) {
			return;
		}
		table(group, untraced(), List.of());
		MarkdownTable sizes = new MarkdownTable("Payload", "Untraced p50", "Observed p50", "Added",
				"Observed ÷ observed at 32KB");
		List<Point> points = new ArrayList<>();
		for (String value : Rows.values(group, "payload")) {
			JmhRow observed = Rows.find(group, "observed", "payload", value);
			JmhRow untraced = untracedFor(observed, group, "payload", value);
			double added = Rows.added(observed, untraced);
			sizes.row(value, p50(untraced), p50(observed), Units.signedTime(added),
					Units.ratio(Rows.ratio(observed, reference)));
			points.add(new Point(Rows.bytes(value).orElse(Double.NaN) / 1024, added));
		}
		append(sizes.render());
		aimLine(large);
		study("300 KB of input ≈ 200 ms; 10–50 KB ≈ 10–40 ms.");
		chart("payload-size.svg", "Added cost against payload size",
				addedCostChart("Added cost against payload size", "payload size (KB, log scale)", true, points));
	}

	private void capture() {
		List<String> order = List.of("objectMapperFits", "captureFits", "captureOver500KB", "captureOver5MB",
				"objectMapperMapFits", "captureMapFits", "captureMapOver50KB", "captureMapOver500KB");
		List<JmhRow> group = begin("Capture", "CaptureBenchmark", order,
				"Capture alone (default 32 KB limit, redaction on): a value that just fits against plain "
						+ "`ObjectMapper.writeValueAsBytes` of it, and values of 500 KB and 5 MB, cut at the limit "
						+ "into the truncation wrapper, against the value that fits; the same for JSON-like maps "
						+ "(`…Map…`: a 30 KB agent state of chat messages with tool calls, about a dozen short keys "
						+ "per map, and states of 50 KB and 500 KB cut at the limit).");
		UnaryOperator<String> rule = (method) -> switch (method) {
			case "captureFits" -> "objectMapperFits";
			case "captureMapFits" -> "objectMapperMapFits";
			default -> method.startsWith("captureOver") ? "captureFits"
					: method.startsWith("captureMapOver") ? "captureMapFits" : null;
		};
		JmhRow fits = Rows.find(group, "captureFits");
		Aim fitting = aim(ratioAim(
				"Capture: a value that fits ≤ " + Units.ratio(CAPTURE_AIM_RATIO)
						+ " plain `ObjectMapper.writeValueAsBytes`",
				fits, Rows.find(group, "objectMapperFits"), CAPTURE_AIM_RATIO));
		JmhRow worstOver = group.stream()
			.filter((row) -> row.method().startsWith("captureOver"))
			.max(Comparator.comparingDouble(JmhRow::p50Nanos))
			.orElse(null);
		Aim over = aim(ratioAim(
				"Capture: a value over the limit ≤ " + Units.ratio(CAPTURE_AIM_RATIO) + " a value that just fits",
				worstOver, fits, CAPTURE_AIM_RATIO));
		JmhRow mapFits = Rows.find(group, "captureMapFits");
		Aim mapFitting = aim(ratioAim(
				"Capture: a JSON-like map that fits ≤ " + Units.ratio(CAPTURE_MAP_AIM_RATIO)
						+ " plain `ObjectMapper.writeValueAsBytes`",
				mapFits, Rows.find(group, "objectMapperMapFits"), CAPTURE_MAP_AIM_RATIO));
		JmhRow worstMapOver = group.stream()
			.filter((row) -> row.method().startsWith("captureMapOver"))
			.max(Comparator.comparingDouble(JmhRow::p50Nanos))
			.orElse(null);
		Aim mapOver = aim(ratioAim(
				"Capture: a JSON-like map cut at the limit ≤ " + Units.ratio(CAPTURE_AIM_RATIO) + " a map that fits",
				worstMapOver, mapFits, CAPTURE_AIM_RATIO));
		if (group.isEmpty()) {
			return;
		}
		table(group, rule, List.of());
		append("The ratio column compares `captureFits` with `objectMapperFits`, and each `captureOver…` with "
				+ "`captureFits`; the over-limit aim takes the slower of the two; the map rows compare the same "
				+ "way. A value over the limit is serialized about as far as one that fits and then stopped; its "
				+ "JSON up to the last whole entry near the limit becomes the wrapper's `preview` where it was "
				+ "written, with the open objects and arrays closed, and only a value with no entry ending there "
				+ "(one long text) has its cut JSON text escaped into a string. Each row runs in four forks: "
				+ "the code the JIT compiles for Jackson's serializers differs from fork to fork, and one fork's "
				+ "p50 of the same row was measured up to a fifth above another's.");
		aimLine(fitting);
		aimLine(over);
		aimLine(mapFitting);
		aimLine(mapOver);
	}

	/**
	 * A ratio aim judged on rounds of forks when both rows have them: the median of the
	 * rounds' ratios, with the smallest and largest ratio as its interval, which holds
	 * the median of such ratios with probability 1 − 2^(1 − n) for n rounds however far
	 * apart the forks lie; otherwise judged as {@link #ratioAim} judges it.
	 */
	private static Aim roundsRatioAim(String description, JmhRow row, JmhRow baseline, JmhRow control, double limit) {
		List<Double> ratios = Rows.roundRatios(row, baseline);
		if (ratios.isEmpty()) {
			return ratioAim(description, row, baseline, limit);
		}
		double median = StartupRuns.median(ratios);
		List<Double> controlRatios = Rows.roundRatios(control, baseline);
		String figure = "`" + row.method() + "` against `" + baseline.method() + "`, median of " + ratios.size()
				+ " rounds' ratios " + Units.ratio(median) + "; all forks' turns " + p50(row) + " against "
				+ p50(baseline) + " at p50, ratio " + Units.ratio(Rows.ratio(row, baseline))
				+ ((controlRatios.size() == ratios.size())
						? "; untraced against itself, `" + control.method() + "`, " + range(controlRatios) : "");
		return Aim.atMost(description, median, ratios.stream().min(Double::compare).orElseThrow(),
				ratios.stream().max(Double::compare).orElseThrow(), limit, figure, Units::ratio,
				"the rounds' range, a " + rangeConfidence(ratios.size()) + " interval for the median:");
	}

	/** The smallest to the largest of some ratios. */
	private static String range(List<Double> ratios) {
		return Units.ratio(ratios.stream().min(Double::compare).orElseThrow()) + " to "
				+ Units.ratio(ratios.stream().max(Double::compare).orElseThrow());
	}

	/**
	 * How likely the range of n independent rounds holds their median: 1 − 2^(1 − n), as
	 * a percentage.
	 */
	private static String rangeConfidence(int rounds) {
		return Units.percent(100 * (1 - Math.pow(2, 1 - rounds)));
	}

	private static Aim ratioAim(String description, JmhRow row, JmhRow baseline, double limit) {
		double ratio = Rows.ratio(row, baseline);
		if (!Double.isFinite(ratio)) {
			return Aim.notMeasured(description, "needs both rows in this run");
		}
		String figure = "`" + row.method() + "` " + p50(row) + " against `" + baseline.method() + "` " + p50(baseline)
				+ ", ratio " + Units.ratio(ratio);
		double[] interval = Rows.ratioInterval(row, baseline);
		return Aim.atMost(description, ratio, interval[0], interval[1], limit, figure, Units::ratio);
	}

	private Aim payloadAim(List<JmhRow> group, JmhRow reference, String referenceLabel, String label, double size) {
		String description = "Payload size: observed at " + label + " within 1.5× of observed at " + referenceLabel;
		JmhRow observed = observedPayload(group, size);
		double ratio = Rows.ratio(observed, reference);
		if (!Double.isFinite(ratio)) {
			return aim(Aim.notMeasured(description, "needs `observed` at " + referenceLabel + " and " + label));
		}
		double[] interval = Rows.ratioInterval(observed, reference);
		return aim(Aim.atMost(description, ratio, interval[0], interval[1], 1.5, "ratio " + Units.ratio(ratio),
				Units::ratio));
	}

	private static JmhRow observedPayload(List<JmhRow> group, double bytes) {
		return group.stream()
			.filter((row) -> row.method().equals("observed") && isBytes(row.params().get("payload"), bytes))
			.findFirst()
			.orElse(null);
	}

	private void nestingDepth() throws IOException {
		List<JmhRow> group = begin("Nesting depth", "NestingDepthBenchmark", List.of("untraced", "observed"),
				"Cost of `@Observe` on every level of a call chain `depth` methods deep.");
		Map<String, Double> added = new LinkedHashMap<>();
		for (String value : Rows.values(group, "depth")) {
			JmhRow observed = Rows.find(group, "observed", "depth", value);
			added.put(value, Rows.added(observed, untracedFor(observed, group, "depth", value)));
		}
		double first = added.getOrDefault("1", Double.NaN);
		double tenth = added.getOrDefault("10", Double.NaN);
		Aim aim = nestingAim(first, tenth);
		if (group.isEmpty()) {
			return;
		}
		table(group, untraced(), List.of());
		MarkdownTable depths = new MarkdownTable("Depth", "Added (p50)", "Added ÷ added at depth 1");
		List<Point> points = new ArrayList<>();
		added.forEach((depth, nanos) -> {
			depths.row(depth, Units.signedTime(nanos), (first > 0) ? Units.ratio(nanos / first) : Units.DASH);
			points.add(new Point(Rows.numeric(depth).orElse(Double.NaN), nanos));
		});
		append(depths.render());
		aimLine(aim);
		List<String> agentMethods = List.of("baselineNested10", "agentNested10");
		List<JmhRow> agent = rowsOf("AgentPeerBenchmark", agentMethods).stream()
			.filter((row) -> agentMethods.contains(row.method()))
			.toList();
		JmhRow agentBaseline = Rows.find(agent, "baselineNested10");
		double agentAdded = Rows.added(Rows.find(agent, "agentNested10"), agentBaseline);
		Aim agentAim = nestedAgentAim(tenth, agentAdded);
		if (!agent.isEmpty()) {
			table(agent, (method) -> "baselineNested10", List.of(), (row) -> "agent: " + row.method());
			append("The same chain 10 levels deep with the OpenTelemetry Java agent's `@WithSpan` on every level, in the "
					+ "agent's own fork (see Peers), against the chain without spans in that fork. Per level: ours "
					+ Units.signedTime(tenth / 10) + ", the agent's " + Units.signedTime(agentAdded / 10) + ".");
		}
		aimLine(agentAim);
		chart("nesting-depth.svg", "Added cost against nesting depth", addedCostChart(
				"Added cost against nesting depth", "nesting depth (observed methods per call)", false, points));
	}

	private Aim nestedAgentAim(double ours, double agent) {
		String description = "Nesting depth: `@Observe` with capture off 10 levels deep adds ≤ "
				+ Units.ratio(AGENT_NESTED_AIM_RATIO) + " what the agent's `@WithSpan` adds 10 levels deep";
		if (!Double.isFinite(ours) || !Double.isFinite(agent) || agent <= 0) {
			return aim(
					Aim.notMeasured(description, "needs `observed` at depth 10, `agentNested10` and their baselines"));
		}
		return aim(Aim.of(description, ours <= AGENT_NESTED_AIM_RATIO * agent, "ours " + Units.signedTime(ours)
				+ ", the agent's " + Units.signedTime(agent) + ", ratio " + Units.ratio(ours / agent)));
	}

	private Aim nestingAim(double first, double tenth) {
		String description = "Nesting depth: added cost at depth 10 ≤ 10× added cost at depth 1";
		if (!Double.isFinite(first) || !Double.isFinite(tenth)) {
			return aim(Aim.notMeasured(description, "needs depth 1 and depth 10"));
		}
		String figure = (first > 0) ? "ratio " + Units.ratio(tenth / first)
				: "depth 1 " + Units.signedTime(first) + ", depth 10 " + Units.signedTime(tenth);
		return aim(Aim.of(description, tenth <= 10 * first, figure));
	}

	private void returnTypes() {
		List<String> order = List.of("syncUntraced", "syncObserved", "futureUntraced", "futureObserved", "monoUntraced",
				"monoObserved", "concurrent10Untraced", "concurrent10Observed");
		List<JmhRow> group = begin("Return types", "ReturnTypeBenchmark", order,
				"Cost of `@Observe` on synchronous, `CompletableFuture`, `Mono` and ten concurrent calls; each "
						+ "`xObserved` is compared with its `xUntraced`.");
		table(group, (method) -> method.endsWith("Observed") ? method.replaceFirst("Observed$", "Untraced") : null,
				List.of());
	}

	private void captureToggle() {
		List<JmhRow> group = begin("Capture on/off", "CaptureToggleBenchmark",
				List.of("untraced", "captureOn", "captureOff"),
				"Cost of capturing a 500 KB input and output compared with tracing without capture.");
		table(group, untraced(), List.of());
	}

	private void clientCreation() {
		List<JmhRow> group = begin("Client creation", "ClientCreationBenchmark",
				List.of("sharedClient", "clientPerCall"),
				"Cost of creating a client for every call instead of sharing one.");
		if (group.isEmpty()) {
			return;
		}
		UnaryOperator<String> rule = (method) -> "sharedClient";
		table(group, rule, List.of());
		JmhRow perCall = Rows.find(group, "clientPerCall");
		JmhRow shared = (perCall != null) ? Rows.baseline(perCall, group, rule) : null;
		String here = (shared != null) ? " Here " + p50(perCall) + " against " + p50(shared) + " ("
				+ Units.ratio(Rows.ratio(perCall, shared)) + ")." : "";
		study("35 ms per creation against 3 ms with a singleton (about 12×)." + here);
	}

	private void workflow() {
		List<JmhRow> group = begin("Workflow", "WorkflowBenchmark",
				List.of("untraced", "traced", "tracedUncompressed", "sampledOut", "untracedControl"),
				"One turn of the sample app's 16-step chatbot workflow (three parallel retrievals, five Spring AI "
						+ "chat calls and an embedding, a 200 KB state captured at the end), untraced, traced, "
						+ "traced with span export requests sent uncompressed (`langfuse.export.compression=none`: "
						+ "what gzip costs the turn), traced but sampled out, and untraced again as a control "
						+ "(`untracedControl`: the same code in forks of its own, so its ratio to untraced is the "
						+ "machine's and the JVMs', not tracing's). The fake model answers with latency 0 and in process: Spring AI's "
						+ "OpenAI client (the OpenAI Java SDK over OkHttp) builds and parses its JSON as with a real "
						+ "service, but an OkHttp interceptor hands each request to the sample's fake model on the "
						+ "calling thread, so no socket, HTTP server or thread hop is timed: over loopback, the "
						+ "sample's JDK HTTP server stalls model calls on Nagle's algorithm and delayed ACKs, which "
						+ "would hide everything else.");
		JmhRow untraced = Rows.find(group, "untraced");
		JmhRow control = Rows.find(group, "untracedControl");
		Aim sampledOut = aim(roundsRatioAim(
				"Workflow: sampled out within " + Units.ratio(WORKFLOW_SAMPLED_OUT_AIM_RATIO) + " of untraced",
				Rows.find(group, "sampledOut"), untraced, control, WORKFLOW_SAMPLED_OUT_AIM_RATIO));
		Aim traced = aim(
				roundsRatioAim("Workflow: traced within " + Units.ratio(WORKFLOW_TRACED_AIM_RATIO) + " of untraced",
						Rows.find(group, "traced"), untraced, control, WORKFLOW_TRACED_AIM_RATIO));
		if (group.isEmpty()) {
			return;
		}
		Function<JmhRow, Double> cpu = (row) -> metric(row, "cpuNanosPerOp");
		Function<JmhRow, Double> warming = (row) -> metric(row, "warmingNanosPerOp");
		table(group, untraced(), List.of(new Column("CPU/op, Java threads", (row) -> Units.time(cpu.apply(row))),
				new Column("CPU ratio to untraced", (row) -> Units.ratio(cpu.apply(row) / cpu.apply(untraced))),
				new Column("CPU/op, caller threads", (row) -> Units.time(metric(row, "callerCpuNanosPerOp"))),
				new Column("CPU/op, Langfuse threads", (row) -> Units.time(metric(row, "langfuseCpuNanosPerOp"))),
				new Column("mean turn, seconds 20 to 30", (row) -> Units.time(warming.apply(row))), new Column(
						"its ratio to untraced", (row) -> Units.ratio(warming.apply(row) / warming.apply(untraced)))));
		append("CPU/op is the CPU time of the fork's Java threads per turn over the measurement iterations (the "
				+ "workflow's, its executor's, the exporter's and the loopback collector's; not the JIT compiler's or "
				+ "the GC's, whose part of the tracing cost Alloc/op shows instead), from the benchmark's extras (mean "
				+ "over forks). It leaves out the time spent waiting for a core, which p50 includes on a shared "
				+ "machine. Both depend on the warm-up, 60 × 2 s in each fork here: a turn's first 15 s run two "
				+ "to four times slower while the JIT compiles the application's stack, and the traced process, with "
				+ "more code for the same single C2 compiler thread, reaches its steady state about a minute and a half "
				+ "into the fork, against under a minute untraced. The last two columns show that start: the mean "
				+ "turn over seconds 20 to 30 of each fork (mean over forks), which the measurement iterations timed "
				+ "until this warm-up was lengthened. The aims below use p50 of the steady state; `PROFILES.md` shows where the traced and sampled-out turns' CPU goes. Of it, the caller "
				+ "threads' part is the benchmark thread's and the application task executor's (`task-*`), which run the "
				+ "turn and wait for it; the Langfuse threads' part is the starter's own (`langfuse-*`: export, media "
				+ "upload), where deferred capture moves serialization: a cost moved there shows in that column, not "
				+ "hidden. A dash: the run predates these columns.");
		forksByRound(group, untraced);
		controlLine(untraced, control);
		aimLine(sampledOut);
		aimLine(traced);
	}

	/**
	 * A table of each fork's p50 by round, with its ratio to the same round's untraced
	 * fork, when every row has the same number of forks, more than one.
	 */
	private void forksByRound(List<JmhRow> group, JmhRow untraced) {
		if (untraced == null) {
			return;
		}
		int rounds = untraced.forkMedians().size();
		Map<JmhRow, List<Double>> ratios = new LinkedHashMap<>();
		group.forEach((row) -> ratios.put(row, Rows.roundRatios(row, untraced)));
		if (rounds < 2 || ratios.values().stream().anyMatch((rowRatios) -> rowRatios.size() != rounds)) {
			return;
		}
		List<String> headers = new ArrayList<>(List.of("Round"));
		group.forEach((row) -> headers.add(row.method()));
		MarkdownTable table = new MarkdownTable(headers);
		for (int round = 0; round < rounds; round++) {
			List<String> cells = new ArrayList<>(List.of(String.valueOf(round + 1)));
			for (JmhRow row : group) {
				cells.add(Units.time(row.forkMedianNanos().get(round))
						+ ((row == untraced) ? "" : " (" + Units.ratio(ratios.get(row).get(round)) + ")"));
			}
			table.row(cells);
		}
		List<String> medians = new ArrayList<>(List.of("median"));
		for (JmhRow row : group) {
			medians.add(Units.time(StartupRuns.median(row.forkMedianNanos()))
					+ ((row == untraced) ? "" : " (" + Units.ratio(StartupRuns.median(ratios.get(row))) + ")"));
		}
		table.row(medians);
		append("**Forks by round.** The suite runs the variants' forks in rounds of one fork of each, the order "
				+ "rotated by one each round, so that a drift of the machine over the run falls on every variant "
				+ "alike. p50 of each fork's turns, and in brackets its ratio to the same round's untraced fork; the "
				+ "last row has the median fork and the median of the rounds' ratios. The aims below are judged on "
				+ "the rounds: the median of the rounds' ratios, with the smallest and largest ratio as its "
				+ "interval, which holds the median of such ratios with probability 1 − 2^(1 − n) for n rounds ("
				+ rangeConfidence(rounds) + " for these " + rounds + ") however far apart the forks lie. "
				+ "JMH's error on all forks' turns taken together treats every turn as independent and so does not count the forks' spread; the p50 of "
				+ "all forks' turns is shown beside it.");
		append(table.render());
	}

	/**
	 * What the untraced workflow measured against itself, round by round, when both rows
	 * have the same rounds.
	 */
	private void controlLine(JmhRow untraced, JmhRow control) {
		List<Double> ratios = Rows.roundRatios(control, untraced);
		if (ratios.isEmpty()) {
			return;
		}
		append("**The control.** `" + control.method() + "` runs the untraced workflow in forks of its own, so its "
				+ "ratio to the same round's untraced fork is what two forks of the same code measure on this machine: "
				+ "median of " + ratios.size() + " rounds' ratios " + Units.ratio(StartupRuns.median(ratios))
				+ ", range " + range(ratios) + ". A variant whose rounds' ratios lie within that range cannot be "
				+ "told from untraced by this run, and an aim whose limit lies within it cannot be shown met here, "
				+ "whatever the code: a tracer that cost nothing would measure as the control does.");
	}

	private void batching() {
		List<JmhRow> group = begin("Batching", "BatchingBenchmark", List.of("exportQueued", "produceAndFlush"),
				"`traces` traces of five spans (a root and four children, each with a captured input and output) "
						+ "sent to a loopback server with the default batch (512 spans) and queue sizes, single shot. "
						+ "`exportQueued` queues the spans of those traces, finished beforehand, into the span "
						+ "pipeline the client builds (its queue, its one export thread, encoder and HTTP transport) "
						+ "and flushes: the time runs from the first span queued to the last one delivered, so its "
						+ "throughput is the exporter's own, on one exporting thread (the loopback server still "
						+ "shares the cores). `produceAndFlush` produces the traces with the client on the "
						+ "benchmark thread, then flushes: production and export overlap, so its throughput is the "
						+ "whole path's. Throughput = spans per operation ÷ p50 time.");
		Aim aim = batchingAim(Rows.find(group, "exportQueued", "traces", "1000"));
		if (!group.isEmpty()) {
			table(group, (method) -> null, List.of());
			MarkdownTable batches = new MarkdownTable("Benchmark", "Traces", "p50 (score)", "Requests/op", "Spans/op",
					"Throughput (spans/s)", "Body bytes/span", "Export thread CPU/span", "Dropped");
			for (JmhRow row : group) {
				batches.row(row.method(), row.params().getOrDefault("traces", Units.DASH), p50(row),
						Units.rate(metric(row, "requestsPerOp")), Units.rate(metric(row, "spansPerOp")),
						Units.rate(spansPerSecond(row)), perSpan(metric(row, "bodyBytesPerSpan")),
						Units.time(metric(row, "exportCpuNanosPerSpan")), Units.rate(metric(row, "dropped")));
			}
			append(batches.render());
			append("Requests, spans, gzip body bytes, the export thread's CPU time and drops come from the "
					+ "benchmark's extras (measurement iterations only, mean over forks). The CPU time is the export thread's own "
					+ "(JVM thread CPU clock: queue, encoding, and its part of each HTTP exchange); the JDK HTTP "
					+ "client's threads and the loopback server are not in it. It does not depend on how busy the "
					+ "machine is the way the wall time does: one core could export 10⁹ ÷ that many spans per "
					+ "second if the round trips were free.");
			aimLine(aim);
		}
		exportEncoding();
	}

	private Aim batchingAim(JmhRow row) {
		String description = "Exporter: ≥ " + Units.rate(BATCHING_AIM_SPANS_PER_SECOND)
				+ " spans/s from queued to delivered on one export thread (`exportQueued`, 1000 traces of 5 spans), "
				+ "none dropped";
		double throughput = spansPerSecond(row);
		double dropped = metric(row, "dropped");
		if (!Double.isFinite(throughput) || !Double.isFinite(dropped)) {
			return aim(Aim.notMeasured(description,
					"needs the `exportQueued` 1000-traces row and its `spansPerOp` and `dropped` extras"));
		}
		return aim(Aim.of(description, throughput >= BATCHING_AIM_SPANS_PER_SECOND && dropped == 0,
				Units.rate(throughput) + " spans/s, " + Units.rate(dropped) + " dropped"));
	}

	private void exportEncoding() {
		List<JmhRow> group = rowsOf("ExportEncodingBenchmark",
				List.of("marshal", "gzip", "encode", "encodePerRequest"));
		if (group.isEmpty()) {
			append("**Encoding** (`ExportEncodingBenchmark`): not in this run.");
			return;
		}
		append("**Encoding on the export thread** (`ExportEncodingBenchmark`, average time, the batching "
				+ "benchmark's spans): `marshal` is the OTLP protobuf alone, `gzip` compresses a marshaled full "
				+ "batch at each level with a kept deflater, `encode` is the exporter's encoder (both, streamed, at its "
				+ "default level, with its marshaler, deflater and buffer kept across requests) and "
				+ "`encodePerRequest` the encoding it replaced (a new marshaler, gzip stream and buffers per request, "
				+ "level 6). Bytes per span are the protobuf's and the gzip body's.");
		MarkdownTable table = new MarkdownTable("Step", "Spans", "Level", "Time/request", "Time/span", "Alloc/span",
				"Protobuf B/span", "Body B/span");
		for (JmhRow row : group) {
			double spans = spansOf(row);
			table.row(row.method(), Double.isFinite(spans) ? String.valueOf((long) spans) : Units.DASH,
					row.params().getOrDefault("level", Units.DASH), Units.time(row.meanNanos()),
					Units.time(row.meanNanos() / spans), Units.bytes(row.allocatedBytes() / spans),
					perSpan(metric(row, "protobufBytesPerSpan")), perSpan(metric(row, "bodyBytesPerSpan")));
		}
		append(table.render());
		JmhRow fastest = Rows.find(group, "gzip", "level", "1");
		JmhRow standard = Rows.find(group, "gzip", "level", "6");
		if (fastest != null && standard != null) {
			double fastBytes = metric(fastest, "bodyBytesPerSpan");
			double standardBytes = metric(standard, "bodyBytesPerSpan");
			append("Gzip level 6 (the JDK's default) sends " + Units.percent(100 * (1 - standardBytes / fastBytes))
					+ " fewer bytes than level 1 (" + Units.number(standardBytes) + " against "
					+ Units.number(fastBytes) + " B/span) for " + Units.ratio(Rows.ratio(standard, fastest))
					+ " its compression time; the exporter compresses at level 1.");
		}
	}

	private static String perSpan(double bytes) {
		return Double.isFinite(bytes) ? Units.number(bytes) : Units.DASH;
	}

	private double spansOf(JmhRow row) {
		String spans = row.params().get("spans");
		return (spans != null) ? Rows.numeric(spans).orElse(Double.NaN) : metric(row, "spans");
	}

	private void throughput() throws IOException {
		List<JmhRow> group = begin("Producer threads", "ThroughputBenchmark",
				List.of("producers1", "producers2", "producers4"),
				"Observations produced per second across all producer threads, and how many the exporter "
						+ "delivered or dropped meanwhile.");
		if (group.isEmpty()) {
			return;
		}
		MarkdownTable table = new MarkdownTable("Benchmark", "Params", "Threads", "Produced/s (mean ± error)",
				"Exported/s", "Exported", "Dropped");
		List<Point> produced = new ArrayList<>();
		List<Point> exported = new ArrayList<>();
		for (JmhRow row : group) {
			table.row(row.method(), row.paramsText(), String.valueOf(row.threads()), mean(row),
					Units.rate(metric(row, "exportedPerSecond")), Units.rate(metric(row, "exported")),
					Units.rate(metric(row, "dropped")));
			produced.add(new Point(row.threads(), row.isThroughput() ? row.perSecond() : Double.NaN));
			exported.add(new Point(row.threads(), metric(row, "exportedPerSecond")));
		}
		append(table.render());
		append("Produced/s is JMH's throughput score; exported/s, exported and dropped come from the "
				+ "benchmark's extras (mean over forks).");
		Comparator<Point> byThreads = Comparator.comparingDouble(Point::x);
		chart("throughput.svg", "Throughput against producer threads",
				SvgChart.line("Throughput against producer threads", "producer threads", "observations per second",
						false, List.of(new Series("produced/s", produced.stream().sorted(byThreads).toList()),
								new Series("exported/s", exported.stream().sorted(byThreads).toList()))));
	}

	private void peers() throws IOException {
		List<String> order = List.of("baseline", "langfuseCaptureOff", "langfuseCaptureOn", "langfuseApiNoCapture",
				"otelSdkSpan", "micrometerObserved");
		List<JmhRow> group = new ArrayList<>(begin("Peers", "PeersBenchmark", order,
				"The same trivial method traced by this library and by its peers."));
		UnaryOperator<String> rule = (method) -> "baseline";
		Aim aim = peersAim(group, rule);
		Aim sdk = aim(
				peerRatioAim(group, rule, "otelSdkSpan", "the direct OpenTelemetry SDK span", SDK_SPAN_AIM_RATIO));
		List<String> agentMethods = List.of("baseline", "agentWithSpan");
		List<JmhRow> agent = rowsOf("AgentPeerBenchmark", agentMethods).stream()
			.filter((row) -> agentMethods.contains(row.method()))
			.toList();
		List<JmhRow> withAgent = new ArrayList<>(group);
		withAgent.addAll(agent);
		Aim agentAim = aim(peerRatioAim(withAgent, rule, "agentWithSpan", "the OpenTelemetry Java agent's `@WithSpan`",
				AGENT_AIM_RATIO));
		if (group.isEmpty()) {
			return;
		}
		table(group, rule, List.of());
		append("Like is compared with like: `langfuseCaptureOff` is the fair comparison to peers that capture "
				+ "nothing; `langfuseCaptureOn` additionally serialises input and output.");
		if (!agent.isEmpty()) {
			append("The OpenTelemetry Java agent (`AgentPeerBenchmark`) runs in its own JMH fork started with "
					+ "`-javaagent`, against a `baseline` measured in that same fork, exporting OTLP/HTTP to the "
					+ "same loopback collector. `agentWithSpan` is a `@WithSpan` method: the agent captures no "
					+ "arguments and no return value, so compare it with `langfuseCaptureOff`.");
			table(agent, rule, List.of(), (row) -> "agent: " + row.method());
			group.addAll(agent);
		}
		aimLine(aim);
		aimLine(sdk);
		aimLine(agentAim);
		List<Bar> bars = new ArrayList<>();
		for (JmhRow row : group) {
			double added = Rows.added(row, Rows.baseline(row, group, rule));
			if (Double.isFinite(added)) {
				bars.add(new Bar(row.method() + paramsSuffix(row), added, Units.signedTime(added)));
			}
		}
		if (!bars.isEmpty()) {
			double largest = bars.stream().mapToDouble((b) -> Math.abs(b.value())).max().orElse(0);
			Units.TimeScale scale = Units.scaleFor(largest);
			List<Bar> scaled = bars.stream()
				.map((b) -> new Bar(b.label(), b.value() / scale.divisor(), b.valueLabel()))
				.toList();
			chart("peers.svg", "Added cost per library",
					SvgChart.bars("Added cost over the baseline, p50", "added cost (" + scale.unit() + ")", scaled));
		}
	}

	private void jsPeer() {
		JsPeerSection section = new JsPeerSection(rowsOf("BasicsBenchmark", List.of()), this.extras);
		String markdown = section.render();
		section.aims().forEach(this::aim);
		append(markdown);
	}

	private Aim peersAim(List<JmhRow> group, UnaryOperator<String> rule) {
		String description = "Peers: no peer cheaper than `langfuseCaptureOff`";
		JmhRow ours = Rows.find(group, "langfuseCaptureOff");
		double oursAdded = Rows.added(ours, (ours != null) ? Rows.baseline(ours, group, rule) : null);
		JmhRow cheapest = group.stream()
			.filter((row) -> List.of("otelSdkSpan", "micrometerObserved").contains(row.method()))
			.filter((row) -> Double.isFinite(Rows.added(row, Rows.baseline(row, group, rule))))
			.min(Comparator.comparingDouble((row) -> Rows.added(row, Rows.baseline(row, group, rule))))
			.orElse(null);
		if (!Double.isFinite(oursAdded) || cheapest == null) {
			return aim(Aim.notMeasured(description, "needs `baseline`, `langfuseCaptureOff` and at least one peer"));
		}
		double peerAdded = Rows.added(cheapest, Rows.baseline(cheapest, group, rule));
		return aim(Aim.of(description, peerAdded >= oursAdded, "`langfuseCaptureOff` " + Units.signedTime(oursAdded)
				+ "; cheapest peer `" + cheapest.method() + "` " + Units.signedTime(peerAdded)));
	}

	private Aim peerRatioAim(List<JmhRow> group, UnaryOperator<String> rule, String peer, String name, double limit) {
		String description = "Peers: `langfuseCaptureOff` adds ≤ " + Units.ratio(limit) + " what " + name + " adds";
		JmhRow ours = Rows.find(group, "langfuseCaptureOff");
		JmhRow theirs = Rows.find(group, peer);
		double oursAdded = Rows.added(ours, (ours != null) ? Rows.baseline(ours, group, rule) : null);
		double theirsAdded = Rows.added(theirs, (theirs != null) ? Rows.baseline(theirs, group, rule) : null);
		if (!Double.isFinite(oursAdded) || !Double.isFinite(theirsAdded) || theirsAdded <= 0) {
			return Aim.notMeasured(description, "needs `langfuseCaptureOff`, `" + peer + "` and their baselines");
		}
		return Aim.of(description, oursAdded <= limit * theirsAdded,
				"`langfuseCaptureOff` " + Units.signedTime(oursAdded) + ", `" + peer + "` "
						+ Units.signedTime(theirsAdded) + ", ratio " + Units.ratio(oursAdded / theirsAdded));
	}

	private void profiles() {
		if (this.profiles == null || this.profiles.isBlank()) {
			return;
		}
		heading("Profiles");
		append("Included from the committed `" + PROFILES_FILE + "`, which states how each profile was taken; it is "
				+ "not regenerated by the benchmark run.");
		append(this.profiles.strip().replaceAll("(?m)^(#+) ", "##$1 "));
	}

	private void startup() {
		Aim keysTime = startupTimeAim("WEB", "KEYS", STARTUP_AIM_KEYS_NANOS, "with keys set");
		Aim keysMemory = startupMemoryAim();
		Aim disabled = startupTimeAim("WEB", "DISABLED", STARTUP_AIM_OFF_NANOS, "with `langfuse.enabled=false`");
		Aim noKeys = startupTimeAim("WEB", "NO_KEYS", STARTUP_AIM_OFF_NANOS, "with no keys");
		Aim infoLines = startupLogAim();
		if (this.startup.isEmpty()) {
			append("**Startup** (`StartupLauncher`): not in this run.");
			return;
		}
		heading("Startup");
		append("Whole processes, a fresh JVM each run: process start, context ready, one `@Observe` call, graceful "
				+ "close, exit. The same application (one `@Service`) is launched as a web application "
				+ "(`spring-boot-starter-webmvc`) and a non-web one (`spring-boot-starter`), without the starter "
				+ "and with it (keys set and exporting to a loopback collector, `langfuse.enabled=false`, no keys); "
				+ "configurations alternate run by run. Wall time, CPU time (all threads, user and system, in 10 ms "
				+ "ticks) and peak RSS (`VmHWM`), the last two read by the application just before it exits, are "
				+ "medians; added and ratio compare with the same application without the starter. The aims are "
				+ "judged on wall time; on a loaded machine CPU time is the steadier figure.");
		MarkdownTable table = new MarkdownTable("Application", "Configuration", "Runs", "Wall time (median)", "Added",
				"Ratio", "CPU time (median)", "Added CPU", "Peak RSS (median)", "Added RSS",
				"Starter INFO lines at startup");
		for (StartupRuns.Group group : this.startup.groups()) {
			StartupRuns.Group baseline = this.startup.find(group.app(), "WITHOUT");
			boolean isBaseline = group == baseline;
			double added = startupAdded(group);
			double addedMemory = startupAddedMegabytes(group);
			table.row(group.appLabel(), group.variantLabel(), String.valueOf(group.runs()),
					Units.time(group.medianWallNanos()), isBaseline ? "(baseline)" : Units.signedTime(added),
					isBaseline ? "1×" : Units.ratio(group.medianWallNanos() / baselineNanos(group)),
					Units.time(group.medianCpuNanos()),
					isBaseline ? "(baseline)" : Units.signedTime(startupAddedCpu(group)),
					megabytes(group.medianPeakRssMegabytes()), isBaseline ? "(baseline)" : signedMegabytes(addedMemory),
					isBaseline ? Units.DASH : String.valueOf(group.mostStarterInfoLines()));
		}
		append(table.render());
		append("Starter INFO lines are the most any run of the configuration logged from `io.github.lfwire.langfuse` "
				+ "loggers before the application reported it had started.");
		aimLine(keysTime);
		aimLine(keysMemory);
		aimLine(disabled);
		aimLine(noKeys);
		aimLine(infoLines);
		if (!this.startup.unreadableLines().isEmpty()) {
			append("Unreadable startup lines skipped: " + this.startup.unreadableLines());
		}
	}

	private Aim startupTimeAim(String app, String variant, double limitNanos, String condition) {
		String description = "Startup: the starter adds ≤ " + Units.time(limitNanos) + " to the web application "
				+ condition;
		StartupRuns.Group group = this.startup.find(app, variant);
		double added = (group != null) ? startupAdded(group) : Double.NaN;
		if (!Double.isFinite(added)) {
			return aim(Aim.notMeasured(description, "needs the web application with and without the starter"));
		}
		return aim(Aim.of(description, added <= limitNanos, "added " + Units.signedTime(added) + " ("
				+ Units.ratio(group.medianWallNanos() / baselineNanos(group)) + ")"));
	}

	private Aim startupMemoryAim() {
		String description = "Startup: the starter adds ≤ " + megabytes(STARTUP_AIM_KEYS_MEGABYTES)
				+ " peak RSS to the web application with keys set";
		StartupRuns.Group group = this.startup.find("WEB", "KEYS");
		double added = (group != null) ? startupAddedMegabytes(group) : Double.NaN;
		if (!Double.isFinite(added)) {
			return aim(Aim.notMeasured(description,
					"needs the peak RSS of the web application with and without " + "the starter"));
		}
		return aim(Aim.of(description, added <= STARTUP_AIM_KEYS_MEGABYTES, "added " + signedMegabytes(added)));
	}

	private Aim startupLogAim() {
		String description = "Startup: the starter logs ≤ " + STARTUP_AIM_INFO_LINES + " line at INFO while the "
				+ "application starts";
		List<StartupRuns.Group> withStarter = this.startup.groups()
			.stream()
			.filter((group) -> !group.variant().equals("WITHOUT"))
			.toList();
		if (withStarter.isEmpty()) {
			return aim(Aim.notMeasured(description, "no startup run with the starter"));
		}
		int most = withStarter.stream().mapToInt(StartupRuns.Group::mostStarterInfoLines).max().orElse(0);
		return aim(Aim.of(description, most <= STARTUP_AIM_INFO_LINES, "at most " + most + " in any run"));
	}

	private double startupAdded(StartupRuns.Group group) {
		return group.medianWallNanos() - baselineNanos(group);
	}

	private double startupAddedCpu(StartupRuns.Group group) {
		StartupRuns.Group baseline = this.startup.find(group.app(), "WITHOUT");
		return (baseline != null) ? group.medianCpuNanos() - baseline.medianCpuNanos() : Double.NaN;
	}

	private double baselineNanos(StartupRuns.Group group) {
		StartupRuns.Group baseline = this.startup.find(group.app(), "WITHOUT");
		return (baseline != null) ? baseline.medianWallNanos() : Double.NaN;
	}

	private double startupAddedMegabytes(StartupRuns.Group group) {
		StartupRuns.Group baseline = this.startup.find(group.app(), "WITHOUT");
		return (baseline != null) ? group.medianPeakRssMegabytes() - baseline.medianPeakRssMegabytes() : Double.NaN;
	}

	private static String megabytes(double megabytes) {
		return Double.isFinite(megabytes) ? Units.number(megabytes) + " MB" : Units.DASH;
	}

	private static String signedMegabytes(double megabytes) {
		return (megabytes > 0) ? "+" + megabytes(megabytes) : megabytes(megabytes);
	}

	private void other() {
		List<JmhRow> group = this.rows.stream()
			.filter((row) -> !isKnown(row))
			.sorted(Comparator.comparing(JmhRow::className).thenComparing(Rows.order(List.of("baseline"))))
			.toList();
		if (group.isEmpty()) {
			return;
		}
		heading("Other");
		append("Benchmarks this report has no dedicated section for; each is compared with a `baseline` method "
				+ "of its own class when there is one.");
		table(group, (method) -> "baseline", List.of(), Sections::shortName);
	}

	private List<JmhRow> rowsOf(String simpleClass, List<String> order) {
		return this.rows.stream()
			.filter((row) -> row.className().equals(PACKAGE + simpleClass))
			.sorted(Rows.order(order))
			.toList();
	}

	private List<JmhRow> begin(String title, String simpleClass, List<String> order, String sentence) {
		List<JmhRow> group = rowsOf(simpleClass, order);
		if (group.isEmpty()) {
			append("**" + title + "** (`" + simpleClass + "`): not in this run.");
		}
		else {
			heading(title);
			append(sentence);
		}
		return group;
	}

	private void table(List<JmhRow> group, UnaryOperator<String> rule, List<Column> extra) {
		table(group, rule, extra, JmhRow::method);
	}

	private void table(List<JmhRow> group, UnaryOperator<String> rule, List<Column> extra,
			Function<JmhRow, String> name) {
		if (group.isEmpty()) {
			return;
		}
		List<String> headers = new ArrayList<>(List.of("Benchmark", "Params", "Mode", "p50", "p99", "p99.9",
				"Mean ± error", "Alloc/op", "Added vs baseline (p50)", "Ratio to baseline (p50)"));
		extra.forEach((column) -> headers.add(column.header()));
		MarkdownTable table = new MarkdownTable(headers);
		for (JmhRow row : group) {
			JmhRow baseline = Rows.baseline(row, group, rule);
			boolean isBaseline = baseline == null
					&& group.stream().anyMatch((other) -> Rows.baseline(other, group, rule) == row);
			List<String> cells = new ArrayList<>(
					List.of(name.apply(row), row.paramsText(), mode(row), p50(row), Units.time(row.p99Nanos()),
							Units.time(row.p999Nanos()), mean(row), Units.bytes(row.allocatedBytes()),
							isBaseline ? "(baseline)" : Units.signedTime(Rows.added(row, baseline)),
							isBaseline ? "1×" : Units.ratio(Rows.ratio(row, baseline))));
			extra.forEach((column) -> cells.add(column.cell().apply(row)));
			table.row(cells);
		}
		append(table.render());
	}

	private Aim aim(Aim aim) {
		this.aims.add(aim);
		return aim;
	}

	private void aimLine(Aim aim) {
		append(aim.line());
	}

	private static JmhRow untracedFor(JmhRow observed, List<JmhRow> group, String param, String value) {
		return (observed != null) ? Rows.baseline(observed, group, untraced())
				: Rows.find(group, "untraced", param, value);
	}

	private static String addedCostChart(String title, String xTitle, boolean logX, List<Point> nanos) {
		Units.TimeScale scale = Units.scaleFor(
				nanos.stream().mapToDouble((point) -> Math.abs(point.y())).filter(Double::isFinite).max().orElse(0));
		List<Point> scaled = nanos.stream().map((point) -> new Point(point.x(), point.y() / scale.divisor())).toList();
		return SvgChart.line(title, xTitle, "added cost, p50 (" + scale.unit() + ")", logX,
				List.of(new Series("observed − untraced (p50)", scaled)));
	}

	private void chart(String file, String alt, String svg) throws IOException {
		Files.writeString(this.charts.resolve(file), svg, StandardCharsets.UTF_8);
		append("![" + alt + "](charts/" + file + ")");
	}

	private void study(String figures) {
		append("Study (Python SDK), for comparison: " + figures);
	}

	private void heading(String title) {
		append("## " + title);
	}

	private void append(String text) {
		this.markdown.append(text.strip()).append("\n\n");
	}

	private double metric(JmhRow row, String name) {
		return (row != null) ? this.extras.metric(row, name) : Double.NaN;
	}

	private double spansPerSecond(JmhRow row) {
		return metric(row, "spansPerOp") / (p50Nanos(row) / 1e9);
	}

	private static UnaryOperator<String> untraced() {
		return (method) -> "untraced";
	}

	private static boolean isKnown(JmhRow row) {
		return row.className().startsWith(PACKAGE)
				&& KNOWN_CLASSES.contains(row.className().substring(PACKAGE.length()));
	}

	private static boolean isBytes(String value, double bytes) {
		return value != null && Rows.bytes(value).orElse(Double.NaN) == bytes;
	}

	private static double p50Nanos(JmhRow row) {
		return (row != null) ? row.p50Nanos() : Double.NaN;
	}

	private static String shortName(JmhRow row) {
		return row.benchmark().startsWith(PACKAGE) ? row.benchmark().substring(PACKAGE.length()) : row.benchmark();
	}

	private static String beyondError(JmhRow row, JmhRow baseline) {
		if (row == null || baseline == null) {
			return Units.DASH;
		}
		double error = Rows.combinedError(row, baseline);
		if (!Double.isFinite(error)) {
			return Units.DASH;
		}
		return (Math.abs(Rows.added(row, baseline)) > error) ? "yes" : "no";
	}

	private static String p50(JmhRow row) {
		return (row != null && row.isTime()) ? Units.time(row.p50Nanos()) : Units.DASH;
	}

	private static String mean(JmhRow row) {
		if (row.isTime()) {
			return Units.timeWithError(row.meanNanos(), row.errorNanos());
		}
		if (row.isThroughput()) {
			return Units.rateWithError(row.perSecond(), row.errorPerSecond());
		}
		return Units.number(row.score()) + " ± " + Units.number(row.scoreError()) + " " + row.unit();
	}

	private static String mode(JmhRow row) {
		return (row.threads() > 1) ? row.mode() + ", " + row.threads() + " threads" : row.mode();
	}

	private static String paramsSuffix(JmhRow row) {
		return row.params().isEmpty() ? "" : " (" + row.paramsText() + ")";
	}

	/**
	 * An extra table column.
	 *
	 * @param header column title
	 * @param cell text for a row
	 */
	private record Column(String header, Function<JmhRow, String> cell) {
	}

}
