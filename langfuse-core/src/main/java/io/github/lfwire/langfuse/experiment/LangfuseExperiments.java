package io.github.lfwire.langfuse.experiment;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.lfwire.langfuse.FlushResult;
import io.github.lfwire.langfuse.LangfuseClient;
import io.github.lfwire.langfuse.config.LangfuseConfigException;
import io.github.lfwire.langfuse.Observation;
import io.github.lfwire.langfuse.ObservationType;
import io.github.lfwire.langfuse.Score;
import io.github.lfwire.langfuse.dataset.Dataset;
import io.github.lfwire.langfuse.dataset.DatasetItem;
import io.github.lfwire.langfuse.dataset.LangfuseDatasetException;
import io.github.lfwire.langfuse.dataset.LangfuseDatasets;
import org.jspecify.annotations.Nullable;

/**
 * Runs experiments: each item in a trace of its own whose every span carries the
 * {@code langfuse.experiment.*} attributes and environment {@code sdk-experiment}, linked
 * to a dataset run before its task runs, scored by the item evaluators on its root
 * observation; then the run evaluators over the successful results, scored on the dataset
 * run; then a flush, so everything is delivered when {@link #run} returns.
 * <p>
 * Unlike the official runners, a link call that fails is retried and the items keep the
 * one dataset run id, so the run is never split; run evaluations of local data, which
 * have no dataset run to score, stay in the result with one log line saying so; long
 * names and metadata are sent whole. A task or evaluator that throws is recorded (ERROR
 * level and message on its observation, and in the result) and the run goes on.
 * Thread-safe.
 */
public final class LangfuseExperiments {

	/** How many items run at once, by default, as the official SDKs do. */
	public static final int DEFAULT_MAX_CONCURRENCY = 50;

	/**
	 * How long the end of a run waits for traces and scores to be delivered, by default.
	 */
	public static final Duration DEFAULT_FLUSH_TIMEOUT = Duration.ofSeconds(30);

	/** The environment of every span and score of an experiment. */
	public static final String ENVIRONMENT = "sdk-experiment";

	/** The name of each item's root observation. */
	public static final String ITEM_ROOT_NAME = "experiment-item-run";

	static final String EXPERIMENT_ID = "langfuse.experiment.id";

	static final String EXPERIMENT_NAME = "langfuse.experiment.name";

	static final String EXPERIMENT_DESCRIPTION = "langfuse.experiment.description";

	static final String EXPERIMENT_METADATA = "langfuse.experiment.metadata";

	static final String DATASET_ID = "langfuse.experiment.dataset.id";

	static final String ITEM_ID = "langfuse.experiment.item.id";

	static final String ITEM_ROOT_OBSERVATION_ID = "langfuse.experiment.item.root_observation_id";

	static final String ITEM_METADATA = "langfuse.experiment.item.metadata";

	static final String ITEM_EXPECTED_OUTPUT = "langfuse.experiment.item.expected_output";

	private static final Logger logger = System.getLogger(LangfuseExperiments.class.getName());

	private static final AtomicInteger RUNS = new AtomicInteger();

	private final LangfuseClient client;

	private final LangfuseDatasets datasets;

	private final int maxConcurrency;

	private final Duration flushTimeout;

	private final Clock clock;

	private LangfuseExperiments(Builder builder) {
		this.client = builder.client;
		this.datasets = (builder.datasets != null) ? builder.datasets
				: LangfuseDatasets.create(builder.client.config());
		this.maxConcurrency = builder.maxConcurrency;
		this.flushTimeout = builder.flushTimeout;
		this.clock = builder.clock;
	}

	/** Experiments traced by the client, with datasets reached with its settings. */
	public static LangfuseExperiments create(LangfuseClient client) {
		return builder(client).build();
	}

	/** A builder for experiments traced by the client. */
	public static Builder builder(LangfuseClient client) {
		return new Builder(Objects.requireNonNull(client, "client"));
	}

	/** The datasets this runner reads and links to. */
	public LangfuseDatasets datasets() {
		return this.datasets;
	}

	/** The most items run at once when an experiment does not say. */
	public int maxConcurrency() {
		return this.maxConcurrency;
	}

	/** How long the end of a run waits for delivery. */
	public Duration flushTimeout() {
		return this.flushTimeout;
	}

