package io.github.lfwire.langfuse.internal.join;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.Predicate;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.DelegatingSpanData;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.jspecify.annotations.Nullable;

/**
 * The span processor added to the application's OpenTelemetry SDK in join mode: hands to
 * Langfuse every ended application span the filter keeps and every ancestor of a kept
 * span or of a joined Langfuse root, so that no forwarded span points to a parent that
 * was dropped uncounted.
 * <p>
 * Children usually end before their parents: a kept span's parent id is remembered and
 * the parent is kept when it ends. A span that ends unkept while its trace's local root
 * is open is held, in case a descendant that ends later is kept (work that outlives its
 * parent). Held spans and remembered ids together are bounded by the capacity; beyond it
 * the trace held longest is forgotten, its held spans counted as filtered and its
 * remembered ids as ancestors lost. When a local root ends, its trace's held spans are
 * filtered out. A forwarded local root whose parent is in another process is marked
 * {@code langfuse.internal.is_app_root}, so Langfuse treats it as the trace's root.
 */
public final class ApplicationSpanForwarder implements SpanProcessor {

	private static final AttributeKey<Boolean> IS_APP_ROOT = AttributeKey.booleanKey("langfuse.internal.is_app_root");

	private final Predicate<ReadableSpan> filter;

	private final Consumer<SpanData> sink;

	private final int capacity;

	private final Map<String, TraceState> traces = new LinkedHashMap<>();

	private int held;

	private final LongAdder kept = new LongAdder();

	private final LongAdder filtered = new LongAdder();

	private final LongAdder ancestorsKept = new LongAdder();

	private final LongAdder ancestorsLost = new LongAdder();

	private final LongAdder tracesForgotten = new LongAdder();

	private volatile boolean attached;

	/**
	 * @param filter which ended application spans are kept for their own sake
	 * @param sink where kept spans go (the span destinations)
	 * @param capacity most held spans and remembered ancestor ids
	 */
	public ApplicationSpanForwarder(Predicate<ReadableSpan> filter, Consumer<SpanData> sink, int capacity) {
		this.filter = filter;
		this.sink = sink;
		this.capacity = capacity;
	}

	/** Whether an application SDK has started a span with this processor. */
	public boolean attached() {
		return this.attached;
	}

	@Override
	public void onStart(Context parentContext, ReadWriteSpan span) {
		if (!this.attached) {
			this.attached = true;
		}
	}

	@Override
	public boolean isStartRequired() {
		return true;
	}

	@Override
	public boolean isEndRequired() {
		return true;
	}

	@Override
	public void onEnd(ReadableSpan span) {
		SpanContext context = span.getSpanContext();
		if (!context.isSampled()) {
			return;
		}
		boolean keep;
		try {
			keep = this.filter.test(span);
		}
		catch (RuntimeException ex) {
			keep = false;
		}
		SpanContext parent = span.getParentSpanContext();
		boolean localRoot = !parent.isValid() || parent.isRemote();
		String traceId = context.getTraceId();
		List<SpanData> out = new ArrayList<>(1);
		synchronized (this) {
			TraceState state = this.traces.get(traceId);
			boolean wanted = state != null && state.wanted.remove(context.getSpanId());
			if (wanted) {
				this.held--;
			}
			if (keep || wanted) {
				(keep ? this.kept : this.ancestorsKept).increment();
				out.add(forwarded(span.toSpanData()));
				if (!localRoot) {
					keepAncestors(traceId, parent.getSpanId(), out);
				}
			}
			else if (!localRoot) {
				hold(traceId, span.toSpanData());
			}
			else {
				this.filtered.increment();
			}
			if (localRoot) {
				close(traceId);
			}
			dropIfEmpty(traceId);
		}
		out.forEach(this.sink);
	}

