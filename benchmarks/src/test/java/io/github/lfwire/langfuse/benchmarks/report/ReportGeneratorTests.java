package io.github.lfwire.langfuse.benchmarks.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIOException;

class ReportGeneratorTests {

	private static final List<String> SECTIONS = List.of("Basics", "Function duration", "Payload size", "Capture",
			"Nesting depth", "Return types", "Capture on/off", "Client creation", "Workflow", "Batching",
			"Producer threads", "Peers", "The Langfuse JS SDK on the same payloads", "Startup", "Other");

	@TempDir
	Path directory;

	@Test
	void everyGroupIsPresentInOrderWithItsRows() throws IOException {
		String report = generate(fullRun(), "full");
		assertThat(report).containsSubsequence(SECTIONS.stream().map((title) -> "\n## " + title + "\n").toList());
		assertThat(report).doesNotContain("not in this run");
		assertThat(rowNames(section(report, "Basics"))).containsExactly("baseline", "apiSpan", "apiSpanInTrace",
				"apiGeneration", "observeSpan", "observeCaptureOff", "observeSampledOut", "observeGeneration",
				"baselineMap", "observeMap", "baselineMapOver50KB", "observeMapOver50KB");
		assertThat(rowNames(section(report, "Return types"))).containsExactly("syncUntraced", "syncObserved",
				"futureUntraced", "futureObserved", "monoUntraced", "monoObserved", "concurrent10Untraced",
				"concurrent10Observed");
		assertThat(rowNames(section(report, "Peers"))).containsExactly("baseline", "langfuseCaptureOff",
				"langfuseCaptureOn", "otelSdkSpan", "micrometerObserved");
		assertThat(rowNames(section(report, "Capture"))).containsExactly("objectMapperFits", "captureFits",
				"captureOver500KB", "captureOver5MB", "objectMapperMapFits", "captureMapFits", "captureMapOver50KB",
				"captureMapOver500KB");
		assertThat(rowNames(section(report, "Workflow"))).containsExactly("untraced", "traced", "tracedUncompressed",
				"sampledOut");
	}

	@Test
	void addedCostAndRatioAreMediansAgainstTheBaseline() throws IOException {
		String basics = section(generate(fullRun(), "full"), "Basics");
		assertThat(cells(basics, "baseline")).containsExactly("baseline", "—", "sample", "100 ns", "300 ns", "400 ns",
				"110 ± 10 ns", "—", "(baseline)", "1×", "", "");
		assertThat(cells(basics, "observeSpan")).containsExactly("observeSpan", "—", "sample", "1.10 µs", "3.30 µs",
				"4.40 µs", "1.21 ± 0.11 µs", "—", "+1.00 µs", "11.0×", "≤ 1.00 µs", "within noise");
		assertThat(cells(basics, "observeCaptureOff")).endsWith("1.19 KB", "+1.50 µs", "16.0×", "", "");
		assertThat(cells(basics, "observeSampledOut")).endsWith("+150 ns", "2.50×", "≤ 150 ns", "within noise");
	}

	@Test
	void tailAndAllocationAimsUseTheSampledPercentilesAndTheGcProfiler() throws IOException {
		String report = generate(fullRun(), "full");
		assertThat(report).contains("- **met**: Tail: `observeSpan` p99 ≤ 10.0 µs — p99 3.30 µs")
			.contains("- **not met**: Allocation: `observeCaptureOff` ≤ 600 B/op — 1.19 KB/op");
		assertThat(cells(section(report, "Payload size"), "observed")).contains("—");
		assertThat(report).contains("**p99** and **p99.9**").contains("**Alloc/op**");
	}

	@Test
	void percentilesAreLeftOutForModesWithoutSamples() throws IOException {
		String peers = section(generate(fullRun(), "full"), "Peers");
		assertThat(cells(peers, "otelSdkSpan")).containsSequence("avgt", "405 ns", "—", "—");
	}

	@Test
	void captureAimsCompareFitsWithTheMapperAndTheSlowerOverLimitValueWithFits() throws IOException {
		String report = generate(fullRun(), "full");
		assertThat(cells(section(report, "Capture"), "captureFits")).endsWith("+10.0 µs", "1.20×");
		assertThat(cells(section(report, "Capture"), "captureOver5MB")).endsWith("+18.0 µs", "1.30×");
		assertThat(report)
			.contains("- **within noise**: Capture: a value that fits ≤ 1.25× plain "
					+ "`ObjectMapper.writeValueAsBytes` — `captureFits` 60.0 µs against `objectMapperFits` 50.0 µs, "
					+ "ratio 1.20× (99.9 % interval 0.982× to 1.47×)")
			.contains("- **within noise**: Capture: a value over the limit ≤ 1.25× a value that just fits — "
					+ "`captureOver5MB` 78.0 µs against `captureFits` 60.0 µs, ratio 1.30× (99.9 % interval 1.06× to "
					+ "1.59×)");
	}

	@Test
	void mapAimsCompareAFittingMapWithTheMapperACutMapWithAFittingOneAndObserveMapWithItsUntracedCall()
			throws IOException {
		String report = generate(fullRun(), "full");
		assertThat(cells(section(report, "Capture"), "captureMapFits")).endsWith("+5.00 µs", "1.10×");
		assertThat(cells(section(report, "Capture"), "captureMapOver500KB")).endsWith("+27.5 µs", "1.50×");
		assertThat(cells(section(report, "Basics"), "observeMap")).endsWith("+3.00 µs", "5.00×", "≤ 2.00 µs", "no");
		assertThat(cells(section(report, "Basics"), "baselineMap")).contains("(baseline)");
		assertThat(report)
			.contains("- **within noise**: Capture: a JSON-like map that fits ≤ 1.15× plain "
					+ "`ObjectMapper.writeValueAsBytes` — `captureMapFits` 55.0 µs against `objectMapperMapFits` "
					+ "50.0 µs, ratio 1.10×")
			.contains("Capture: a JSON-like map cut at the limit ≤ 1.25× a map that fits — `captureMapOver500KB` "
					+ "82.5 µs against `captureMapFits` 55.0 µs, ratio 1.50×")
			.contains("- **not met**: Basics: `observeMap` (a 526 B map captured) adds ≤ 2.00 µs — added +3.00 µs");
		JmhFixture precise = new JmhFixture()
			.row("CaptureBenchmark.objectMapperMapFits", "avgt", "us/op", 1, 50, "0.05", 50)
			.row("CaptureBenchmark.captureMapFits", "avgt", "us/op", 1, 52, "0.05", 52)
			.row("CaptureBenchmark.captureMapOver50KB", "avgt", "us/op", 1, 80, "0.05", 80)
			.row("BasicsBenchmark.baselineMap", "avgt", "ns/op", 1, 10, "1", 10)
			.row("BasicsBenchmark.observeMap", "avgt", "ns/op", 1, 1500, "1", 1500);
		assertThat(generate(precise, "full"))
			.contains("- **met**: Capture: a JSON-like map that fits ≤ 1.15× plain `ObjectMapper.writeValueAsBytes`")
			.contains("- **not met**: Capture: a JSON-like map cut at the limit ≤ 1.25× a map that fits")
			.contains("- **met**: Basics: `observeMap` (a 526 B map captured) adds ≤ 2.00 µs");
	}

