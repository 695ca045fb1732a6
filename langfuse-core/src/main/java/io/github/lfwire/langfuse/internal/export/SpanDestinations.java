package io.github.lfwire.langfuse.internal.export;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;

import io.github.lfwire.langfuse.export.ExportStats;

/**
 * Where finished spans go: Langfuse (or the console) and every added span exporter, each
 * a pipeline with its own bounded queue, thread and counters, so that a slow, failing or
 * throwing destination never delays or drops what the others receive.
 */
public final class SpanDestinations implements Consumer<SpanData> {

	private final ExportPipeline<SpanData> langfuse;

	private final Map<String, ExportPipeline<SpanData>> added;

	private final ExportPipeline<SpanData>[] addedPipelines;

	@SuppressWarnings("unchecked")
	private SpanDestinations(ExportPipeline<SpanData> langfuse, Map<String, ExportPipeline<SpanData>> added) {
		this.langfuse = langfuse;
		this.added = added;
		this.addedPipelines = added.values().toArray(ExportPipeline[]::new);
	}

	/**
	 * Creates the destinations: Langfuse, then one pipeline per exporter, named after its
	 * class.
	 * @param settings the settings of the pipeline of an added destination, by name
	 */
	public static SpanDestinations create(ExportPipeline<SpanData> langfuse, List<SpanExporter> exporters,
			Function<String, PipelineSettings> settings) {
		Map<String, ExportPipeline<SpanData>> added = new LinkedHashMap<>();
		for (SpanExporter exporter : exporters) {
			String name = exporter.getClass().getSimpleName();
			String unique = name;
			for (int i = 2; added.containsKey(unique); i++) {
				unique = name + "-" + i;
			}
			added.put(unique, ExportPipeline.exporter(settings.apply(unique), exporter));
		}
		return new SpanDestinations(langfuse, Collections.unmodifiableMap(added));
	}

	/** Queues a finished span for every destination; never blocks. */
	@Override
	public void accept(SpanData span) {
		this.langfuse.offer(span);
		for (ExportPipeline<SpanData> destination : this.addedPipelines) {
			destination.offer(span);
		}
	}

	/**
	 * Counts a finished span as refused when Langfuse is the only destination and it is
	 * shut down or full in spans, as queuing it would, so that the span is not converted
	 * and sized for nobody.
	 * @return whether the span was refused and counted
	 */
	boolean refuseIfFull() {
		return this.addedPipelines.length == 0 && this.langfuse.refuseIfFull();
	}

	/**
	 * A span processor that queues every finished, sampled span for every destination;
	 * its flush waits for Langfuse's.
	 */
	public SpanProcessor spanProcessor(Duration flushTimeout) {
		return new LangfuseSpanProcessor(this, flushTimeout);
	}

	/** The pipeline to Langfuse, or to the console. */
	public ExportPipeline<SpanData> langfuse() {
		return this.langfuse;
	}

	/** Exports what the added destinations queued so far, waiting at most the timeout. */
	public ExportResult flushAdded(Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		ExportResult total = ExportResult.NONE;
		for (ExportPipeline<SpanData> destination : this.added.values()) {
			total = total.plus(destination.flush(remaining(deadline)));
		}
		return total;
	}

	/** Shuts the added destinations down within the timeout, then their exporters. */
	public ExportResult shutdownAdded(Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		ExportResult total = ExportResult.NONE;
		for (ExportPipeline<SpanData> destination : this.added.values()) {
			total = total.plus(destination.shutdown(remaining(deadline)));
		}
		return total;
	}

	/** A snapshot of the counters of each added destination, by name. */
	public Map<String, ExportStats> addedStats() {
		Map<String, ExportStats> stats = new LinkedHashMap<>();
		this.added.forEach((name, destination) -> stats.put(name, destination.stats()));
		return Collections.unmodifiableMap(stats);
	}

	private static Duration remaining(long deadline) {
		return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
	}

}