	/**
	 * Keeps the application span with this id, and its ancestors, when it ends (or now if
	 * it is held); called when a Langfuse root joined under it ends.
	 */
	public void keepAncestors(String traceId, String parentSpanId) {
		List<SpanData> out = new ArrayList<>(1);
		synchronized (this) {
			keepAncestors(traceId, parentSpanId, out);
		}
		out.forEach(this.sink);
	}

	private void keepAncestors(String traceId, String parentSpanId, List<SpanData> out) {
		String spanId = parentSpanId;
		while (true) {
			TraceState state = state(traceId);
			SpanData held = state.held.remove(spanId);
			if (held == null) {
				if (state.wanted.add(spanId)) {
					this.held++;
					makeRoom(traceId);
				}
				return;
			}
			this.held--;
			this.ancestorsKept.increment();
			out.add(forwarded(held));
			spanId = held.getParentSpanId();
		}
	}

	private void hold(String traceId, SpanData span) {
		TraceState state = state(traceId);
		state.held.put(span.getSpanId(), span);
		this.held++;
		makeRoom(traceId);
	}

	private TraceState state(String traceId) {
		return this.traces.computeIfAbsent(traceId, (id) -> new TraceState());
	}

	private void makeRoom(String current) {
		Iterator<Map.Entry<String, TraceState>> eldest = this.traces.entrySet().iterator();
		while (this.held > this.capacity && eldest.hasNext()) {
			Map.Entry<String, TraceState> entry = eldest.next();
			if (entry.getKey().equals(current) && this.traces.size() > 1) {
				continue;
			}
			TraceState state = entry.getValue();
			eldest.remove();
			forget(state);
			this.tracesForgotten.increment();
		}
	}

	private void close(String traceId) {
		TraceState state = this.traces.get(traceId);
		if (state == null) {
			return;
		}
		this.filtered.add(state.held.size());
		this.held -= state.held.size();
		state.held.clear();
	}

	private void dropIfEmpty(String traceId) {
		TraceState state = this.traces.get(traceId);
		if (state != null && state.held.isEmpty() && state.wanted.isEmpty()) {
			this.traces.remove(traceId);
		}
	}

	private void forget(TraceState state) {
		this.filtered.add(state.held.size());
		this.ancestorsLost.add(state.wanted.size());
		this.held -= state.held.size() + state.wanted.size();
	}

	private static SpanData forwarded(SpanData span) {
		SpanContext parent = span.getParentSpanContext();
		if (!parent.isValid() || !parent.isRemote() || Boolean.TRUE.equals(span.getAttributes().get(IS_APP_ROOT))) {
			return span;
		}
		Attributes marked = span.getAttributes().toBuilder().put(IS_APP_ROOT, true).build();
		return new DelegatingSpanData(span) {

			@Override
			public Attributes getAttributes() {
				return marked;
			}

			@Override
			public int getTotalAttributeCount() {
				return Math.max(marked.size(), span.getTotalAttributeCount() + 1);
			}

		};
	}

	/** Application spans kept by the filter and forwarded. */
	public long kept() {
		return this.kept.sum();
	}

	/** Application spans neither kept by the filter nor an ancestor of a kept span. */
	public long filtered() {
		return this.filtered.sum();
	}

	/**
	 * Application spans forwarded only because a kept span or a Langfuse root is below
	 * them.
	 */
	public long ancestorsKept() {
		return this.ancestorsKept.sum();
	}

	/** Remembered ancestors forgotten before they ended, at the capacity. */
	public long ancestorsLost() {
		return this.ancestorsLost.sum();
	}

	/** Traces whose held spans and remembered ids were forgotten at the capacity. */
	public long tracesForgotten() {
		return this.tracesForgotten.sum();
	}

	/** Held spans and remembered ids right now. */
	public synchronized int held() {
		return this.held;
	}

	/** The most held spans and remembered ids. */
	public int capacity() {
		return this.capacity;
	}

	private static final class TraceState {

		private final Map<String, SpanData> held = new HashMap<>();

		private final Set<String> wanted = new HashSet<>();

	}

}