	@Test
	void workflowAimsAreRatiosToUntraced() throws IOException {
		String report = generate(fullRun(), "full");
		assertThat(report)
			.contains("- **within noise**: Workflow: sampled out within 1.02× of untraced — `sampledOut` "
					+ "2.01 ms against `untraced` 2.00 ms, ratio 1.01× (99.9 % interval 0.822× to 1.23×)")
			.contains("- **within noise**: Workflow: traced within 1.10× of untraced");
		JmhFixture precise = new JmhFixture().row("WorkflowBenchmark.untraced", "avgt", "ms/op", 1, 2, "0.001", 2)
			.row("WorkflowBenchmark.sampledOut", "avgt", "ms/op", 1, 2.01, "0.001", 2.01);
		assertThat(generate(precise, "full")).contains("- **met**: Workflow: sampled out within 1.02× of untraced");
		JmhFixture slow = new JmhFixture().row("WorkflowBenchmark.untraced", "avgt", "ms/op", 1, 2, "0.001", 2)
			.row("WorkflowBenchmark.sampledOut", "avgt", "ms/op", 1, 2.1, "0.001", 2.1);
		assertThat(generate(slow, "full")).contains("- **not met**: Workflow: sampled out within 1.02× of untraced")
			.contains("- **not measured**: Workflow: traced within 1.10× of untraced");
		JmhFixture single = new JmhFixture().row("WorkflowBenchmark.untraced", "avgt", "ms/op", 1, 2, "NaN", 2)
			.row("WorkflowBenchmark.sampledOut", "avgt", "ms/op", 1, 2.01, "NaN", 2.01);
		assertThat(generate(single, "full"))
			.contains("- **met**: Workflow: sampled out within 1.02× of untraced — `sampledOut` 2.01 ms against "
					+ "`untraced` 2.00 ms, ratio 1.01× (no interval)");
	}

	@Test
	void functionDurationShowsTheColdAndExportDeferredVariantsAndTheRelativeAim() throws IOException {
		String report = generate(fullRun(), "full");
		String duration = section(report, "Function duration");
		assertThat(cells(duration, "100 ms")).containsExactly("100 ms", "100 ms", "100 ms", "+3.00 µs", "0.00300 %",
				"no", "1.67 %");
		assertThat(duration.lines().filter((line) -> line.startsWith("| 100 ms |")).toList())
			.contains("| 100 ms | +500 µs | +3.00 µs | +1.00 µs |");
		assertThat(duration).contains("| 10.0 ms | — | +2.00 µs | — |")
			.contains("`observedCold` does not")
			.contains("`observedExportDeferred` runs against");
		assertThat(report).contains("- **within noise**: Function duration: `observed` overhead at 100 ms ≤ 0.0500 % — "
				+ "0.00300 % (99.9 % interval -0.0676 % to 0.0736 %)");
	}

	@Test
	void peersCompareCaptureOffWithTheSdkSpanAndTheJavaAgentInItsOwnFork() throws IOException {
		String report = generate(fullRun(), "full");
		String peers = section(report, "Peers");
		assertThat(cells(peers, "agent: agentWithSpan")).contains("+200 ns", "3.00×");
		assertThat(peers).contains("the agent captures no arguments");
		assertThat(report)
			.contains("- **met**: Peers: `langfuseCaptureOff` adds ≤ 2.00× what the direct "
					+ "OpenTelemetry SDK span adds — `langfuseCaptureOff` +300 ns, `otelSdkSpan` +400 ns, ratio 0.75×")
			.contains("- **not met**: Peers: `langfuseCaptureOff` adds ≤ 1.20× what the OpenTelemetry Java agent's "
					+ "`@WithSpan` adds — `langfuseCaptureOff` +300 ns, `agentWithSpan` +200 ns, ratio 1.50×");
	}

	@Test
	void profileNotesAreIncludedWithTheirHeadingsBelowTheReports() throws IOException {
		Path jmh = fullRun().writeJmh(this.directory);
		Path notes = Files.writeString(this.directory.resolve("PROFILES.md"),
				"# Workflow profile\n\nTaken with `java -XX:StartFlightRecording ...`.\n\n## Top frames\n\n- a\n");
		String report = Files
			.readString(ReportGenerator.generate(jmh, null, null, this.directory.resolve("out"), "full", notes));
		String profiles = section(report, "Profiles");
		assertThat(profiles).contains("committed `PROFILES.md`")
			.contains("\n### Workflow profile\n")
			.contains("\n#### Top frames\n")
			.contains("Taken with `java -XX:StartFlightRecording ...`.");
		assertThat(generate(fullRun(), "full")).doesNotContain("## Profiles");
	}

	@Test
	void unitsAreNormalisedBeforeComparing() throws IOException {
		JmhFixture run = new JmhFixture().row("PeersBenchmark.baseline", "avgt", "us/op", 0.5)
			.row("PeersBenchmark.langfuseCaptureOff", "avgt", "ns/op", 1500)
			.row("com.example.Other.fast", "thrpt", "ops/ms", 1, 2.5, "0.25", 2.5);
		String report = generate(run, "full");
		assertThat(cells(section(report, "Peers"), "baseline")).contains("500 ns", "500 ± 50 ns");
		assertThat(cells(section(report, "Peers"), "langfuseCaptureOff")).contains("1.50 µs", "+1.00 µs", "3.00×");
		assertThat(cells(section(report, "Other"), "com.example.Other.fast")).contains("2,500 ± 250 ops/s");
	}

