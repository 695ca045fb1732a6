package io.github.lfwire.langfuse.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.github.lfwire.langfuse.FlushResult;
import io.github.lfwire.langfuse.LangfuseClient;
import io.github.lfwire.langfuse.LangfuseConfig;
import io.github.lfwire.langfuse.Observation;
import io.github.lfwire.langfuse.export.ExportStats;
import io.github.lfwire.langfuse.internal.LangfuseHttp;
import io.github.lfwire.langfuse.internal.export.ExportPipeline;
import io.github.lfwire.langfuse.internal.export.ExportResult;
import io.github.lfwire.langfuse.internal.export.PipelineSettings;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * Group 10: 1, 100 or 1000 traces of five spans sent to a loopback server with the
 * default batch and queue sizes. {@code produceAndFlush} produces them with the client
 * back to back and flushes: the time to produce and deliver them all.
 * {@code exportQueued} queues the same traces' spans, produced beforehand, into the
 * client's span pipeline (the same queue, export thread, encoder and HTTP transport) and
 * flushes: the time from the first span queued to the last delivered, the exporter's own
 * throughput. Both record the requests that took, the spans, the drops, the body bytes
 * per span and the export thread's CPU time per span, over the measurement iterations.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 10)
@Measurement(iterations = 30)
@Fork(2)
@State(Scope.Benchmark)
public class BatchingBenchmark {

	private static final int SPANS_PER_TRACE = BatchSpans.SPANS_PER_TRACE;

	private static final Duration FLUSH_TIMEOUT = Duration.ofSeconds(30);

	@Param({ "1", "100", "1000" })
	public int traces;

	private LoopbackCollector collector;

	private LangfuseClient client;

	private long operations;

	private boolean measuring;

	private long requestsAtStart;

	private long exportedAtStart;

	private long bytesAtStart;

	private long exportCpuAtStart;

	private ExportPipeline<SpanData> pipeline;

	private List<SpanData> spans;

	@Setup
	public void start(BenchmarkParams params) {
		this.collector = LoopbackCollector.start();
		if (params.getBenchmark().endsWith("exportQueued")) {
			this.pipeline = spanPipeline(this.collector);
			this.spans = BatchSpans.traces(this.traces);
		}
		else {
			this.client = LangfuseClient.create(this.collector.clientConfig().build());
		}
	}

	/** The span pipeline the client makes with the default settings, to the collector. */
	static ExportPipeline<SpanData> spanPipeline(LoopbackCollector collector) {
		LangfuseConfig defaults = collector.clientConfig().build();
		LangfuseHttp http = new LangfuseHttp(defaults.host(), LoopbackCollector.PUBLIC_KEY,
				LoopbackCollector.SECRET_KEY, defaults.export().timeout());
		return ExportPipeline.otlp(PipelineSettings.spans(defaults.export(), "spans", collector.baseUrl()), http,
				defaults.exportEndpoint(), defaults.export().basicAuth(), defaults.export().headers(),
				defaults.export().compression());
	}

	@TearDown
	public void stop(BenchmarkParams params) {
		ExportStats stats = (this.pipeline != null) ? this.pipeline.stats() : this.client.stats().spans();
		long requests = this.collector.traceRequests() - this.requestsAtStart;
		long exported = stats.exported() - this.exportedAtStart;
		long bytes = this.collector.traceBytes() - this.bytesAtStart;
		long exportCpu = exportThreadCpuNanos() - this.exportCpuAtStart;
		Extras.record(params, Map.of("requestsPerOp", (double) requests / this.operations, "spansPerOp",
				(double) exported / this.operations, "exported", exported, "dropped", stats.droppedTotal(),
				"bodyBytesPerSpan", (double) bytes / exported, "exportCpuNanosPerSpan", (double) exportCpu / exported));
		if (this.pipeline != null) {
			this.pipeline.shutdown(Duration.ofSeconds(10));
		}
		else {
			this.client.shutdown(Duration.ofSeconds(10));
		}
		this.collector.close();
	}

	@Benchmark
	public FlushResult produceAndFlush() {
		this.operations++;
		for (int i = 0; i < this.traces; i++) {
			try (Observation root = this.client.span("request")) {
				root.input(BasicsBenchmark.INPUT);
				for (int child = 1; child < SPANS_PER_TRACE; child++) {
					try (Observation step = this.client.span("step")) {
						step.input(BasicsBenchmark.INPUT).output("done");
					}
				}
				root.output("done");
			}
		}
		FlushResult result = this.client.flush(FLUSH_TIMEOUT);
		if (!result.success()) {
			throw new IllegalStateException("Flush did not deliver everything: " + result);
		}
		return result;
	}

	@Benchmark
	public ExportResult exportQueued() {
		this.operations++;
		long exportedBefore = this.pipeline.stats().exported();
		for (SpanData span : this.spans) {
			this.pipeline.offer(span);
		}
		ExportResult result = this.pipeline.flush(FLUSH_TIMEOUT);
		long exported = this.pipeline.stats().exported() - exportedBefore;
		if (exported != this.spans.size() || result.failed() != 0 || result.timedOut()) {
			throw new IllegalStateException(
					"Flush did not deliver everything: " + exported + " of " + this.spans.size() + ", " + result);
		}
		return result;
	}

	/**
	 * Starts the figures with the first measurement iteration, so that they leave out the
	 * warmup and the first request's class loading.
	 */
	@Setup(Level.Iteration)
	public void measure(IterationParams iteration) {
		if (iteration.getType() == IterationType.MEASUREMENT && !this.measuring) {
			this.measuring = true;
			this.operations = 0;
			begin((this.pipeline != null) ? this.pipeline.stats() : this.client.stats().spans());
		}
	}

	/**
	 * The CPU time the span export thread has used, in the JVM's thread CPU clock; it
	 * does not count the JDK HTTP client's own threads.
	 */
	private static long exportThreadCpuNanos() {
		ThreadMXBean threads = ManagementFactory.getThreadMXBean();
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter((thread) -> thread.getName().equals("langfuse-export-spans"))
			.mapToLong((thread) -> Math.max(0, threads.getThreadCpuTime(thread.getId())))
			.sum();
	}

	private void begin(ExportStats stats) {
		this.exportCpuAtStart = exportThreadCpuNanos();
		this.requestsAtStart = this.collector.traceRequests();
		this.bytesAtStart = this.collector.traceBytes();
		this.exportedAtStart = stats.exported();
	}

}
