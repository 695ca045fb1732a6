package io.github.lfwire.langfuse.internal.export;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Optional;
import java.util.function.Function;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;

/**
 * Prints each finished trace as the console mode's tree, with its Langfuse URL once the
 * project id is known, for a client that also sends its traces to Langfuse.
 */
public final class TraceTreeExporter implements SpanExporter {

	private final ConsoleTraceSender trees;

	/**
	 * @param out where the trees are printed
	 * @param traceUrl a trace's Langfuse URL by trace id, empty while unknown
	 */
	public TraceTreeExporter(PrintStream out, Function<String, Optional<String>> traceUrl) {
		this.trees = new ConsoleTraceSender(out, traceUrl);
	}

	@Override
	public CompletableResultCode export(Collection<SpanData> spans) {
		this.trees.send(this.trees.encode(new ArrayList<>(spans)));
		return CompletableResultCode.ofSuccess();
	}

	@Override
	public CompletableResultCode flush() {
		return CompletableResultCode.ofSuccess();
	}

	@Override
	public CompletableResultCode shutdown() {
		return CompletableResultCode.ofSuccess();
	}

}