	@Test
	void baselineWithoutTheRowsParametersStillMatches() throws IOException {
		JmhFixture run = new JmhFixture().row("NestingDepthBenchmark.untraced", "avgt", "ns/op", 100)
			.row("NestingDepthBenchmark.observed", "avgt", "ns/op", 400, "depth", "1")
			.row("NestingDepthBenchmark.observed", "avgt", "ns/op", 1100, "depth", "10");
		String report = generate(run, "full");
		assertThat(report).contains(
				"- **met**: Nesting depth: added cost at depth 10 ≤ 10× added cost at depth 1 " + "— ratio 3.33×");
	}

	@Test
	void nestingComparesDepthTenWithTheAgentsChainOfTheSameDepth() throws IOException {
		JmhFixture run = new JmhFixture().row("NestingDepthBenchmark.untraced", "avgt", "ns/op", 100)
			.row("NestingDepthBenchmark.observed", "avgt", "ns/op", 400, "depth", "1")
			.row("NestingDepthBenchmark.observed", "avgt", "ns/op", 1100, "depth", "10")
			.row("AgentPeerBenchmark.baseline", "avgt", "ns/op", 20)
			.row("AgentPeerBenchmark.agentWithSpan", "avgt", "ns/op", 420)
			.row("AgentPeerBenchmark.baselineNested10", "avgt", "ns/op", 50)
			.row("AgentPeerBenchmark.agentNested10", "avgt", "ns/op", 850);
		String report = generate(run, "full");
		String nesting = section(report, "Nesting depth");
		assertThat(cells(nesting, "agent: agentNested10")).contains("+800 ns");
		assertThat(nesting).doesNotContain("agent: agentWithSpan")
			.contains("Per level: ours +100 ns, the agent's +80.0 ns");
		assertThat(report).contains("- **not met**: Nesting depth: `@Observe` with capture off 10 levels deep adds "
				+ "≤ 1.20× what the agent's `@WithSpan` adds 10 levels deep — ours +1.00 µs, the agent's +800 ns, "
				+ "ratio 1.25×");
	}

	@Test
	void focusedTablesAndAimsUseTheStudyShape() throws IOException {
		String report = generate(fullRun(), "full");
		String duration = section(report, "Function duration");
		assertThat(cells(duration, "100 ms")).containsExactly("100 ms", "100 ms", "100 ms", "+3.00 µs", "0.00300 %",
				"no", "1.67 %");
		assertThat(duration).contains("Sleep jitter");
		String payload = section(report, "Payload size");
		assertThat(cells(payload, "512B")).containsExactly("512B", "1.00 µs", "3.00 µs", "+2.00 µs", "0.300×");
		assertThat(payload.indexOf("| 512B |")).isLessThan(payload.indexOf("| 32KB |"));
		assertThat(payload.indexOf("| 500KB |")).isLessThan(payload.indexOf("| 5MB |"));
		assertThat(cells(payload, "500KB")).endsWith("1.20×");
		assertThat(report)
			.contains("- **within noise**: Payload size: observed at 5MB within 1.5× of observed at 500KB "
					+ "— ratio 1.67×");
		assertThat(report).doesNotContain("within 1.5× of observed at 32KB");
		assertThat(cells(section(report, "Client creation"), "clientPerCall")).contains("5000×");
	}

	@Test
	void workflowTableShowsCpuPerTurnAndTheWarmingTurnFromExtrasBesideTheirRatiosToUntraced() throws IOException {
		String workflow = section(generate(fullRun(), "full"), "Workflow");

		assertThat(cells(workflow, "untraced")).endsWith("4.00 ms", "1.00×", "3.00 ms", "0 ns", "2.50 ms", "1.00×");
		assertThat(cells(workflow, "traced")).endsWith("4.80 ms", "1.20×", "3.30 ms", "1.00 ms", "3.50 ms", "1.40×");
		assertThat(cells(workflow, "sampledOut")).endsWith("—", "—", "—", "—", "—", "—");
	}

	@Test
	void workflowShowsEachRoundsForksBesideTheSameRoundsUntracedFork() throws IOException {
		JmhFixture run = new JmhFixture()
			.forks("WorkflowBenchmark.untraced", new double[] { 6 }, new double[] { 8 }, new double[] { 7 })
			.row("WorkflowBenchmark.untraced", "sample", "ms/op", 7)
			.forks("WorkflowBenchmark.traced", new double[] { 6.6 }, new double[] { 8.4 }, new double[] { 7.7 })
			.row("WorkflowBenchmark.traced", "sample", "ms/op", 7.7);

		String workflow = section(generate(run, "full"), "Workflow");

		assertThat(workflow).contains("**Forks by round.**");
		assertThat(cells(workflow, "1 | 6.00 ms")).containsExactly("1", "6.00 ms", "6.60 ms (1.10×)");
		assertThat(cells(workflow, "2 | 8.00 ms")).containsExactly("2", "8.00 ms", "8.40 ms (1.05×)");
		assertThat(cells(workflow, "median")).containsExactly("median", "7.00 ms", "7.70 ms (1.10×)");
	}

	@Test
	void workflowAimsAreJudgedOnTheMedianOfTheRoundsRatiosWithTheirRangeAsTheInterval() throws IOException {
		double[][] untraced = { { 6 }, { 8 }, { 7 } };
		JmhFixture run = new JmhFixture().forks("WorkflowBenchmark.untraced", untraced)
			.row("WorkflowBenchmark.untraced", "sample", "ms/op", 7)
			.forks("WorkflowBenchmark.sampledOut", new double[] { 6.06 }, new double[] { 8.08 }, new double[] { 7.07 })
			.row("WorkflowBenchmark.sampledOut", "sample", "ms/op", 9)
			.forks("WorkflowBenchmark.traced", new double[] { 6.3 }, new double[] { 9.6 }, new double[] { 7.35 })
			.row("WorkflowBenchmark.traced", "sample", "ms/op", 7.35);

		String report = generate(run, "full");

		assertThat(report)
			.contains("- **met**: Workflow: sampled out within 1.02× of untraced — `sampledOut` against "
					+ "`untraced`, median of 3 rounds' ratios 1.01×; all forks' turns 9.00 ms against 7.00 ms at p50, "
					+ "ratio 1.29× (the rounds' range, a 75.0 % interval for the median: 1.01× to 1.01×)")
			.contains("- **within noise**: Workflow: traced within 1.10× of untraced — `traced` against `untraced`, "
					+ "median of 3 rounds' ratios 1.05×")
			.contains("(the rounds' range, a 75.0 % interval for the median: 1.05× to 1.20×)");
		JmhFixture slow = new JmhFixture().forks("WorkflowBenchmark.untraced", untraced)
			.row("WorkflowBenchmark.untraced", "sample", "ms/op", 7)
			.forks("WorkflowBenchmark.traced", new double[] { 7.2 }, new double[] { 9.6 }, new double[] { 8.4 })
			.row("WorkflowBenchmark.traced", "sample", "ms/op", 7.7);
		assertThat(generate(slow, "full")).contains("- **not met**: Workflow: traced within 1.10× of untraced");
	}

