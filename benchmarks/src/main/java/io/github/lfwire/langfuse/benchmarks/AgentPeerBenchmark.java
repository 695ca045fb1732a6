package io.github.lfwire.langfuse.benchmarks;

import java.util.concurrent.TimeUnit;

import io.opentelemetry.instrumentation.annotations.WithSpan;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The peer users pick today: the OpenTelemetry Java agent with {@code @WithSpan}, in a
 * fork started with {@code -javaagent}, exporting OTLP/HTTP with gzip to a loopback
 * collector in the fork; {@code baseline} is the same method without the annotation in
 * the same fork. The agent captures no arguments or return value. Only the annotation
 * instrumentation is enabled, so the agent traces nothing else (not the collector's own
 * server).
 * <p>
 * The collector listens on the port {@link BenchmarkSuite} chooses and passes, with the
 * agent's endpoint, as system properties.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2,
		jvmArgs = { "-javaagent:" + AgentPeerBenchmark.AGENT_JAR, "-Dotel.instrumentation.common.default-enabled=false",
				"-Dotel.instrumentation.opentelemetry-instrumentation-annotations.enabled=true",
				"-Dotel.traces.exporter=otlp", "-Dotel.metrics.exporter=none", "-Dotel.logs.exporter=none",
				"-Dotel.exporter.otlp.protocol=http/protobuf", "-Dotel.exporter.otlp.compression=gzip",
				"-Dotel.javaagent.logging=none", "-Dotel.service.name=benchmark" })
public class AgentPeerBenchmark {

	/**
	 * Where the build copies the agent, relative to the benchmarks module the suite runs
	 * in.
	 */
	public static final String AGENT_JAR = "target/otel-agent/opentelemetry-javaagent.jar";

	/** The system property naming the port the agent exports to. */
	public static final String COLLECTOR_PORT = "lfwire.bench.agentCollectorPort";

	private static final String INPUT = BasicsBenchmark.INPUT;

	private static final int NESTED_DEPTH = 10;

	/** The collector the agent exports to, on the port the agent was configured with. */
	@State(Scope.Benchmark)
	public static class AgentCollector {

		LoopbackCollector collector;

		final Service service = new Service();

		@Setup
		public void start() {
			Integer port = Integer.getInteger(COLLECTOR_PORT);
			if (port == null) {
				throw new IllegalStateException(
						"Run through BenchmarkSuite, which sets " + COLLECTOR_PORT + " and the agent's OTLP endpoint");
			}
			this.collector = LoopbackCollector.start(port);
		}

		@TearDown
		public void stop() {
			this.collector.close();
		}

	}

	/** The same methods with and without the agent's annotation. */
	public static class Service {

		/** A call chain that many levels deep, each level a span. */
		@WithSpan("descend")
		public int descend(int depth) {
			return (depth <= 1) ? depth : 1 + descend(depth - 1);
		}

		/** The same call chain without spans. */
		public int descendPlain(int depth) {
			return (depth <= 1) ? depth : 1 + descendPlain(depth - 1);
		}

		@WithSpan("work")
		public String work(String input) {
			return "echo:" + input;
		}

		public String plain(String input) {
			return "echo:" + input;
		}

	}

	@Benchmark
	public String baseline(AgentCollector collector) {
		return collector.service.plain(INPUT);
	}

	@Benchmark
	public String agentWithSpan(AgentCollector collector) {
		return collector.service.work(INPUT);
	}

	@Benchmark
	public int baselineNested10(AgentCollector collector) {
		return collector.service.descendPlain(NESTED_DEPTH);
	}

	@Benchmark
	public int agentNested10(AgentCollector collector) {
		return collector.service.descend(NESTED_DEPTH);
	}

}
