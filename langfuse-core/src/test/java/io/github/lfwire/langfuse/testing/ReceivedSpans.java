package io.github.lfwire.langfuse.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Lookups over the spans {@link FakeLangfuseServer} received, for tests of a trace's
 * shape.
 */
public final class ReceivedSpans {

	private ReceivedSpans() {
	}

	/**
	 * The first span with the given name; fails naming the spans there are when none has
	 * it.
	 */
	public static ReceivedSpan named(List<ReceivedSpan> spans, String name) {
		return spans.stream()
			.filter((span) -> span.name().equals(name))
			.findFirst()
			.orElseThrow(() -> new AssertionError(
					"no span " + name + " in " + spans.stream().map(ReceivedSpan::name).toList()));
	}

	/** The spans whose {@code langfuse.observation.type} is the given type. */
	public static List<ReceivedSpan> ofType(List<ReceivedSpan> spans, String type) {
		return spans.stream().filter((span) -> type.equals(span.attribute("langfuse.observation.type"))).toList();
	}

	/** The spans by span id. */
	public static Map<String, ReceivedSpan> byId(List<ReceivedSpan> spans) {
		return spans.stream().collect(Collectors.toMap(ReceivedSpan::spanId, Function.identity()));
	}

	/** A span's ancestors among the given ones, its parent first. */
	public static List<ReceivedSpan> ancestors(ReceivedSpan span, Map<String, ReceivedSpan> byId) {
		List<ReceivedSpan> ancestors = new ArrayList<>();
		ReceivedSpan parent = byId.get(span.parentSpanId());
		while (parent != null) {
			ancestors.add(parent);
			parent = byId.get(parent.parentSpanId());
		}
		return ancestors;
	}

}