	@Test
	void workflowShowsTheUntracedControlsRoundsBesideTheAims() throws IOException {
		JmhFixture run = new JmhFixture()
			.forks("WorkflowBenchmark.untraced", new double[] { 6 }, new double[] { 8 }, new double[] { 7 })
			.row("WorkflowBenchmark.untraced", "sample", "ms/op", 7)
			.forks("WorkflowBenchmark.traced", new double[] { 6.3 }, new double[] { 9.6 }, new double[] { 7.35 })
			.row("WorkflowBenchmark.traced", "sample", "ms/op", 7.35)
			.forks("WorkflowBenchmark.untracedControl", new double[] { 6.6 }, new double[] { 7.6 }, new double[] { 7 })
			.row("WorkflowBenchmark.untracedControl", "sample", "ms/op", 7);

		String report = generate(run, "full");

		assertThat(cells(section(report, "Workflow"), "2 | 8.00 ms")).containsExactly("2", "8.00 ms", "9.60 ms (1.20×)",
				"7.60 ms (0.950×)");
		assertThat(report)
			.contains("**The control.** `untracedControl` runs the untraced workflow in forks of its own, so its "
					+ "ratio to the same round's untraced fork is what two forks of the same code measure on this "
					+ "machine: median of 3 rounds' ratios 1.00×, range 0.950× to 1.10×.")
			.contains("- **within noise**: Workflow: traced within 1.10× of untraced — `traced` against `untraced`, "
					+ "median of 3 rounds' ratios 1.05×; all forks' turns 7.35 ms against 7.00 ms at p50, ratio "
					+ "1.05×; untraced against itself, `untracedControl`, 0.950× to 1.10×");
	}

	@Test
	void workflowLeavesOutTheRoundsWhenItsRowsHaveDifferentForks() throws IOException {
		JmhFixture run = new JmhFixture()
			.forks("WorkflowBenchmark.untraced", new double[] { 6 }, new double[] { 8 }, new double[] { 7 })
			.row("WorkflowBenchmark.untraced", "sample", "ms/op", 7)
			.forks("WorkflowBenchmark.traced", new double[] { 6.6 }, new double[] { 8.4 })
			.row("WorkflowBenchmark.traced", "sample", "ms/op", 7.7);

		assertThat(section(generate(run, "full"), "Workflow")).doesNotContain("Forks by round");
		assertThat(section(generate(fullRun(), "full"), "Workflow")).doesNotContain("Forks by round");
	}

	@Test
	void extrasAreAveragedOverForksAndMatchedByParameters() throws IOException {
		String report = generate(fullRun(), "full");
		String batching = section(report, "Batching");
		assertThat(cells(batching, "produceAndFlush | 1000")).containsExactly("produceAndFlush", "1000", "20.0 ms",
				"3.00", "5,000", "250,000", "26.0", "—", "0");
		assertThat(cells(batching, "exportQueued | 1000")).containsExactly("exportQueued", "1000", "10.0 ms", "3.00",
				"5,000", "500,000", "26.0", "900 ns", "0");
		assertThat(batching.indexOf("| exportQueued | 1 |")).isLessThan(batching.indexOf("| produceAndFlush | 1 |"));
		assertThat(report).contains("- **met**: Exporter: ≥ 150,000 spans/s from queued to delivered on one export "
				+ "thread (`exportQueued`, 1000 traces of 5 spans), none dropped — 500,000 spans/s, 0 dropped");
		assertThat(cells(section(report, "Producer threads"), "producers1")).containsExactly("producers1", "—", "1",
				"1,000,000 ± 100,000 ops/s", "1,000,000", "5,000,000", "0");
		assertThat(report).contains("Unreadable extras lines skipped: [4]");
		assertThat(report).contains("Extras not shown above: `" + JmhFixture.PACKAGE
				+ "BasicsBenchmark.apiSpan`: allocations 1.00 (mean over 1 line)");
	}

	@Test
	void encodingTableShowsCostAndBytesPerSpanAndComparesGzipLevels() throws IOException {
		String batching = section(generate(fullRun(), "full"), "Batching");
		assertThat(cells(batching, "encode | 512 | —")).containsExactly("encode", "512", "—", "180 µs", "352 ns",
				"64 B", "231", "26.0");
		assertThat(cells(batching, "marshal | 1 | —")).containsExactly("marshal", "1", "—", "2.00 µs", "2.00 µs", "—",
				"—", "—");
		assertThat(cells(batching, "gzip | 512 | 1")).containsExactly("gzip", "512", "1", "70.0 µs", "137 ns", "—",
				"231", "26.0");
		assertThat(batching.indexOf("| marshal |")).isLessThan(batching.indexOf("| gzip |"));
		assertThat(batching).contains("Gzip level 6 (the JDK's default) sends 6.15 % fewer bytes than level 1 "
				+ "(24.4 against 26.0 B/span) for 4.00× its compression time; the exporter compresses at level 1.");
		assertThat(section(generate(fullRun(), "full"), "Other")).doesNotContain("ExportEncodingBenchmark");
	}

