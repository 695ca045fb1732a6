package io.github.lfwire.langfuse.benchmarks;

import java.util.ArrayList;
import java.util.List;

import io.github.lfwire.langfuse.semconv.LangfuseAttributes;
import io.github.lfwire.langfuse.capture.PayloadCapture;
import io.github.lfwire.langfuse.internal.LangfuseHttp;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;

/**
 * Finished spans shaped as {@link BatchingBenchmark}'s traces (a {@code request} root and
 * four {@code step} children, each with the captured input and output), made by the
 * OpenTelemetry SDK with the resource, scope and attributes the client gives them, so the
 * exporter can be measured without producing them.
 */
final class BatchSpans {

	static final int SPANS_PER_TRACE = 5;

	private static final String SCOPE = "io.github.lfwire.langfuse";

	private BatchSpans() {
	}

	/** The spans of the given number of traces, in the order they end. */
	static List<SpanData> traces(int traces) {
		List<SpanData> finished = new ArrayList<>();
		PayloadCapture capture = PayloadCapture.builder().build();
		String input = capture.capture(BasicsBenchmark.INPUT).json();
		String output = capture.capture("done").json();
		SdkTracerProvider provider = SdkTracerProvider.builder()
			.setResource(Resource.getDefault())
			.addSpanProcessor(new Collecting(finished))
			.build();
		try {
			Tracer tracer = provider.get(SCOPE, LangfuseHttp.SDK_VERSION);
			for (int i = 0; i < traces; i++) {
				Span root = tracer.spanBuilder("request")
					.setNoParent()
					.setAttribute(LangfuseAttributes.OBSERVATION_TYPE, "span")
					.startSpan();
				root.setAttribute(LangfuseAttributes.OBSERVATION_INPUT, input);
				try (Scope scope = root.makeCurrent()) {
					for (int child = 1; child < SPANS_PER_TRACE; child++) {
						tracer.spanBuilder("step")
							.setParent(Context.current())
							.setAttribute(LangfuseAttributes.OBSERVATION_TYPE, "span")
							.startSpan()
							.setAttribute(LangfuseAttributes.OBSERVATION_INPUT, input)
							.setAttribute(LangfuseAttributes.OBSERVATION_OUTPUT, output)
							.end();
					}
				}
				root.setAttribute(LangfuseAttributes.OBSERVATION_OUTPUT, output);
				root.end();
			}
			return finished;
		}
		finally {
			provider.shutdown();
		}
	}

	/**
	 * Keeps every finished span; the SDK testing module's exporter would do, but its
	 * context storage would then wrap every {@code Context.current()} of the benchmarks
	 * on the classpath.
	 */
	private record Collecting(List<SpanData> finished) implements SpanProcessor {

		@Override
		public void onStart(Context parentContext, ReadWriteSpan span) {
		}

		@Override
		public boolean isStartRequired() {
			return false;
		}

		@Override
		public void onEnd(ReadableSpan span) {
			this.finished.add(span.toSpanData());
		}

		@Override
		public boolean isEndRequired() {
			return true;
		}

	}

}
