package io.github.lfwire.langfuse.benchmarks;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class DriftProbeTests {

	@Test
	void shouldTimeTheWorkflowAndTheKernelInEveryWindow() {
		ByteArrayOutputStream printed = new ByteArrayOutputStream();
		List<DriftProbe.Window> windows = DriftProbe.run(DriftProbe.variant("sampledOut"), Duration.ZERO, 2,
				Duration.ofMillis(300), new PrintStream(printed, true, StandardCharsets.UTF_8));
		assertThat(windows).hasSize(2)
			.allSatisfy((window) -> assertThat(window.turnNanos()).isPositive())
			.allSatisfy((window) -> assertThat(window.kernelNanos()).isPositive());
		assertThat(printed.toString(StandardCharsets.UTF_8)).contains("window 1: workflow turn ",
				"window 2: workflow turn ", " ms, kernel ", "median turn / kernel ");
	}

	@Test
	void shouldRunEveryVariantOfTheSuitesWorkflow() {
		assertThat(WorkflowBenchmark.VARIANTS)
			.allSatisfy((name) -> assertThat(DriftProbe.variant(name)).isInstanceOf(WorkflowBenchmark.Workflow.class)
				.isNotNull());
		assertThat(WorkflowBenchmark.VARIANTS.stream().map((name) -> DriftProbe.variant(name).getClass()).distinct())
			.hasSize(WorkflowBenchmark.VARIANTS.size());
	}

	@Test
	void shouldNameTheVariantsWhenGivenAnUnknownOne() {
		assertThatIllegalArgumentException().isThrownBy(() -> DriftProbe.variant("paired"))
			.withMessage(
					"Unknown variant 'paired': use untraced, traced, tracedUncompressed, sampledOut, untracedControl");
	}

}