	@Test
	void missingExtrasLeaveDashesAndUnmeasuredAims() throws IOException {
		Path jmh = fullRun().writeJmh(this.directory);
		Path results = ReportGenerator.generate(jmh, this.directory.resolve("absent.jsonl"),
				this.directory.resolve("out"), "full");
		String report = Files.readString(results);
		String batching = section(report, "Batching");
		assertThat(cells(batching, "produceAndFlush | 1000")).containsExactly("produceAndFlush", "1000", "20.0 ms", "—",
				"—", "—", "—", "—", "—");
		assertThat(cells(batching, "gzip | — | 6")).containsExactly("gzip", "—", "6", "280 µs", "—", "—", "—", "—");
		assertThat(report).contains("- **not measured**: Exporter:");
		assertThat(cells(section(report, "Producer threads"), "producers4")).endsWith("—", "—", "—");
		assertThat(report).doesNotContain("## Notes");
	}

	@Test
	void unknownClassesLandInOther() throws IOException {
		String other = section(generate(fullRun(), "full"), "Other");
		assertThat(cells(other, "MysteryBenchmark.work")).contains("+1.00 µs", "3.00×");
		assertThat(rowNames(other)).contains("MysteryBenchmark.baseline", "com.example.Other.fast");
	}

	@Test
	void chartsAreValidSvgLinkedFromTheReport() throws Exception {
		String report = generate(fullRun(), "full");
		Path charts = this.directory.resolve("out/charts");
		List<String> files;
		try (Stream<Path> list = Files.list(charts)) {
			files = list.map((path) -> path.getFileName().toString()).sorted().toList();
		}
		assertThat(files).containsExactly("function-duration.svg", "nesting-depth.svg", "payload-size.svg", "peers.svg",
				"throughput.svg");
		DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
		factory.setNamespaceAware(true);
		factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
		for (String file : files) {
			assertThat(report).contains("](charts/" + file + ")");
			Document svg = factory.newDocumentBuilder().parse(charts.resolve(file).toFile());
			assertThat(svg.getDocumentElement().getLocalName()).isEqualTo("svg");
			assertThat(svg.getDocumentElement().getNamespaceURI()).isEqualTo("http://www.w3.org/2000/svg");
			assertThat(svg.getDocumentElement().getAttribute("viewBox")).isNotEmpty();
		}
		Matcher links = Pattern.compile("\\]\\((charts/[^)]+)\\)").matcher(report);
		while (links.find()) {
			assertThat(this.directory.resolve("out").resolve(links.group(1))).exists();
		}
	}

	@Test
	void smokeModeWarnsThatFiguresAreNotMeaningful() throws IOException {
		assertThat(generate(fullRun(), "smoke")).contains("**Smoke run:").contains("not meaningful");
		assertThat(generate(fullRun(), "full")).doesNotContain("Smoke run");
	}

	@Test
	void headerStatesProvenanceRegenerationAndSettings() throws IOException {
		String report = generate(fullRun(), "full");
		assertThat(report).startsWith("# ")
			.contains("Generated by `ReportGenerator` from `jmh-result.json` and the files beside it")
			.contains("do not edit by hand")
			.contains("`mvn -B -q install -DskipTests && mvn -B -q -pl benchmarks exec:exec`")
			.contains("`mvn -B -q -pl benchmarks exec:exec -Dbench.mode=render`")
			.contains("- Commit, run times and machine: not recorded")
			.doesNotContain(Runtime.getRuntime().availableProcessors() + " cores")
			.contains("OpenJDK 64-Bit Server VM 17.0.15+6-Debian-1deb12u1 (JDK 17.0.15)")
			.contains("2 forks; warmup 3 × 1 s; measurement 5 × 2 s");
		assertThat(report.indexOf("## Summary")).isLessThan(report.indexOf("## Basics"));
	}

	@Test
	void outputIsDeterministic() throws IOException {
		String first = generate(fullRun(), "full");
		String second = generate(fullRun(), "full");
		assertThat(second).isEqualTo(first);
	}

	@Test
	void missingGroupsAreNotedAndNothingElseBreaks() throws IOException {
		JmhFixture run = new JmhFixture().row("BasicsBenchmark.baseline", "sample", "ns/op", 100)
			.row("BasicsBenchmark.observeSpan", "sample", "ns/op", 1, 200, "NaN", 200);
		String report = generate(run, "full");
		assertThat(report).contains("**Peers** (`PeersBenchmark`): not in this run.")
			.contains("**Producer threads** (`ThroughputBenchmark`): not in this run.")
			.doesNotContain("## Peers")
			.doesNotContain("## Other");
		assertThat(cells(section(report, "Basics"), "observeSpan")).contains("200 ± n/a ns");
		assertThat(report).contains("- **not measured**: Peers:");
	}

	@Test
	void startupRowsCompareMediansWithTheSameApplicationWithoutTheStarter() throws IOException {
		String startup = section(generate(fullRun(), "full"), "Startup");
		assertThat(startupCells(startup, "web", "without the starter")).containsExactly("web", "without the starter",
				"3", "3.00 s", "(baseline)", "1×", "6.00 s", "(baseline)", "150 MB", "(baseline)", "—");
		assertThat(startupCells(startup, "web", "starter, keys set")).containsExactly("web", "starter, keys set", "3",
				"3.12 s", "+120 ms", "1.04×", "6.24 s", "+240 ms", "160 MB", "+10.0 MB", "1");
		assertThat(startupCells(startup, "non-web", "starter, keys set")).containsExactly("non-web",
				"starter, keys set", "2", "1.80 s", "+300 ms", "1.20×", "3.60 s", "+600 ms", "120 MB", "+20.0 MB", "0");
	}

	@Test
	void startupAimsAreJudgedOnTheWebApplication() throws IOException {
		String report = generate(fullRun(), "full");
		assertThat(report).contains(
				"- **met**: Startup: the starter adds ≤ 150 ms to the web application with keys set — added +120 ms "
						+ "(1.04×)",
				"- **met**: Startup: the starter adds ≤ 10.0 MB peak RSS to the web application with keys set — "
						+ "added +10.0 MB",
				"- **not met**: Startup: the starter adds ≤ 50.0 ms to the web application with "
						+ "`langfuse.enabled=false` — added +60.0 ms (1.02×)",
				"- **met**: Startup: the starter adds ≤ 50.0 ms to the web application with no keys — added "
						+ "+40.0 ms (1.01×)",
				"- **met**: Startup: the starter logs ≤ 1 line at INFO while the application starts — at most 1 "
						+ "in any run");
	}