	/**
	 * Runs the experiment and returns once every item, evaluation and flush is done.
	 * @throws LangfuseDatasetException when the dataset cannot be read; nothing ran then
	 */
	public ExperimentResult run(Experiment experiment) {
		String runName = (experiment.runName() != null) ? experiment.runName() : experiment.name() + " - "
				+ DateTimeFormatter.ISO_INSTANT.format(Instant.now(this.clock).truncatedTo(ChronoUnit.MILLIS));
		Dataset dataset = null;
		List<ExperimentItem> items;
		if (experiment.datasetName() != null) {
			dataset = this.datasets.get(experiment.datasetName());
			items = this.datasets.items(experiment.datasetName(), experiment.datasetVersion())
				.stream()
				.map(ExperimentItem::from)
				.toList();
		}
		else {
			items = experiment.items();
		}
		ExperimentRun run = new ExperimentRun(experiment, runName, randomId());
		int concurrency = Math.max(1, Math
			.min((experiment.maxConcurrency() > 0) ? experiment.maxConcurrency() : this.maxConcurrency, items.size()));
		List<ItemResult> results = runItems(run, items, concurrency);
		if (run.notRecorded.get() > 0) {
			logger.log(Level.WARNING,
					"Experiment '" + experiment.name() + "': " + run.notRecorded.get() + " of " + items.size()
							+ " items ran without a trace (tracing disabled, or sampled out by sample rate "
							+ this.client.config().tracing().sampleRate()
							+ "): their traces, links and scores were not sent; their"
							+ " results are in the result only. Run experiments with a sample rate of 1.0.");
		}
		List<ItemResult> succeeded = results.stream().filter(ItemResult::succeeded).toList();
		List<Evaluation> runEvaluations = new ArrayList<>();
		List<String> runEvaluatorErrors = new ArrayList<>();
		for (Experiment.Named<RunEvaluator> evaluator : experiment.runEvaluators()) {
			try {
				runEvaluations.addAll(nonNull(evaluator.evaluator().evaluate(succeeded)));
			}
			catch (Exception | LinkageError ex) {
				String error = "run evaluator " + evaluator.name() + " failed: " + describe(ex);
				runEvaluatorErrors.add(error);
				logger.log(Level.WARNING, "Experiment '" + experiment.name() + "': " + error);
			}
		}
		String datasetRunId = run.datasetRunId;
		boolean sent = false;
		if (datasetRunId != null) {
			runEvaluations.forEach((evaluation) -> this.client
				.score(evaluation.toScore().datasetRunId(datasetRunId).environment(ENVIRONMENT)));
			sent = true;
		}
		else if (!runEvaluations.isEmpty()) {
			logger.log(Level.INFO,
					"Experiment '" + experiment.name() + "': " + runEvaluations.size()
							+ " run evaluation(s) kept in the result only, as there is no dataset run to score"
							+ ((dataset == null) ? " (local data)" : " (no item could be linked)"));
		}
		FlushResult flush = this.client.flush(this.flushTimeout);
		if (flush.failed() > 0 || flush.pending() > 0) {
			logger.log(Level.WARNING, "Experiment '" + experiment.name() + "': not everything was delivered within "
					+ this.flushTimeout + ": " + flush);
		}
		String url = null;
		if (dataset != null && datasetRunId != null) {
			try {
				url = this.datasets.datasetRunUrl(dataset.id(), datasetRunId);
			}
			catch (LangfuseDatasetException ex) {
				logger.log(Level.WARNING, "Experiment '" + experiment.name()
						+ "': no dataset run URL, the project id is unknown: " + ex.getMessage());
			}
		}
		return new ExperimentResult(experiment.name(), runName, experiment.description(), results, runEvaluations,
				runEvaluatorErrors, (datasetRunId != null) ? datasetRunId : run.fallbackId,
				(dataset != null) ? dataset.id() : null, datasetRunId, url, sent, flush);
	}

