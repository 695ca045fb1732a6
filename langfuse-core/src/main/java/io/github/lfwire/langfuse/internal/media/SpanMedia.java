package io.github.lfwire.langfuse.internal.media;

import java.util.ArrayList;
import java.util.List;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.sdk.trace.data.DelegatingSpanData;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.jspecify.annotations.Nullable;

/**
 * The media of one span: the span is held back from export after it ends until each of
 * its media is uploaded or has failed, then its placeholders are replaced by the real
 * references or by failure markers.
 */
final class SpanMedia {

	private static final String REFERENCE_START = "@@@langfuseMedia:";

	private final List<PendingMedia> items = new ArrayList<>(2);

	private int open;

	private boolean ended;

	private SpanData data;

	synchronized boolean add(List<PendingMedia> found, boolean recording) {
		if (this.ended || !recording) {
			return false;
		}
		this.items.addAll(found);
		this.open += found.size();
		return true;
	}

	synchronized boolean isEmpty() {
		return this.items.isEmpty();
	}

	/**
	 * Records the finished span; returns it resolved when its media are all done,
	 * otherwise {@code null}.
	 */
	synchronized @Nullable SpanData end(SpanData span) {
		this.ended = true;
		this.data = span;
		return ready();
	}

	/**
	 * Records one media as done; returns the span resolved when it was the last one and
	 * the span ended.
	 */
	synchronized SpanData done() {
		this.open--;
		return ready();
	}

	private SpanData ready() {
		if (!this.ended || this.open > 0 || this.data == null) {
			return null;
		}
		SpanData span = this.data;
		this.data = null;
		return resolve(span, this.items);
	}

	@SuppressWarnings("unchecked")
	static SpanData resolve(SpanData span, List<PendingMedia> items) {
		AttributesBuilder builder = Attributes.builder();
		boolean[] changed = { false };
		span.getAttributes().forEach((key, value) -> {
			if (value instanceof String text && text.contains(REFERENCE_START)) {
				String resolved = text;
				for (PendingMedia item : items) {
					resolved = resolved.replace(item.pendingReference(), item.resolved());
				}
				changed[0] |= !resolved.equals(text);
				builder.put((AttributeKey<String>) key, resolved);
			}
			else {
				builder.put((AttributeKey<Object>) key, value);
			}
		});
		if (!changed[0]) {
			return span;
		}
		Attributes attributes = builder.build();
		return new DelegatingSpanData(span) {
			@Override
			public Attributes getAttributes() {
				return attributes;
			}
		};
	}

}