	@Test
	void missingStartupRunsAreNoted() throws IOException {
		Path jmh = fullRun().writeJmh(this.directory);
		String report = Files
			.readString(ReportGenerator.generate(jmh, null, null, this.directory.resolve("out"), "full"));
		assertThat(report).contains("**Startup** (`StartupLauncher`): not in this run.")
			.contains("- **not measured**: Startup: the starter adds ≤ 150 ms to the web application with keys set")
			.doesNotContain("## Startup");
	}

	@Test
	void emptyResultsStillProduceAReport() throws IOException {
		Path jmh = Files.writeString(this.directory.resolve("jmh-result.json"), "[]");
		String report = Files.readString(ReportGenerator.generate(jmh, null, this.directory.resolve("out"), "smoke"));
		assertThat(report).contains("**Basics** (`BasicsBenchmark`): not in this run.").contains("JVM: unknown");
	}

	@Test
	void jsPeerSectionSetsTheJsSdkBesideOurMapRowsAndJudgesTheRatioWithOurError() throws IOException {
		String report = generate(fullRun(), "full");
		String section = section(report, "The Langfuse JS SDK on the same payloads");
		assertThat(cells(section, "526 B map")).containsExactly("526 B map", "526 B", "+10.0 µs", "+12.0 µs",
				"+50.0 µs", "+30.0 µs", "1990 / 2000", "`observeMap`", "+3.00 µs", "0.300×");
		assertThat(cells(section, "51 KB map")).containsExactly("51 KB map", "51529 B", "+200 µs", "+240 µs",
				"+1.00 ms", "+600 µs", "1990 / 2000", "`observeMapOver50KB`", "+90.0 µs", "0.450×");
		assertThat(report).contains("- **met**: JS peer: `observeMapOver50KB` (a 51 KB map) adds ≤ 0.5× what the "
				+ "Langfuse JS SDK's `observe()` adds on the same map — ours +90.0 µs, JS SDK +200 µs, ratio 0.450× "
				+ "(99.9 % interval 0.402× to 0.498×)")
			.contains("- **met**: Basics: `observeMapOver50KB` (a 51 KB map captured, cut at the 32 KB limit) adds "
					+ "≤ 100 µs — added +90.0 µs (99.9 % interval +80.5 µs to +99.5 µs)")
			.doesNotContain("Extras not shown above: `js-peer");
	}

	@Test
	void jsPeerRatioWithinOurErrorOfTheAimIsWithinNoise() throws IOException {
		JmhFixture run = fullRun().extrasLine(jsPeerLine("over50KB", 51529, 185000));
		String report = generate(run, "full");
		assertThat(report).contains("- **within noise**: JS peer: `observeMapOver50KB` (a 51 KB map) adds ≤ 0.5× "
				+ "what the Langfuse JS SDK's `observe()` adds on the same map — ours +90.0 µs, JS SDK +193 µs");
	}

	@Test
	void jsPeerThatDidNotRunSaysWhyAndLeavesItsAimUnmeasured() throws IOException {
		JmhFixture run = new JmhFixture();
		run.row("BasicsBenchmark.baselineMapOver50KB", "sample", "ns/op", 5000)
			.row("BasicsBenchmark.observeMapOver50KB", "sample", "ns/op", 95000)
			.extrasLine("{\"benchmark\":\"js-peer.observeMap\",\"params\":{},\"metrics\":{},"
					+ "\"notRun\":\"`npm ci` exited with 1 (see js-peer.log)\"}");
		String report = generate(run, "full");
		assertThat(report)
			.contains("**The Langfuse JS SDK on the same payloads** (`benchmarks/js-peer`): not run: "
					+ "`npm ci` exited with 1 (see js-peer.log).")
			.contains("- **not measured**: JS peer: `observeMapOver50KB` (a 51 KB map) adds ≤ 0.5×")
			.doesNotContain("Extras not shown above");
		String withoutPeer = generate(new JmhFixture().row("BasicsBenchmark.baseline", "sample", "ns/op", 100), "full");
		assertThat(withoutPeer)
			.contains("**The Langfuse JS SDK on the same payloads** (`benchmarks/js-peer`): not in this run.");
	}

