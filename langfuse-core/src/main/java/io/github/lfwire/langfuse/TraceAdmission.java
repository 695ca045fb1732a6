package io.github.lfwire.langfuse;

import java.util.LinkedHashMap;
import java.util.Map;

import io.github.lfwire.langfuse.internal.export.ExportPipeline;
import org.jspecify.annotations.Nullable;

/**
 * Admits or refuses a new trace at its root by the span queue's high-water mark, so that
 * traces are kept or dropped whole: the room above the mark is kept for the spans of
 * traces already admitted.
 * <p>
 * Every root that joins one application trace ({@link ApplicationTrace#JOIN}) belongs to
 * the same Langfuse trace, so the decision on its first root is remembered for the recent
 * application traces and given to the later ones.
 */
final class TraceAdmission {

	/** How many joined application traces have their decision remembered. */
	static final int REMEMBERED_JOINED_TRACES = 4096;

	private final ExportPipeline<?> spans;

	private final Map<String, Boolean> joined = new LinkedHashMap<>(64, 0.75f, true) {

		@Override
		protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
			return size() > REMEMBERED_JOINED_TRACES;
		}

	};

	private final boolean wholeTraces;

	/**
	 * @param wholeTraces whether traces are refused whole at the high-water mark; when
	 * not, every trace is admitted and the queue drops spans one by one when full
	 */
	TraceAdmission(ExportPipeline<?> spans, boolean wholeTraces) {
		this.spans = spans;
		this.wholeTraces = wholeTraces;
	}

	/**
	 * Decides a recorded root, counting it as dropped when refused (a trace and its root
	 * span, or only the span for a later root of a refused joined trace).
	 * @param joinedTraceId the application trace a joined root belongs to, {@code null}
	 * for a root of its own trace
	 * @return whether the root is admitted
	 */
	boolean admit(@Nullable String joinedTraceId) {
		if (!this.wholeTraces) {
			return true;
		}
		if (joinedTraceId == null) {
			return admitNew();
		}
		Boolean decided;
		boolean first = false;
		synchronized (this.joined) {
			decided = this.joined.get(joinedTraceId);
			if (decided == null) {
				first = true;
				decided = this.spans.admitsTrace();
				this.joined.put(joinedTraceId, decided);
			}
		}
		if (!decided) {
			if (first) {
				this.spans.refuseTrace();
			}
			else {
				this.spans.refuse();
			}
		}
		return decided;
	}

	private boolean admitNew() {
		if (this.spans.admitsTrace()) {
			return true;
		}
		this.spans.refuseTrace();
		return false;
	}

	/**
	 * Whether the application trace's first joined root was refused, so that its
	 * application spans are dropped with it rather than arrive without it.
	 */
	boolean refusedJoined(String traceId) {
		synchronized (this.joined) {
			return Boolean.FALSE.equals(this.joined.get(traceId));
		}
	}

	/** Counts a span started under a refused root as dropped. */
	void refuseChild() {
		this.spans.refuse();
	}

}
