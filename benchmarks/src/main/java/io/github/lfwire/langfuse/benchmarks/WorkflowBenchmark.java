package io.github.lfwire.langfuse.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import io.github.lfwire.langfuse.LangfuseClient;
import io.github.lfwire.sample.chat.ChatRequest;
import io.github.lfwire.sample.chat.ChatResponse;
import io.github.lfwire.sample.chat.ChatWorkflow;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * Groups 8 and 9: one turn of the sample application's 16-step chatbot workflow (three
 * retrievals in parallel, five Spring AI model calls and an embedding, a 200 KB state
 * captured at the last step) with the fake model's latency set to zero and its OpenAI API
 * answered in process ({@link InProcessSampleApplication}), so neither sleeps nor
 * loopback HTTP hide the workflow's own work and its tracing; untraced (the
 * {@code @Observe} aspect and the Spring AI integration off), traced, traced with span
 * export requests uncompressed, sampled out, and untraced again as a control, whose ratio
 * to untraced is what the machine measures between two forks of the same code. The
 * warm-up is long: a turn runs a Spring application's whole stack, and its first fifteen
 * seconds are two to four times slower than the steady state while the JIT compiles it.
 * The traced variant has more code to compile (tracing's, the exporter's, its HTTP
 * client's) for the same single C2 compiler thread of a 2-core machine, so it reaches its
 * steady state later: about a minute and a half into the fork, against under a minute
 * untraced ({@code PROFILES.md}, <em>The workflow's warm-up</em>). The warm-up is two
 * minutes, and the turn's mean over seconds 20 to 30 of each fork is recorded beside the
 * steady state ({@link #WARMING_NANOS_PER_OP}), so the slower start stays visible. Eight
 * forks, since the same variant's steady state differs by 5 to 30 % from one fork to the
 * next, more than the aims' margins, as the machine's speed drifts ({@link DriftProbe})
 * and each JVM runs differently; the suite runs them in rounds of one fork of each
 * variant ({@link AlternatedForks}), so a drift of the machine falls on every variant
 * alike. {@link PairedWorkflow} measures the time tracing adds in one JVM, without that
 * spread.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = WorkflowBenchmark.WARMUP_ITERATIONS, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(WorkflowBenchmark.FORKS)
public class WorkflowBenchmark {

	/**
	 * Forks of each variant; the suite runs them in rounds of one fork of each variant
	 * ({@link AlternatedForks}).
	 */
	static final int FORKS = 8;

	/** The benchmark methods, in the suite's first round's order. */
	static final List<String> VARIANTS = List.of("untraced", "traced", "tracedUncompressed", "sampledOut",
			"untracedControl");

	/**
	 * The extras metric of the CPU time of the fork's Java threads (the workflow's, its
	 * executor's, the exporter's and the loopback collector's; not the JIT compiler's or
	 * the GC's) per turn over the measurement iterations, which leaves out the time spent
	 * waiting for a core.
	 */
	public static final String CPU_NANOS_PER_OP = "cpuNanosPerOp";

	/**
	 * The extras metric of the part of {@link #CPU_NANOS_PER_OP} spent on the threads
	 * that run the turn: the benchmark's and the application's task executor.
	 */
	public static final String CALLER_CPU_NANOS_PER_OP = "callerCpuNanosPerOp";

	/**
	 * The extras metric of the part of {@link #CPU_NANOS_PER_OP} spent on the starter's
	 * own threads ({@code langfuse-*}: export, media upload, setup).
	 */
	public static final String LANGFUSE_CPU_NANOS_PER_OP = "langfuseCpuNanosPerOp";

	/**
	 * The extras metric of the mean wall time of a turn over warm-up seconds 20 to 30 of
	 * the fork, while the JIT is still compiling the application's stack.
	 */
	public static final String WARMING_NANOS_PER_OP = "warmingNanosPerOp";

	/** Warm-up iterations of 2 s each. */
	static final int WARMUP_ITERATIONS = 60;

	/**
	 * The first and last warm-up iterations, from 1, that {@link #WARMING_NANOS_PER_OP}
	 * covers.
	 */
	private static final int WARMING_FROM = 11;

	private static final int WARMING_TO = 15;

	private static final ChatRequest REQUEST = new ChatRequest("user-7", "session-7",
			"My invoice shows two charges for the annual plan, can you refund one?");

	/**
	 * A new workflow of the named variant, one of {@link #VARIANTS}; empty for another
	 * name.
	 */
	static Optional<Workflow> variant(String name) {
		return Optional.ofNullable(switch (name) {
			case "untraced" -> new Untraced();
			case "traced" -> new Traced();
			case "tracedUncompressed" -> new TracedUncompressed();
			case "sampledOut" -> new SampledOut();
			case "untracedControl" -> new UntracedControl();
			default -> null;
		});
	}

	/** The sample application with the given tracing setup. */
	abstract static class Workflow {

		LoopbackCollector collector;

		ConfigurableApplicationContext context;

		ChatWorkflow workflow;

		InProcessOpenAi openAi;

		/** Properties added after the variant's own, for {@link PairedWorkflow}. */
		List<String> extraProperties = List.of();

		private long turns;

		private Map<Long, ThreadCpu> iterationStartCpu = Map.of();

		private long iterationStartTurns;

		private long measuredCpu;

		private long measuredCallerCpu;

		private long measuredLangfuseCpu;

		private long measuredTurns;

		private int warmupIterations;

		private long iterationStartNanos;

		private long warmingNanos;

		private long warmingTurns;

		abstract List<String> tracingProperties();

		ChatResponse turn() {
			this.turns++;
			return this.workflow.handle(REQUEST);
		}

		@Setup
		public void start() {
			this.collector = LoopbackCollector.start();
			List<String> properties = new ArrayList<>(List.of(BenchApplication.benchmarkProperties(this.collector)));
			properties.addAll(List.of("sample.demo.conversations=0", "sample.model.latency=0ms",
					"sample.retrieval.latency=0ms", "langfuse.console.enabled=false"));
			properties.addAll(InProcessSampleApplication.properties());
			properties.addAll(tracingProperties());
			properties.addAll(this.extraProperties);
			this.context = BenchApplication.run(InProcessSampleApplication.class, properties);
			this.workflow = this.context.getBean(ChatWorkflow.class);
			this.openAi = this.context.getBean(InProcessOpenAi.class);
			this.workflow.handle(REQUEST);
			if (this.openAi.requests() == 0) {
				throw new IllegalStateException("The workflow's model calls did not reach the in-process fake model");
			}
		}

		@Setup(Level.Iteration)
		public void beginIteration() {
			this.iterationStartCpu = javaThreadsCpuNanos();
			this.iterationStartTurns = this.turns;
			this.iterationStartNanos = System.nanoTime();
		}

		@TearDown(Level.Iteration)
		public void endIteration(IterationParams iteration) {
			if (iteration.getType() == IterationType.WARMUP) {
				this.warmupIterations++;
				if (this.warmupIterations >= WARMING_FROM && this.warmupIterations <= WARMING_TO) {
					this.warmingNanos += System.nanoTime() - this.iterationStartNanos;
					this.warmingTurns += this.turns - this.iterationStartTurns;
				}
			}
			if (iteration.getType() == IterationType.MEASUREMENT) {
				Map<Long, ThreadCpu> start = this.iterationStartCpu;
				javaThreadsCpuNanos().forEach((thread, cpu) -> {
					ThreadCpu before = start.get(thread);
					long used = cpu.nanos() - ((before != null) ? before.nanos() : 0L);
					this.measuredCpu += used;
					if (cpu.name().startsWith("langfuse-")) {
						this.measuredLangfuseCpu += used;
					}
					else if (cpu.name().contains("jmh-worker") || cpu.name().startsWith("task-")) {
						this.measuredCallerCpu += used;
					}
				});
				this.measuredTurns += this.turns - this.iterationStartTurns;
			}
		}

		@TearDown
		public void stop(BenchmarkParams params) {
			LangfuseClient client = this.context.getBeanProvider(LangfuseClient.class).getIfAvailable();
			Map<String, Number> figures = (client != null) ? Extras.exportFigures(client) : new LinkedHashMap<>();
			if (this.measuredTurns > 0) {
				figures.put(CPU_NANOS_PER_OP, (double) this.measuredCpu / this.measuredTurns);
				figures.put(CALLER_CPU_NANOS_PER_OP, (double) this.measuredCallerCpu / this.measuredTurns);
				figures.put(LANGFUSE_CPU_NANOS_PER_OP, (double) this.measuredLangfuseCpu / this.measuredTurns);
			}
			if (this.warmingTurns > 0) {
				figures.put(WARMING_NANOS_PER_OP, (double) this.warmingNanos / this.warmingTurns);
			}
			Extras.record(params, figures);
			close();
		}

		/** Closes the application and its collector, those that were started. */
		void close() {
			if (this.context != null) {
				this.context.close();
			}
			if (this.collector != null) {
				this.collector.close();
			}
		}

	}

	/**
	 * Without the {@code @Observe} aspect, context propagation and the Spring AI
	 * integration: the beans are not proxied and Spring AI's observations are not
	 * recorded.
	 */
	@State(Scope.Benchmark)
	public static class Untraced extends Workflow {

		@Override
		List<String> tracingProperties() {
			return List.of("spring.autoconfigure.exclude="
					+ "io.github.lfwire.langfuse.spring.boot.autoconfigure.observe.LangfuseObserveAutoConfiguration,"
					+ "io.github.lfwire.langfuse.spring.boot.autoconfigure.observe.LangfuseContextPropagationAutoConfiguration",
					"langfuse.integrations.spring-ai.enabled=false");
		}

	}

	/**
	 * Traced with the sample's settings: everything sampled, inputs and outputs captured.
	 */
	@State(Scope.Benchmark)
	public static class Traced extends Workflow {

		@Override
		List<String> tracingProperties() {
			return List.of();
		}

	}

	/**
	 * Traced, with span export requests sent uncompressed
	 * ({@code langfuse.export.compression=none}): what gzip costs the turn.
	 */
	@State(Scope.Benchmark)
	public static class TracedUncompressed extends Workflow {

		@Override
		List<String> tracingProperties() {
			return List.of("langfuse.export.compression=none");
		}

	}

	/**
	 * The untraced workflow again, in forks of its own: its ratio to {@link Untraced} in
	 * each round is what two forks of the same code measure on the machine, against which
	 * the traced variants' ratios are read.
	 */
	@State(Scope.Benchmark)
	public static class UntracedControl extends Untraced {

	}

	/** Traced with a sample rate of zero. */
	@State(Scope.Benchmark)
	public static class SampledOut extends Workflow {

		@Override
		List<String> tracingProperties() {
			return List.of("langfuse.sampling.probability=0");
		}

	}

	/**
	 * CPU time and name of each live Java thread by id; a thread that ends is not
	 * counted.
	 */
	private static Map<Long, ThreadCpu> javaThreadsCpuNanos() {
		ThreadMXBean threads = ManagementFactory.getThreadMXBean();
		Map<Long, ThreadCpu> cpu = new HashMap<>();
		for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
			if (info != null) {
				long nanos = threads.getThreadCpuTime(info.getThreadId());
				if (nanos >= 0) {
					cpu.put(info.getThreadId(), new ThreadCpu(info.getThreadName(), nanos));
				}
			}
		}
		return cpu;
	}

	private record ThreadCpu(String name, long nanos) {
	}

	@Benchmark
	public ChatResponse untraced(Untraced workflow) {
		return workflow.turn();
	}

	@Benchmark
	public ChatResponse traced(Traced workflow) {
		return workflow.turn();
	}

	@Benchmark
	public ChatResponse tracedUncompressed(TracedUncompressed workflow) {
		return workflow.turn();
	}

	@Benchmark
	public ChatResponse sampledOut(SampledOut workflow) {
		return workflow.turn();
	}

	@Benchmark
	public ChatResponse untracedControl(UntracedControl workflow) {
		return workflow.turn();
	}

}
