package io.github.lfwire.langfuse.benchmarks.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;

class RunDataTests {

	private static final Provenance PROVENANCE = new Provenance("full", "0123456789abcdef0123456789abcdef01234567",
			false, Instant.parse("2026-12-01T10:00:00Z"), Instant.parse("2026-12-01T10:33:20Z"), 2, "Test CPU",
			"Linux 6.1 amd64", "OpenJDK 64-Bit Server VM 17");

	@TempDir
	Path directory;

	@Test
	void shouldKeepScoresAndDropJmhRawDataWhenPublishing() throws IOException {
		Path data = publish(ReportGeneratorTests.fullRun());

		String jmh = Files.readString(data.resolve(RunData.JMH));
		assertThat(jmh).contains("\"scoreError\"", "\"scorePercentiles\"", "BasicsBenchmark.observeSpan")
			.doesNotContain("rawData");
		assertThat(Provenance.read(data.resolve(Provenance.FILE))).isEqualTo(PROVENANCE);
		assertThat(data.resolve(RunData.EXTRAS)).exists();
	}

	@Test
	void shouldKeepTheMedianOfEachForksSamplesInPlaceOfJmhsHistograms() throws IOException {
		JmhFixture run = new JmhFixture()
			.forks("WorkflowBenchmark.untraced", new double[] { 3, 1, 2 }, new double[] { 7, 4, 6, 5 },
					new double[] { 9 })
			.row("WorkflowBenchmark.untraced", "sample", "ms/op", 5);

		Path data = publish(run);

		String jmh = Files.readString(data.resolve(RunData.JMH));
		assertThat(jmh).doesNotContain("rawData");
		JsonNode metric = JsonMapper.builder().build().readTree(jmh).path(0).path("primaryMetric");
		assertThat(metric.path(RunData.FORK_MEDIANS).values().stream().map(JsonNode::asDouble)).containsExactly(2.0,
				5.0, 9.0);
	}

	@Test
	void shouldRenderTheRecordedCommitRunTimesAndMachineInsteadOfTheRenderingOnes() throws IOException {
		Path data = publish(ReportGeneratorTests.fullRun());

		String report = Files.readString(ReportGenerator.render(data, this.directory.resolve("out"), null, null));

		assertThat(report)
			.contains("- Commit: `0123456789ab` with uncommitted changes "
					+ "(`0123456789abcdef0123456789abcdef01234567`)")
			.contains("- Run: 2026-12-01 10:00:00 UTC to 2026-12-01 10:33:20 UTC")
			.contains("- Machine: 2 cores; CPU Test CPU; OS Linux 6.1 amd64")
			.doesNotContain("not recorded");
	}

	@Test
	void shouldRewriteOnlyTheReadmeBlockAndRenderTheSameBytesTwice() throws IOException {
		Path data = publish(ReportGeneratorTests.fullRun());
		Path readme = Files.writeString(this.directory.resolve("README.md"), "# Project\n\nBefore.\n\n"
				+ ReportGenerator.README_BEGIN + "\nold figures\n" + ReportGenerator.README_END + "\n\nAfter.\n",
				StandardCharsets.UTF_8);

		Path first = ReportGenerator.render(data, this.directory.resolve("one"), null, readme);
		String firstReadme = Files.readString(readme);
		Path second = ReportGenerator.render(data, this.directory.resolve("two"), null, readme);

		assertThat(firstReadme).startsWith("# Project\n\nBefore.\n\n" + ReportGenerator.README_BEGIN + "\n")
			.endsWith(ReportGenerator.README_END + "\n\nAfter.\n")
			.doesNotContain("old figures")
			.contains("measured on commit `0123456789ab` with uncommitted changes from 2026-12-01 10:00:00 UTC")
			.contains("- **within noise**: Workflow: sampled out within 1.02× of untraced");
		assertThat(readme).hasContent(firstReadme);
		assertThat(second).hasSameBinaryContentAs(first);
		assertThat(this.directory.resolve("two/charts/throughput.svg"))
			.hasSameBinaryContentAs(this.directory.resolve("one/charts/throughput.svg"));
	}

	@Test
	void shouldRefuseAReadmeWithoutTheBlock() throws IOException {
		Path data = publish(ReportGeneratorTests.fullRun());
		Path readme = Files.writeString(this.directory.resolve("README.md"), "# Project\n", StandardCharsets.UTF_8);

		assertThatIOException()
			.isThrownBy(() -> ReportGenerator.render(data, this.directory.resolve("out"), null, readme))
			.withMessageContaining(ReportGenerator.README_BEGIN);
	}

	private Path publish(JmhFixture run) throws IOException {
		Path raw = Files.createDirectories(this.directory.resolve("raw"));
		Path data = this.directory.resolve("results");
		RunData.publish(run.writeJmh(raw), run.writeExtras(raw), null, PROVENANCE, data);
		return data;
	}

}