	private List<ItemResult> runItems(ExperimentRun run, List<ExperimentItem> items, int concurrency) {
		int instance = RUNS.incrementAndGet();
		AtomicInteger threads = new AtomicInteger();
		ExecutorService executor = Executors.newFixedThreadPool(concurrency, (runnable) -> {
			Thread thread = new Thread(runnable, "langfuse-experiment-" + instance + "-" + threads.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		});
		try {
			List<Future<ItemResult>> futures = new ArrayList<>(items.size());
			for (int i = 0; i < items.size(); i++) {
				int index = i;
				ExperimentItem item = items.get(i);
				futures.add(executor.submit(() -> runItem(run, index, item)));
			}
			List<ItemResult> results = new ArrayList<>(items.size());
			for (int i = 0; i < futures.size(); i++) {
				results.add(await(futures.get(i), i, items.get(i)));
			}
			return results;
		}
		finally {
			executor.shutdownNow();
		}
	}

	private static ItemResult await(Future<ItemResult> future, int index, ExperimentItem item) {
		try {
			return future.get();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return failed(index, item, "interrupted before the item finished");
		}
		catch (ExecutionException ex) {
			return failed(index, item, "the runner failed: " + describe(ex.getCause()));
		}
	}

	private static ItemResult failed(int index, ExperimentItem item, String error) {
		return new ItemResult(index, item, null, List.of(), null, null, null, error, List.of(), null);
	}

	private ItemResult runItem(ExperimentRun run, int index, ExperimentItem item) {
		if (item.input() == null) {
			return failed(index, item, "skipped: the item has no input");
		}
		DatasetItem datasetItem = item.datasetItem();
		try (Observation root = this.client.span(ITEM_ROOT_NAME)) {
			String linkError = null;
			String runId = null;
			if (!root.isRecording()) {
				run.notRecorded.incrementAndGet();
				linkError = (datasetItem != null) ? "not linked: the item's trace was not recorded" : null;
			}
			else if (datasetItem != null) {
				try {
					runId = run.link(this.datasets, datasetItem, root);
				}
				catch (LangfuseDatasetException ex) {
					linkError = ex.getMessage();
					logger.log(Level.WARNING, "Experiment '" + run.experiment.name() + "': item " + datasetItem.id()
							+ " could not be linked to run '" + run.runName + "': " + linkError);
				}
			}
			String experimentId = (runId != null) ? runId
					: (run.datasetRunId != null) ? run.datasetRunId : run.fallbackId;
			run.stamp(item, root, experimentId);
			Object output = null;
			String error = null;
			try {
				output = run.experiment.task().run(item);
				root.output(output);
			}
			catch (Exception | LinkageError | AssertionError ex) {
				error = "task failed: " + describe(ex);
				root.recordException(ex);
			}
			List<Evaluation> evaluations = new ArrayList<>();
			List<String> evaluatorErrors = new ArrayList<>();
			if (error == null) {
				for (Experiment.Named<ItemEvaluator> evaluator : run.experiment.evaluators()) {
					evaluate(evaluator, item, output, evaluations, evaluatorErrors);
				}
				evaluations.forEach((evaluation) -> root.score(evaluation.toScore().environment(ENVIRONMENT)));
			}
			boolean recorded = root.isRecording();
			return new ItemResult(index, item, output, evaluations, recorded ? root.traceId() : null,
					recorded ? root.id() : null, runId, error, evaluatorErrors, linkError);
		}
	}

	private void evaluate(Experiment.Named<ItemEvaluator> evaluator, ExperimentItem item, @Nullable Object output,
			List<Evaluation> evaluations, List<String> errors) {
		try (Observation observation = this.client.start(ObservationType.EVALUATOR, evaluator.name())) {
			try {
				List<Evaluation> produced = nonNull(evaluator.evaluator().evaluate(item, output));
				observation.output(produced);
				evaluations.addAll(produced);
			}
			catch (Exception | LinkageError | AssertionError ex) {
				errors.add("evaluator " + evaluator.name() + " failed: " + describe(ex));
				observation.recordException(ex);
			}
		}
	}

	private static List<Evaluation> nonNull(@Nullable List<Evaluation> evaluations) {
		return (evaluations != null) ? evaluations.stream().filter(Objects::nonNull).toList() : List.of();
	}

	private static String describe(Throwable error) {
		return error.getClass().getSimpleName() + ((error.getMessage() != null) ? ": " + error.getMessage() : "");
	}

	private static String randomId() {
		return HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
	}

	/**
	 * Builds {@link LangfuseExperiments}; every setting is checked in {@link #build()}.
	 */
	public static final class Builder {

		private final LangfuseClient client;

		private @Nullable LangfuseDatasets datasets;

		private int maxConcurrency = DEFAULT_MAX_CONCURRENCY;

		private Duration flushTimeout = DEFAULT_FLUSH_TIMEOUT;

		private Clock clock = Clock.systemUTC();

		private Builder(LangfuseClient client) {
			this.client = client;
		}

		/**
		 * The datasets to read and link to (default: made from the client's settings).
		 */
		public Builder datasets(LangfuseDatasets datasets) {
			this.datasets = Objects.requireNonNull(datasets, "datasets");
			return this;
		}

		/** The most items run at once when an experiment does not say (default 50). */
		public Builder maxConcurrency(int maxConcurrency) {
			this.maxConcurrency = maxConcurrency;
			return this;
		}

		/** How long the end of a run waits for delivery (default 30 s). */
		public Builder flushTimeout(Duration flushTimeout) {
			this.flushTimeout = flushTimeout;
			return this;
		}

		/** The clock of default run names, for tests. */
		public Builder clock(Clock clock) {
			this.clock = Objects.requireNonNull(clock, "clock");
			return this;
		}

		/**
		 * Validates every setting and builds the runner.
		 * @throws LangfuseConfigException naming the first invalid setting and its fix
		 */
		public LangfuseExperiments build() {
			if (this.maxConcurrency < 1 || this.maxConcurrency > 1000) {
				throw new LangfuseConfigException("experimentMaxConcurrency",
						this.maxConcurrency + " is not between 1 and 1000",
						"Use the most items to run at once, e.g. 50.");
			}
			if (this.flushTimeout == null || this.flushTimeout.isNegative() || this.flushTimeout.isZero()) {
				throw new LangfuseConfigException("experimentFlushTimeout",
						this.flushTimeout + " is not a positive duration", "Use a positive duration such as 30s.");
			}
			return new LangfuseExperiments(this);
		}

	}

}
