package io.github.lfwire.langfuse;

import io.opentelemetry.api.trace.SpanId;
import io.opentelemetry.api.trace.TraceId;
import org.jspecify.annotations.Nullable;

/**
 * A trace to start an observation in, and optionally the span to start it under: how a
 * trace continues across services that pass only ids, or how an external id (see
 * {@link TraceIds#fromSeed(String)}) maps to one trace.
 *
 * @param traceId the trace id, 32 lowercase hex characters
 * @param parentSpanId the id of the span to start under, 16 lowercase hex characters, or
 * {@code null} to start the trace's root
 */
public record TraceContext(String traceId, @Nullable String parentSpanId) {

	/** The root of the given trace. */
	public static TraceContext of(String traceId) {
		return new TraceContext(traceId, null);
	}

	/** A child of the given span of the given trace. */
	public static TraceContext of(String traceId, @Nullable String parentSpanId) {
		return new TraceContext(traceId, parentSpanId);
	}

	/**
	 * Whether both ids are well formed (lowercase hex of the right length, not all
	 * zeros); an observation started in an invalid context starts a new trace instead.
	 */
	public boolean isValid() {
		return this.traceId != null && TraceId.isValid(this.traceId)
				&& (this.parentSpanId == null || SpanId.isValid(this.parentSpanId));
	}

}
