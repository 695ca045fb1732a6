package io.github.lfwire.langfuse.benchmarks;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class PairedWorkflowTests {

	@Test
	void shouldTimeBothVariantsInEveryWindowAndPrintTheirMedians() {
		ByteArrayOutputStream printed = new ByteArrayOutputStream();
		List<PairedWorkflow.Window> windows = PairedWorkflow.run(
				PairedWorkflow.variant("traced", List.of("langfuse.capture.output=false")), Duration.ZERO, 2,
				Duration.ofMillis(300), new PrintStream(printed, true, StandardCharsets.UTF_8));
		assertThat(windows).hasSize(2)
			.allSatisfy((window) -> assertThat(window.untracedNanos()).isPositive())
			.allSatisfy((window) -> assertThat(window.tracedNanos()).isPositive());
		assertThat(printed.toString(StandardCharsets.UTF_8)).contains("window 1: untraced ", "window 2: untraced ",
				"median of the windows: untraced ");
	}

	@Test
	void shouldAddTheGivenPropertiesToTheTracedVariantOnly() {
		WorkflowBenchmark.Workflow traced = PairedWorkflow.variant("sampledOut",
				List.of("langfuse.capture.input=false"));
		assertThat(traced.tracingProperties()).containsExactly("langfuse.sampling.probability=0");
		assertThat(traced.extraProperties).containsExactly("langfuse.capture.input=false");
	}

	@Test
	void shouldNameTheVariantsWhenGivenAnUnknownOne() {
		assertThatIllegalArgumentException().isThrownBy(() -> PairedWorkflow.variant("untraced", List.of()))
			.withMessage("Unknown variant 'untraced': use traced, tracedUncompressed or sampledOut");
	}

}
