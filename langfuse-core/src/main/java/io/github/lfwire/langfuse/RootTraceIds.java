package io.github.lfwire.langfuse;

import io.opentelemetry.sdk.trace.IdGenerator;

/**
 * Gives a root span the trace id its sampling was decided on: the client draws the id,
 * decides with the trace-id ratio, then hands the id to the SDK for the span it starts on
 * the same thread.
 */
final class RootTraceIds implements IdGenerator {

	private static final IdGenerator RANDOM = IdGenerator.random();

	private final ThreadLocal<String> next = new ThreadLocal<>();

	/** A new random trace id. */
	String draw() {
		return RANDOM.generateTraceId();
	}

	/** Makes the next root span started on this thread use the trace id. */
	void useNext(String traceId) {
		this.next.set(traceId);
	}

	@Override
	public String generateSpanId() {
		return RANDOM.generateSpanId();
	}

	@Override
	public String generateTraceId() {
		String traceId = this.next.get();
		if (traceId == null) {
			return RANDOM.generateTraceId();
		}
		this.next.remove();
		return traceId;
	}

}
