package io.github.lfwire.langfuse;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;

/**
 * A context that holds only the parent span of a new Langfuse span: the workaround for
 * the OpenTelemetry Java agent. It is not built from {@link Context#root()}, whose
 * storage the agent replaces with one that drops spans of other SDKs such as the client's
 * private one.
 */
final class ParentContext implements Context {

	private static final ParentContext EMPTY = new ParentContext(null, null);

	private final ContextKey<?> key;

	private final Object value;

	private ParentContext(ContextKey<?> key, Object value) {
		this.key = key;
		this.value = value;
	}

	static Context of(Span parent) {
		return parent.storeInContext(EMPTY);
	}

	@Override
	@SuppressWarnings("unchecked")
	public <V> V get(ContextKey<V> key) {
		return (key == this.key) ? (V) this.value : null;
	}

	@Override
	public <V> Context with(ContextKey<V> key, V value) {
		return new ParentContext(key, value);
	}

}
