package io.github.lfwire.langfuse.benchmarks;

import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class AlternatedForksTests {

	@Test
	void shouldRotateTheOrderByOneEachRoundSoEveryVariantTakesEveryPlace() {
		AlternatedForks forks = new AlternatedForks(WorkflowBenchmark.class, List.of("a", "b", "c"), 4);

		assertThat(forks.order(0)).containsExactly("a", "b", "c");
		assertThat(forks.order(1)).containsExactly("b", "c", "a");
		assertThat(forks.order(2)).containsExactly("c", "a", "b");
		assertThat(forks.order(3)).containsExactly("a", "b", "c");
	}

	@Test
	void shouldIncludeEveryMethodOfTheClassAndNoOtherClass() {
		Pattern include = Pattern.compile(AlternatedForks.include(WorkflowBenchmark.class));

		assertThat(include.matcher(WorkflowBenchmark.class.getName() + ".tracedUncompressed").find()).isTrue();
		assertThat(include.matcher(WorkflowBenchmark.class.getName() + "X.traced").find()).isFalse();
		assertThat(include.matcher(BasicsBenchmark.class.getName() + ".observeSpan").find()).isFalse();
	}

	@Test
	void shouldRefuseNoVariantOrNoRound() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new AlternatedForks(WorkflowBenchmark.class, List.of(), 5));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new AlternatedForks(WorkflowBenchmark.class, List.of("traced"), 0));
	}

}
