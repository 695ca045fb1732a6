package io.github.lfwire.langfuse.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import io.github.lfwire.langfuse.benchmarks.report.ReportGenerator;
import io.github.lfwire.langfuse.benchmarks.report.RunData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The committed {@code RESULTS.md}, its charts and README's benchmark block are what the
 * committed data of the published run renders to, byte for byte.
 */
class CommittedResultsTest {

	private static final Path MODULE = Path.of("").toAbsolutePath();

	@TempDir
	Path rendered;

	@Test
	void shouldRenderTheCommittedReportChartsAndReadmeBlockFromTheCommittedData() throws IOException {
		Path data = MODULE.resolve(RunData.PUBLISHED);
		assumeTrue(Files.isDirectory(data), () -> "No published run in " + data
				+ " yet: a full run (BenchmarkSuite full) writes it, and this test then checks RESULTS.md against it");
		Path readme = Files.copy(MODULE.resolveSibling("README.md"), this.rendered.resolve("README.md"));

		Path results = ReportGenerator.render(data, this.rendered, MODULE.resolve(ReportGenerator.PROFILE_NOTES),
				readme);

		assertThat(results).as("RESULTS.md rendered from " + data).hasSameBinaryContentAs(MODULE.resolve("RESULTS.md"));
		assertThat(readme).as("README.md with its benchmark block rendered from " + data)
			.hasSameBinaryContentAs(MODULE.resolveSibling("README.md"));
		List<Path> charts;
		try (Stream<Path> files = Files.list(this.rendered.resolve("charts"))) {
			charts = files.sorted().toList();
		}
		assertThat(charts).isNotEmpty();
		for (Path chart : charts) {
			assertThat(chart).hasSameBinaryContentAs(MODULE.resolve("charts").resolve(chart.getFileName().toString()));
		}
	}

}
