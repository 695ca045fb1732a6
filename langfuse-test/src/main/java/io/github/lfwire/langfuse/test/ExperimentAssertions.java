package io.github.lfwire.langfuse.test;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;

import io.github.lfwire.langfuse.experiment.Evaluation;
import io.github.lfwire.langfuse.experiment.ExperimentResult;

/**
 * Entry point of the experiment assertions, for a test that gates a build on an
 * experiment in one statement:
 * {@code assertThat(result).averageScore("accuracy").isAtLeast(0.8)}.
 * <p>
 * A failed assertion throws an {@link AssertionError} whose message names the score, its
 * value and the bound, followed by the run's summary with its Langfuse URL; JUnit, or any
 * test framework, reports it as a failure.
 */
public final class ExperimentAssertions {

	private ExperimentAssertions() {
	}

	/** Starts assertions on an experiment result. */
	public static ExperimentResultAssert assertThat(ExperimentResult result) {
		return new ExperimentResultAssert(Objects.requireNonNull(result, "result"));
	}

	/** Assertions on one {@link ExperimentResult}; each returns it for chaining. */
	public static final class ExperimentResultAssert {

		private final ExperimentResult result;

		private ExperimentResultAssert(ExperimentResult result) {
			this.result = result;
		}

		/** Fails when any item's task failed or the item was skipped. */
		public ExperimentResultAssert hasNoFailedItems() {
			if (this.result.failedItems() > 0) {
				throw failure(this.result.failedItems() + " of " + this.result.itemResults().size()
						+ " items failed or were skipped");
			}
			return this;
		}

		/** Fails when any item or run evaluator threw. */
		public ExperimentResultAssert hasNoEvaluatorErrors() {
			if (this.result.evaluatorErrors() > 0) {
				throw failure(this.result.evaluatorErrors() + " evaluator run(s) failed");
			}
			return this;
		}

		/**
		 * The average of a numeric or boolean item score over the items that have it;
		 * fails when no item has it.
		 */
		public ScoreAssert averageScore(String name) {
			OptionalDouble average = this.result.averageScore(name);
			if (average.isEmpty()) {
				throw failure("no item has a numeric score '" + name + "'; item scores: "
						+ this.result.averageScores().keySet());
			}
			return new ScoreAssert(this, "average of score '" + name + "'", average.getAsDouble());
		}

		/** The value of a numeric or boolean run evaluation; fails when there is none. */
		public ScoreAssert runScore(String name) {
			OptionalDouble value = this.result.runScore(name);
			if (value.isEmpty()) {
				throw failure("no numeric run evaluation '" + name + "'; run evaluations: "
						+ this.result.runEvaluations().stream().map(Evaluation::name).toList());
			}
			return new ScoreAssert(this, "run score '" + name + "'", value.getAsDouble());
		}

		/**
		 * Fails when the average of any numeric or boolean item score is below the
		 * minimum.
		 */
		public ExperimentResultAssert everyAverageScoreIsAtLeast(double minimum) {
			Map<String, Double> averages = this.result.averageScores();
			if (averages.isEmpty()) {
				throw failure("no item has a numeric score");
			}
			averages.forEach((name, average) -> averageScore(name).isAtLeast(minimum));
			return this;
		}

		AssertionError failure(String problem) {
			return new AssertionError("Experiment '" + this.result.name() + "', run '" + this.result.runName() + "': "
					+ problem + "\n" + this.result.summary());
		}

	}

	/** Bounds on one score's value. */
	public static final class ScoreAssert {

		private final ExperimentResultAssert owner;

		private final String what;

		private final double actual;

		private ScoreAssert(ExperimentResultAssert owner, String what, double actual) {
			this.owner = owner;
			this.what = what;
			this.actual = actual;
		}

		/** Fails when the value is below the minimum. */
		public ExperimentResultAssert isAtLeast(double minimum) {
			if (!(this.actual >= minimum)) {
				throw this.owner
					.failure(this.what + " is " + format(this.actual) + ", expected at least " + format(minimum));
			}
			return this.owner;
		}

		/** Fails when the value is above the maximum. */
		public ExperimentResultAssert isAtMost(double maximum) {
			if (!(this.actual <= maximum)) {
				throw this.owner
					.failure(this.what + " is " + format(this.actual) + ", expected at most " + format(maximum));
			}
			return this.owner;
		}

		/** The value, for assertions of another library. */
		public double value() {
			return this.actual;
		}

		private static String format(double value) {
			return String.format(Locale.ROOT, "%.3f", value);
		}

	}

}