	@Test
	void rejectsUnknownModeAndMalformedResults() throws IOException {
		Path jmh = fullRun().writeJmh(this.directory);
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ReportGenerator.generate(jmh, null, this.directory, "fast"));
		Path broken = Files.writeString(this.directory.resolve("broken.json"), "[{");
		assertThatIOException().isThrownBy(() -> ReportGenerator.generate(broken, null, this.directory, "full"));
	}

	private String generate(JmhFixture run, String mode) throws IOException {
		Path jmh = run.writeJmh(this.directory);
		Path extras = run.writeExtras(this.directory);
		Path startup = Files.write(this.directory.resolve("startup.jsonl"), startupRuns(), StandardCharsets.UTF_8);
		Path results = ReportGenerator.generate(jmh, extras, startup, this.directory.resolve("out"), mode);
		assertThat(results).isEqualTo(this.directory.resolve("out/RESULTS.md"));
		return Files.readString(results, StandardCharsets.UTF_8);
	}

	private static String section(String report, String title) {
		int start = report.indexOf("\n## " + title + "\n");
		assertThat(start).as("section %s", title).isNotNegative();
		int end = report.indexOf("\n## ", start + 1);
		return report.substring(start, (end < 0) ? report.length() : end);
	}

	private static List<String> cells(String section, String first) {
		return section.lines()
			.filter((line) -> line.startsWith("| " + first + " |"))
			.findFirst()
			.map((line) -> Arrays.stream(line.substring(1, line.length() - 1).split("\\|", -1))
				.map(String::strip)
				.toList())
			.orElseThrow(() -> new AssertionError("No row " + first + " in\n" + section));
	}

	private static List<String> startupCells(String section, String app, String configuration) {
		return cells(section, app + " | " + configuration);
	}

	private static List<String> startupRuns() {
		List<String> lines = new java.util.ArrayList<>();
		startup(lines, "WEB", "web", "WITHOUT", "without the starter", 0, new double[] { 3000, 3100, 2900 }, 150);
		startup(lines, "WEB", "web", "KEYS", "starter, keys set", 1, new double[] { 3140, 3100, 3120 }, 160);
		startup(lines, "WEB", "web", "DISABLED", "starter, `langfuse.enabled=false`", 0, new double[] { 3060 }, 155);
		startup(lines, "WEB", "web", "NO_KEYS", "starter, no keys", 0, new double[] { 3040 }, 155);
		startup(lines, "PLAIN", "non-web", "WITHOUT", "without the starter", 0, new double[] { 1500, 1500 }, 100);
		startup(lines, "PLAIN", "non-web", "KEYS", "starter, keys set", 0, new double[] { 1700, 1900 }, 120);
		lines.add("{not json");
		return lines;
	}

	private static void startup(List<String> lines, String app, String appLabel, String variant, String variantLabel,
			int infoLines, double[] wallMillis, int peakRssMegabytes) {
		for (int i = 0; i < wallMillis.length; i++) {
			lines.add("{\"app\":\"" + app + "\",\"appLabel\":\"" + appLabel + "\",\"variant\":\"" + variant
					+ "\",\"variantLabel\":\"" + variantLabel + "\",\"run\":" + (i + 1) + ",\"wallMillis\":"
					+ wallMillis[i] + ",\"cpuMillis\":" + Math.round(wallMillis[i] * 2) + ",\"peakRssKb\":"
					+ peakRssMegabytes * 1024 + ",\"starterInfoLinesAtStartup\":" + infoLines + "}");
		}
	}

	private static List<String> rowNames(String section) {
		String table = section.substring(section.indexOf("| Benchmark |"));
		return table.lines()
			.takeWhile((line) -> line.startsWith("|"))
			.skip(2)
			.map((line) -> line.substring(1, line.indexOf('|', 1)).strip())
			.toList();
	}

	static JmhFixture fullRun() {
		JmhFixture run = new JmhFixture();
		basics(run);
		run.row("FunctionDurationBenchmark.untraced", "sample", "ms/op", 1, 10.1, "0.05", 10.1, "durationMs", "10")
			.row("FunctionDurationBenchmark.observed", "sample", "ms/op", 1, 10.102, "0.05", 10.102, "durationMs", "10")
			.row("FunctionDurationBenchmark.untraced", "sample", "ms/op", 1, 100.1, "0.05", 100.1, "durationMs", "100")
			.row("FunctionDurationBenchmark.observed", "sample", "ms/op", 1, 100.103, "0.05", 100.103, "durationMs",
					"100")
			.row("FunctionDurationBenchmark.untraced", "sample", "ms/op", 1, 1000.2, "0.05", 1000.2, "durationMs",
					"1000")
			.row("FunctionDurationBenchmark.observed", "sample", "ms/op", 1, 1000.205, "0.05", 1000.205, "durationMs",
					"1000");
		String[] payloads = { "5MB", "32KB", "512B", "500KB", "50KB" };
		double[] observed = { 20, 10, 3, 12, 11 };
		for (int i = 0; i < payloads.length; i++) {
			run.row("PayloadSizeBenchmark.untraced", "avgt", "us/op", 1, "payload", payloads[i])
				.row("PayloadSizeBenchmark.observed", "avgt", "us/op", observed[i], "payload", payloads[i]);
		}
		for (int depth : new int[] { 1, 2, 5, 10 }) {
			run.row("NestingDepthBenchmark.untraced", "avgt", "ns/op", 10 * depth, "depth", String.valueOf(depth))
				.row("NestingDepthBenchmark.observed", "avgt", "ns/op", (depth == 10) ? 9100 : 1010 * depth, "depth",
						String.valueOf(depth));
		}
		run.row("ReturnTypeBenchmark.syncObserved", "avgt", "ns/op", 1010)
			.row("ReturnTypeBenchmark.syncUntraced", "avgt", "ns/op", 10)
			.row("ReturnTypeBenchmark.futureUntraced", "avgt", "ns/op", 1000)
			.row("ReturnTypeBenchmark.futureObserved", "avgt", "ns/op", 2500)
			.row("ReturnTypeBenchmark.monoUntraced", "avgt", "ns/op", 500)
			.row("ReturnTypeBenchmark.monoObserved", "avgt", "ns/op", 1700)
			.row("ReturnTypeBenchmark.concurrent10Untraced", "avgt", "ns/op", 10000)
			.row("ReturnTypeBenchmark.concurrent10Observed", "avgt", "ns/op", 25000)
			.row("CaptureToggleBenchmark.untraced", "avgt", "us/op", 1)
			.row("CaptureToggleBenchmark.captureOn", "avgt", "us/op", 50)
			.row("CaptureToggleBenchmark.captureOff", "avgt", "us/op", 2)
			.row("ClientCreationBenchmark.sharedClient", "avgt", "ms/op", 0.001)
			.row("ClientCreationBenchmark.clientPerCall", "avgt", "ms/op", 5)
			.row("CaptureBenchmark.captureOver5MB", "avgt", "us/op", 78)
			.row("CaptureBenchmark.captureOver500KB", "avgt", "us/op", 70)
			.row("CaptureBenchmark.captureFits", "avgt", "us/op", 60)
			.row("CaptureBenchmark.objectMapperFits", "avgt", "us/op", 50)
			.row("CaptureBenchmark.objectMapperMapFits", "avgt", "us/op", 50)
			.row("CaptureBenchmark.captureMapFits", "avgt", "us/op", 55)
			.row("CaptureBenchmark.captureMapOver50KB", "avgt", "us/op", 70)
			.row("CaptureBenchmark.captureMapOver500KB", "avgt", "us/op", 82.5)
			.row("FunctionDurationBenchmark.observedExportDeferred", "sample", "ms/op", 1, 100.101, "0.05", 100.101,
					"durationMs", "100")
			.row("FunctionDurationBenchmark.observedCold", "sample", "ms/op", 1, 100.6, "0.05", 100.6, "durationMs",
					"100")
			.row("WorkflowBenchmark.untraced", "avgt", "ms/op", 2)
			.row("WorkflowBenchmark.sampledOut", "avgt", "ms/op", 2.01)
			.row("WorkflowBenchmark.tracedUncompressed", "avgt", "ms/op", 2.03)
			.row("WorkflowBenchmark.traced", "avgt", "ms/op", 2.05);
		batchingAndThroughput(run);
		run.extras("WorkflowBenchmark.untraced",
				"{\"cpuNanosPerOp\":4000000,\"callerCpuNanosPerOp\":3000000,\"langfuseCpuNanosPerOp\":0,"
						+ "\"warmingNanosPerOp\":2500000}")
			.extras("WorkflowBenchmark.traced",
					"{\"cpuNanosPerOp\":4600000,\"callerCpuNanosPerOp\":3200000,\"langfuseCpuNanosPerOp\":900000,"
							+ "\"warmingNanosPerOp\":3000000}")
			.extras("WorkflowBenchmark.traced",
					"{\"cpuNanosPerOp\":5000000,\"callerCpuNanosPerOp\":3400000,\"langfuseCpuNanosPerOp\":1100000,"
							+ "\"warmingNanosPerOp\":4000000}");
		run.row("PeersBenchmark.baseline", "avgt", "ns/op", 5)
			.row("PeersBenchmark.langfuseCaptureOff", "avgt", "ns/op", 305)
			.row("PeersBenchmark.langfuseCaptureOn", "avgt", "ns/op", 1005)
			.row("PeersBenchmark.otelSdkSpan", "avgt", "ns/op", 405)
			.row("PeersBenchmark.micrometerObserved", "avgt", "ns/op", 605)
			.row("AgentPeerBenchmark.baseline", "avgt", "ns/op", 100)
			.row("AgentPeerBenchmark.agentWithSpan", "avgt", "ns/op", 300)
			.row("MysteryBenchmark.work", "avgt", "ns/op", 1500)
			.row("MysteryBenchmark.baseline", "avgt", "us/op", 0.5)
			.row("com.example.Other.fast", "thrpt", "ops/ms", 1, 2.5, "0.25", 2.5);
		run.extrasLine(jsPeerLine("small", 526, 10000)).extrasLine(jsPeerLine("over50KB", 51529, 200000));
		return run;
	}

	private static void basics(JmhFixture run) {
		String[] methods = { "baseline", "apiSpan", "apiSpanInTrace", "apiGeneration", "observeSpan",
				"observeCaptureOff", "observeSampledOut", "observeGeneration", "baselineMap", "observeMap",
				"baselineMapOver50KB", "observeMapOver50KB" };
		double[] p50 = { 100, 900, 1000, 1200, 1100, 1600, 250, 1500, 750, 3750, 5000, 95000 };
		run.allocates("BasicsBenchmark.observeCaptureOff", 1216);
		for (int i = methods.length - 1; i >= 0; i--) {
			run.row("BasicsBenchmark." + methods[i], "sample", "ns/op", p50[i]);
		}
		run.extras("BasicsBenchmark.apiSpan", "{\"allocations\":1}");
	}

	private static String jsPeerLine(String payload, int bytes, double addedP50Nanos) {
		return "{\"benchmark\":\"js-peer.observeMap\",\"params\":{\"payload\":\"" + payload
				+ "\"},\"metrics\":{\"payloadBytes\":" + bytes + ",\"addedP50Ns\":" + addedP50Nanos + ",\"addedP90Ns\":"
				+ addedP50Nanos * 1.2 + ",\"addedP99Ns\":" + addedP50Nanos * 5 + ",\"addedWithEventLoopMeanNs\":"
				+ addedP50Nanos * 3
				+ ",\"started\":2000,\"exported\":1990,\"dropped\":10},\"sdk\":{\"node\":\"20.20.2\"}}";
	}

	private static void batchingAndThroughput(JmhFixture run) {
		int[] traces = { 1, 100, 1000 };
		double[] millis = { 1, 5, 20 };
		for (int i = 0; i < traces.length; i++) {
			String count = String.valueOf(traces[i]);
			run.row("BatchingBenchmark.produceAndFlush", "ss", "ms/op", millis[i], "traces", count)
				.extras("BatchingBenchmark.produceAndFlush",
						"{\"requestsPerOp\":2,\"spansPerOp\":" + traces[i] * 5
								+ ",\"dropped\":0,\"bodyBytesPerSpan\":25}",
						"traces", count)
				.extras("BatchingBenchmark.produceAndFlush", "{\"requestsPerOp\":4,\"spansPerOp\":" + traces[i] * 5
						+ ",\"dropped\":0,\"bodyBytesPerSpan\":27}", "traces", count);
			if (i == 0) {
				run.extrasLine("{not json");
			}
			run.row("BatchingBenchmark.exportQueued", "ss", "ms/op", millis[i] / 2, "traces", count)
				.extras("BatchingBenchmark.exportQueued",
						"{\"requestsPerOp\":" + (i + 1) + ",\"spansPerOp\":" + traces[i] * 5
								+ ",\"dropped\":0,\"bodyBytesPerSpan\":26,\"exportCpuNanosPerSpan\":900}",
						"traces", count);
		}
		run.allocates("ExportEncodingBenchmark.encode", 512 * 64)
			.row("ExportEncodingBenchmark.encode", "avgt", "us/op", 180, "spans", "512")
			.extras("ExportEncodingBenchmark.encode", "{\"protobufBytesPerSpan\":231,\"bodyBytesPerSpan\":26}", "spans",
					"512")
			.row("ExportEncodingBenchmark.marshal", "avgt", "us/op", 100, "spans", "512")
			.row("ExportEncodingBenchmark.marshal", "avgt", "us/op", 2, "spans", "1")
			.row("ExportEncodingBenchmark.gzip", "avgt", "us/op", 280, "level", "6")
			.extras("ExportEncodingBenchmark.gzip",
					"{\"spans\":512,\"protobufBytesPerSpan\":231,\"bodyBytesPerSpan\":24.4}", "level", "6")
			.row("ExportEncodingBenchmark.gzip", "avgt", "us/op", 70, "level", "1")
			.extras("ExportEncodingBenchmark.gzip",
					"{\"spans\":512,\"protobufBytesPerSpan\":231,\"bodyBytesPerSpan\":26}", "level", "1");
		int[] threads = { 1, 2, 4 };
		double[] produced = { 1_000_000, 1_800_000, 3_000_000 };
		for (int i = 0; i < threads.length; i++) {
			run.row("ThroughputBenchmark.producers" + threads[i], "thrpt", "ops/s", threads[i], produced[i],
					String.valueOf(produced[i] / 10), produced[i])
				.extras("ThroughputBenchmark.producers" + threads[i],
						"{\"exported\":" + produced[i] * 5 + ",\"dropped\":0,\"exportedPerSecond\":"
								+ (produced[i] - 100_000) + "}")
				.extras("ThroughputBenchmark.producers" + threads[i], "{\"exported\":" + produced[i] * 5
						+ ",\"dropped\":0,\"exportedPerSecond\":" + (produced[i] + 100_000) + "}");
		}
	}

}
