package io.github.lfwire.langfuse.internal.export;

import java.time.Duration;
import java.util.List;

import io.github.lfwire.langfuse.internal.EndSpanProcessor;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.data.SpanData;

/** Hands every finished, sampled span to the span destinations. */
final class LangfuseSpanProcessor implements EndSpanProcessor {

	private static final int FIXED_SPAN_BYTES = 160;

	private final SpanDestinations destinations;

	private final Duration flushTimeout;

	LangfuseSpanProcessor(SpanDestinations destinations, Duration flushTimeout) {
		this.destinations = destinations;
		this.flushTimeout = flushTimeout;
	}

	@Override
	public void onEnd(ReadableSpan span) {
		if (span.getSpanContext().isSampled() && !this.destinations.refuseIfFull()) {
			this.destinations.accept(DeferredSpanData.of(span));
		}
	}

	@Override
	public CompletableResultCode forceFlush() {
		ExportResult result = this.destinations.langfuse().flush(this.flushTimeout);
		return (!result.timedOut() && result.failed() == 0 && result.pending() == 0) ? CompletableResultCode.ofSuccess()
				: CompletableResultCode.ofFailure();
	}

	@Override
	public CompletableResultCode shutdown() {
		return CompletableResultCode.ofSuccess();
	}

	/**
	 * Estimates the memory a finished span holds, dominated by its string attributes;
	 * deferred values count by the estimate taken when they were captured, so they are
	 * not serialized here.
	 */
	static long estimateBytes(SpanData span) {
		SizeSum sum = new SizeSum();
		sum.add(span.getName());
		if (span instanceof DeferredSpanData deferred) {
			deferred.base().getAttributes().forEach(sum);
			sum.total += deferred.deferredBytes();
		}
		else {
			span.getAttributes().forEach(sum);
		}
		return FIXED_SPAN_BYTES + sum.total;
	}

	private static final class SizeSum implements java.util.function.BiConsumer<AttributeKey<?>, Object> {

		private long total;

		void add(String value) {
			this.total += value.length();
		}

		@Override
		public void accept(AttributeKey<?> key, Object value) {
			this.total += key.getKey().length() + 16;
			if (value instanceof String string) {
				this.total += string.length();
			}
			else if (value instanceof List<?> list) {
				for (Object element : list) {
					this.total += (element instanceof String string) ? string.length() + 8 : 8;
				}
			}
		}

	}

}
