package io.github.lfwire.langfuse;

import java.util.List;
import java.util.function.Consumer;

import io.github.lfwire.langfuse.internal.join.ApplicationSpanForwarder;
import io.github.lfwire.langfuse.stats.Stat;
import io.github.lfwire.langfuse.stats.StatGroup;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.jspecify.annotations.Nullable;

/**
 * The counters of the application's own spans in join mode: kept by the
 * {@link SpanFilter}, kept as ancestors, filtered out, and what the capacity forgot.
 *
 * @param kept application spans the filter kept
 * @param ancestorsKept application spans sent only because a kept span or a Langfuse root
 * is below them
 * @param filtered application spans dropped by the filter
 * @param ancestorsLost remembered ancestors forgotten at the capacity before they ended
 * @param tracesForgotten traces whose held spans and remembered ancestors were forgotten
 * at the capacity
 * @param held spans held and ancestor ids remembered now
 * @param capacity most spans held and ancestor ids remembered
 */
public record ApplicationSpanStats(long kept, long ancestorsKept, long filtered, long ancestorsLost,
		long tracesForgotten, long held, long capacity) {

	/** The stats when application spans are not forwarded. */
	public static final ApplicationSpanStats NONE = new ApplicationSpanStats(0, 0, 0, 0, 0, 0, 0);

	static @Nullable ApplicationSpanForwarder forwarder(TracingSettings tracing, Consumer<SpanData> sink) {
		if (tracing.applicationTrace() != ApplicationTrace.JOIN
				|| (tracing.spanFilter() == null && tracing.applicationSpans() == ApplicationSpans.NONE)) {
			return null;
		}
		SpanFilter filter = tracing.effectiveSpanFilter();
		return new ApplicationSpanForwarder(filter::keep, sink, tracing.applicationSpanCapacity());
	}

	static ApplicationSpanStats of(@Nullable ApplicationSpanForwarder forwarder) {
		return (forwarder != null)
				? new ApplicationSpanStats(forwarder.kept(), forwarder.ancestorsKept(), forwarder.filtered(),
						forwarder.ancestorsLost(), forwarder.tracesForgotten(), forwarder.held(), forwarder.capacity())
				: NONE;
	}

	/** The stats as the {@code applicationSpans} group. */
	public StatGroup describe() {
		return new StatGroup("applicationSpans", List.of(
				Stat.counter("kept", "Application spans kept by the span filter", this.kept),
				Stat.counter("ancestorsKept", "Application spans sent as ancestors of kept spans", this.ancestorsKept),
				Stat.counter("filtered", "Application spans dropped by the span filter", this.filtered),
				Stat.counter("ancestorsLost", "Ancestors forgotten at the capacity before they ended",
						this.ancestorsLost),
				Stat.counter("tracesForgotten", "Traces forgotten at the application span capacity",
						this.tracesForgotten),
				Stat.gauge("held", "Application spans held and ancestor ids remembered", this.held),
				Stat.gauge("capacity", "Most application spans held and ancestor ids remembered", this.capacity)));
	}

}
