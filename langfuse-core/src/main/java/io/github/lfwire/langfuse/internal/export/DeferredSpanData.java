package io.github.lfwire.langfuse.internal.export;

import java.util.function.Supplier;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanLimits;
import io.opentelemetry.sdk.trace.data.DelegatingSpanData;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.jspecify.annotations.Nullable;

/**
 * A finished span whose captured values are serialized by whichever destination first
 * reads its attributes, on that destination's thread, once for all destinations.
 * <p>
 * The values are handed over by {@link #end}, which ends the span with them; the span
 * processors, called by the span's end on the same thread, wrap the span with
 * {@link #of}. The queues count the span by its other attributes and the estimate taken
 * when the values were captured ({@link #deferredBytes()}), without serializing them. A
 * new attribute beyond the span's attribute limit is dropped and counted, as the SDK
 * does.
 */
public final class DeferredSpanData extends DelegatingSpanData {

	private static final ThreadLocal<Pending> ENDING = new ThreadLocal<>();

	private final SpanData base;

	private final long deferredBytes;

	private @Nullable Supplier<Attributes> deferred;

	private volatile @Nullable Attributes attributes;

	private int totalAttributeCount;

	private DeferredSpanData(SpanData base, Pending pending) {
		super(base);
		this.base = base;
		this.deferredBytes = pending.bytes();
		this.deferred = pending.attributes();
	}

	/**
	 * Ends the span with attributes computed when first read.
	 * @param bytes the estimated size of the attributes
	 * @param attributes computes the attributes; they replace those of the same keys
	 */
	public static void end(Span span, long bytes, Supplier<Attributes> attributes) {
		Pending previous = ENDING.get();
		ENDING.set(new Pending(span.getSpanContext(), bytes, attributes));
		try {
			span.end();
		}
		finally {
			ENDING.set(previous);
		}
	}

	/**
	 * The data of a finished span, with the attributes handed to {@link #end} when it is
	 * the span being ended on this thread.
	 */
	public static SpanData of(ReadableSpan span) {
		SpanData data = span.toSpanData();
		Pending pending = ENDING.get();
		if (pending == null || !pending.context().equals(span.getSpanContext())) {
			return data;
		}
		return new DeferredSpanData(data, pending);
	}

	/** The span's data without the deferred attributes. */
	SpanData base() {
		return this.base;
	}

	/** The estimated size of the deferred attributes. */
	long deferredBytes() {
		return this.deferredBytes;
	}

	@Override
	public Attributes getAttributes() {
		Attributes resolved = this.attributes;
		if (resolved == null) {
			synchronized (this) {
				resolved = this.attributes;
				if (resolved == null) {
					resolved = resolve();
					this.attributes = resolved;
					this.deferred = null;
				}
			}
		}
		return resolved;
	}

	@Override
	public int getTotalAttributeCount() {
		getAttributes();
		return this.totalAttributeCount;
	}

	private Attributes resolve() {
		Supplier<Attributes> deferred = this.deferred;
		Attributes values;
		try {
			values = (deferred != null) ? deferred.get() : Attributes.empty();
		}
		catch (RuntimeException | LinkageError ex) {
			values = Attributes.empty();
		}
		Attributes base = this.base.getAttributes();
		AttributesBuilder builder = base.toBuilder();
		int[] added = { 0 };
		int room = SpanLimits.getDefault().getMaxNumberOfAttributes() - base.size();
		values.forEach((key, value) -> {
			boolean replaces = base.get(key) != null;
			if (replaces || added[0] < room) {
				putUnchecked(builder, key, value);
			}
			added[0] += replaces ? 0 : 1;
		});
		this.totalAttributeCount = this.base.getTotalAttributeCount() + added[0];
		return builder.build();
	}

	@SuppressWarnings("unchecked")
	private static void putUnchecked(AttributesBuilder builder, AttributeKey<?> key, Object value) {
		builder.put((AttributeKey<Object>) key, value);
	}

	/** Attributes handed over for the span ending on this thread. */
	private record Pending(SpanContext context, long bytes, Supplier<Attributes> attributes) {
	}

}
