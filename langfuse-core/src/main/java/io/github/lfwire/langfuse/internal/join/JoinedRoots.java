package io.github.lfwire.langfuse.internal.join;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;

/**
 * Wraps the processor of the client's own tracer provider in join mode: a Langfuse root
 * joined under an open application span that the application's SDK hands to the
 * {@link ApplicationSpanForwarder} gives up its {@code is_app_root} mark (that span, or
 * its topmost forwarded ancestor, is the trace's root), and when it ends its application
 * ancestors are kept.
 */
public final class JoinedRoots implements SpanProcessor {

	private static final AttributeKey<Boolean> IS_APP_ROOT = AttributeKey.booleanKey("langfuse.internal.is_app_root");

	private final SpanProcessor delegate;

	private final ApplicationSpanForwarder forwarder;

	public JoinedRoots(SpanProcessor delegate, ApplicationSpanForwarder forwarder) {
		this.delegate = delegate;
		this.forwarder = forwarder;
	}

	@Override
	public void onStart(Context parentContext, ReadWriteSpan span) {
		SpanContext parent = span.getParentSpanContext();
		if (parent.isRemote() && this.forwarder.attached() && Boolean.TRUE.equals(span.getAttribute(IS_APP_ROOT))
				&& Span.current() instanceof ReadableSpan application && !application.hasEnded()
				&& application.getSpanContext().isSampled()
				&& application.getSpanContext().getSpanId().equals(parent.getSpanId())) {
			span.setAttribute(IS_APP_ROOT, false);
		}
		if (this.delegate.isStartRequired()) {
			this.delegate.onStart(parentContext, span);
		}
	}

	@Override
	public boolean isStartRequired() {
		return true;
	}

	@Override
	public void onEnd(ReadableSpan span) {
		this.delegate.onEnd(span);
		SpanContext parent = span.getParentSpanContext();
		if (parent.isValid() && parent.isRemote() && span.getSpanContext().isSampled()
				&& Boolean.FALSE.equals(span.getAttribute(IS_APP_ROOT))) {
			this.forwarder.keepAncestors(span.getSpanContext().getTraceId(), parent.getSpanId());
		}
	}

	@Override
	public boolean isEndRequired() {
		return true;
	}

	@Override
	public CompletableResultCode forceFlush() {
		return this.delegate.forceFlush();
	}

	@Override
	public CompletableResultCode shutdown() {
		return this.delegate.shutdown();
	}

}
