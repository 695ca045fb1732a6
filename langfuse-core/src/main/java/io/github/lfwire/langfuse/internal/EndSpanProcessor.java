package io.github.lfwire.langfuse.internal;

import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;

/** A span processor that acts only when a span ends. */
public interface EndSpanProcessor extends SpanProcessor {

	@Override
	default void onStart(Context parentContext, ReadWriteSpan span) {
	}

	@Override
	default boolean isStartRequired() {
		return false;
	}

	@Override
	default boolean isEndRequired() {
		return true;
	}

}
