package io.github.lfwire.langfuse.internal.media;

import java.util.function.Consumer;

import io.github.lfwire.langfuse.internal.EndSpanProcessor;
import io.github.lfwire.langfuse.internal.export.DeferredSpanData;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;

/**
 * Holds back finished spans that carry media until their uploads are done, and passes
 * every other span on.
 */
final class MediaSpanProcessor implements EndSpanProcessor {

	private final SpanProcessor delegate;

	private final MediaUploader uploader;

	private final Consumer<SpanData> ready;

	MediaSpanProcessor(SpanProcessor delegate, MediaUploader uploader, Consumer<SpanData> ready) {
		this.delegate = delegate;
		this.uploader = uploader;
		this.ready = ready;
	}

	@Override
	public void onEnd(ReadableSpan span) {
		SpanMedia media = this.uploader.takeSpan(span.getSpanContext());
		if (media == null) {
			this.delegate.onEnd(span);
			return;
		}
		SpanData ready = media.end(DeferredSpanData.of(span));
		if (ready != null) {
			this.ready.accept(ready);
		}
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
