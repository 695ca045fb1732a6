package io.github.lfwire.langfuse.experiment;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * What to run: a name, the data (a Langfuse dataset or local items), the task, the
 * evaluators and the concurrency. Build one with {@link #builder(String)} and run it with
 * {@link LangfuseExperiments#run(Experiment)}.
 */
public final class Experiment {

	private final String name;

	private final @Nullable String runName;

	private final @Nullable String description;

	private final @Nullable String datasetName;

	private final @Nullable Instant datasetVersion;

	private final @Nullable List<ExperimentItem> items;

	private final ExperimentTask task;

	private final List<Named<ItemEvaluator>> evaluators;

	private final List<Named<RunEvaluator>> runEvaluators;

	private final int maxConcurrency;

	private final Map<String, Object> metadata;

	private Experiment(Builder builder) {
		this.name = builder.name;
		this.runName = builder.runName;
		this.description = builder.description;
		this.datasetName = builder.datasetName;
		this.datasetVersion = builder.datasetVersion;
		this.items = (builder.items != null) ? List.copyOf(builder.items) : null;
		this.task = builder.task;
		this.evaluators = List.copyOf(builder.evaluators);
		this.runEvaluators = List.copyOf(builder.runEvaluators);
		this.maxConcurrency = builder.maxConcurrency;
		this.metadata = Map.copyOf(builder.metadata);
	}

	/** A builder for an experiment of that name. */
	public static Builder builder(String name) {
		return new Builder(name);
	}

	/** The experiment name. */
	public String name() {
		return this.name;
	}

	/** The run name given, or {@code null} for {@code "{name} - {UTC timestamp}"}. */
	public @Nullable String runName() {
		return this.runName;
	}

	/** The description, or {@code null}. */
	public @Nullable String description() {
		return this.description;
	}

	/** The Langfuse dataset to read the items of, or {@code null} for local items. */
	public @Nullable String datasetName() {
		return this.datasetName;
	}

	/** The dataset version to read, or {@code null} for the current one. */
	public @Nullable Instant datasetVersion() {
		return this.datasetVersion;
	}

	/** The items given, or {@code null} when they are read from a dataset. */
	public @Nullable List<ExperimentItem> items() {
		return this.items;
	}

	/** The task. */
	public ExperimentTask task() {
		return this.task;
	}

	/** The item evaluators and their names. */
	public List<Named<ItemEvaluator>> evaluators() {
		return this.evaluators;
	}

	/** The run evaluators and their names. */
	public List<Named<RunEvaluator>> runEvaluators() {
		return this.runEvaluators;
	}

	/** The most items run at once, or 0 for the runner's default. */
	public int maxConcurrency() {
		return this.maxConcurrency;
	}

	/** The run's metadata. */
	public Map<String, Object> metadata() {
		return this.metadata;
	}

	/**
	 * An evaluator and the name its failures are reported under.
	 *
	 * @param <E> the kind of evaluator
	 * @param name the name
	 * @param evaluator the evaluator
	 */
	public record Named<E>(String name, E evaluator) {

		public Named {
			Objects.requireNonNull(name, "name");
			Objects.requireNonNull(evaluator, "evaluator");
		}

	}

	/** Builds an {@link Experiment}; {@link #build()} checks it. */
	public static final class Builder {

		private final String name;

		private @Nullable String runName;

		private @Nullable String description;

		private @Nullable String datasetName;

		private @Nullable Instant datasetVersion;

		private @Nullable List<ExperimentItem> items;

		private @Nullable ExperimentTask task;

		private final List<Named<ItemEvaluator>> evaluators = new ArrayList<>();

		private final List<Named<RunEvaluator>> runEvaluators = new ArrayList<>();

		private int maxConcurrency;

		private final Map<String, Object> metadata = new LinkedHashMap<>();

		private Builder(String name) {
			this.name = name;
		}

		/** Names the run; by default {@code "{name} - {ISO-8601 UTC timestamp}"}. */
		public Builder runName(@Nullable String runName) {
			this.runName = runName;
			return this;
		}

		/** Describes the run. */
		public Builder description(@Nullable String description) {
			this.description = description;
			return this;
		}

		/** Runs over the active items of this Langfuse dataset, read page by page. */
		public Builder dataset(String datasetName) {
			this.datasetName = Objects.requireNonNull(datasetName, "datasetName");
			return this;
		}

		/** Runs over the dataset as it was at this instant. */
		public Builder datasetVersion(@Nullable Instant version) {
			this.datasetVersion = version;
			return this;
		}

		/**
		 * Runs over these items: local data, or items of a Langfuse dataset made with
		 * {@link ExperimentItem#from}.
		 */
		public Builder items(List<ExperimentItem> items) {
			this.items = List.copyOf(items);
			return this;
		}

		/** The application code to run on each item. */
		public Builder task(ExperimentTask task) {
			this.task = Objects.requireNonNull(task, "task");
			return this;
		}

		/** Adds an item evaluator, reported as {@code evaluator-N} when it fails. */
		public Builder evaluator(ItemEvaluator evaluator) {
			return evaluator("evaluator-" + (this.evaluators.size() + 1), evaluator);
		}

		/** Adds a named item evaluator. */
		public Builder evaluator(String name, ItemEvaluator evaluator) {
			this.evaluators.add(new Named<>(name, evaluator));
			return this;
		}

		/** Adds a run evaluator, reported as {@code run-evaluator-N} when it fails. */
		public Builder runEvaluator(RunEvaluator evaluator) {
			return runEvaluator("run-evaluator-" + (this.runEvaluators.size() + 1), evaluator);
		}

		/** Adds a named run evaluator. */
		public Builder runEvaluator(String name, RunEvaluator evaluator) {
			this.runEvaluators.add(new Named<>(name, evaluator));
			return this;
		}

		/** The most items run at once; by default the runner's (50). */
		public Builder maxConcurrency(int maxConcurrency) {
			this.maxConcurrency = maxConcurrency;
			return this;
		}

		/**
		 * Adds run metadata, stamped on every span of every item's trace; null keys and
		 * values are left out.
		 */
		public Builder metadata(Map<String, ?> metadata) {
			metadata.forEach((key, value) -> {
				if (key != null && value != null) {
					this.metadata.put(key, value);
				}
			});
			return this;
		}

		/**
		 * Checks and builds the experiment.
		 * @throws IllegalArgumentException naming what is missing or wrong
		 */
		public Experiment build() {
			if (this.name == null || this.name.isBlank()) {
				throw new IllegalArgumentException("An experiment needs a non-blank name");
			}
			if (this.task == null) {
				throw new IllegalArgumentException("Experiment '" + this.name + "' needs a task");
			}
			if ((this.datasetName == null) == (this.items == null)) {
				throw new IllegalArgumentException(
						"Experiment '" + this.name + "' needs exactly one of dataset(name) and items(list)");
			}
			if (this.maxConcurrency < 0) {
				throw new IllegalArgumentException("Experiment '" + this.name + "' maxConcurrency must be 1 or more, or"
						+ " 0 for the default, got " + this.maxConcurrency);
			}
			return new Experiment(this);
		}

	}

}
