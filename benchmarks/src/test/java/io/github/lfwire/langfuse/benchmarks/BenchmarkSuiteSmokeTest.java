package io.github.lfwire.langfuse.benchmarks;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.github.lfwire.langfuse.benchmarks.report.Provenance;
import io.github.lfwire.langfuse.benchmarks.report.ReportGenerator;
import io.github.lfwire.langfuse.benchmarks.report.RunData;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.results.RunResult;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the whole suite in smoke mode, so a benchmark that no longer starts or completes
 * fails the build.
 */
class BenchmarkSuiteSmokeTest {

	private static final Path MODULE = Path.of("").toAbsolutePath();

	@Test
	void shouldRunEveryBenchmarkAndWriteTheReport() throws Exception {
		BenchmarkSuite.Outcome outcome = BenchmarkSuite.run("smoke", MODULE);

		Set<String> ran = outcome.results()
			.stream()
			.map((result) -> result.getParams().getBenchmark())
			.collect(Collectors.toSet());
		assertThat(ran).containsExactlyInAnyOrderElementsOf(declaredBenchmarks());
		for (RunResult result : outcome.results()) {
			assertThat(result.getPrimaryResult().getScore()).as(result.getParams().id()).isPositive();
		}
		assertThat(Files.readString(outcome.extras())).contains("BatchingBenchmark.produceAndFlush",
				"ThroughputBenchmark.producers4");
		List<RunResult> workflow = outcome.results()
			.stream()
			.filter((result) -> result.getParams().getBenchmark().startsWith(WorkflowBenchmark.class.getName()))
			.toList();
		assertThat(workflow).hasSize(WorkflowBenchmark.VARIANTS.size()).allSatisfy((result) -> {
			assertThat(result.getBenchmarkResults()).hasSize(BenchmarkSuite.SMOKE_ROUNDS);
			assertThat(result.getParams().getForks()).isEqualTo(BenchmarkSuite.SMOKE_ROUNDS);
		});
		Matcher workflowForks = Pattern.compile("WorkflowBenchmark\\.(\\w+)")
			.matcher(Files.readString(outcome.extras()));
		List<String> forkOrder = new ArrayList<>();
		while (workflowForks.find()) {
			forkOrder.add(workflowForks.group(1));
		}
		assertThat(forkOrder).as("the workflow's forks in rounds")
			.containsExactly("untraced", "traced", "tracedUncompressed", "sampledOut", "untracedControl", "traced",
					"tracedUncompressed", "sampledOut", "untracedControl", "untraced");

		List<String> startup = Files.readAllLines(outcome.startup());
		assertThat(startup).hasSize(StartupLauncher.App.values().length * StartupLauncher.Variant.values().length);
		assertThat(startup).filteredOn((line) -> line.contains("\"variant\":\"WITHOUT\""))
			.hasSize(2)
			.allMatch((line) -> line.contains("\"traced\":false"));
		assertThat(startup).filteredOn((line) -> line.contains("\"app\":\"WEB\""))
			.hasSize(StartupLauncher.Variant.values().length)
			.allMatch((line) -> line.contains("ServletWebServerApplicationContext"));
		assertThat(startup).filteredOn((line) -> line.contains("\"app\":\"PLAIN\""))
			.hasSize(StartupLauncher.Variant.values().length)
			.noneMatch((line) -> line.contains("ServletWebServerApplicationContext"));

		String report = Files.readString(outcome.report());
		assertThat(report).contains("Smoke run", "## Basics", "## Function duration", "## Payload size",
				"## Nesting depth", "## Batching", "## Peers", "## Startup");
		Matcher links = Pattern.compile("\\]\\((charts/[^)]+\\.svg)\\)").matcher(report);
		List<String> charts = new ArrayList<>();
		while (links.find()) {
			charts.add(links.group(1));
		}
		assertThat(charts).isNotEmpty();
		for (String chart : charts) {
			assertThat(outcome.report().resolveSibling(chart)).isRegularFile();
		}

		Path data = outcome.report().resolveSibling(RunData.PUBLISHED);
		Provenance provenance = Provenance.read(data.resolve(Provenance.FILE));
		assertThat(provenance.mode()).isEqualTo("smoke");
		assertThat(provenance.commit()).matches("[0-9a-f]{40}");
		assertThat(provenance.end()).isAfter(provenance.start());
		assertThat(report).contains("- Commit: `" + provenance.commit().substring(0, 12));
		assertThat(Files.readString(data.resolve(RunData.JMH))).contains("\"primaryMetric\"", RunData.FORK_MEDIANS)
			.doesNotContain("rawData");
		assertThat(report).contains("**Forks by round.**");
		Path readme = outcome.report().resolveSibling("README.md");
		assertThat(Files.readString(readme)).contains(ReportGenerator.README_BEGIN, ReportGenerator.README_END,
				"measured on commit `" + provenance.commit().substring(0, 12));
		Path again = Files.createDirectories(MODULE.resolve("target/jmh/smoke-render"));
		Path readmeAgain = Files.copy(readme, again.resolve("README.md"), StandardCopyOption.REPLACE_EXISTING);
		Path rendered = ReportGenerator.render(data, again, MODULE.resolve(ReportGenerator.PROFILE_NOTES), readmeAgain);
		assertThat(rendered).as("the report rendered again from the run's data")
			.hasSameBinaryContentAs(outcome.report());
		assertThat(readmeAgain).hasSameBinaryContentAs(readme);
	}

	private static List<String> declaredBenchmarks() throws IOException, ClassNotFoundException {
		Path classes = MODULE.resolve("target/classes/io/github/lfwire/langfuse/benchmarks");
		List<String> names;
		try (Stream<Path> files = Files.list(classes)) {
			names = files.map((file) -> file.getFileName().toString())
				.filter((name) -> name.endsWith("Benchmark.class"))
				.map((name) -> name.substring(0, name.length() - ".class".length()))
				.toList();
		}
		List<String> benchmarks = new ArrayList<>();
		for (String name : names) {
			Class<?> type = Class.forName(BenchmarkSuite.class.getPackageName() + "." + name);
			for (Method method : type.getDeclaredMethods()) {
				if (method.isAnnotationPresent(Benchmark.class)) {
					benchmarks.add(type.getName() + "." + method.getName());
				}
			}
		}
		assertThat(benchmarks).hasSizeGreaterThan(30);
		return benchmarks;
	}

}
