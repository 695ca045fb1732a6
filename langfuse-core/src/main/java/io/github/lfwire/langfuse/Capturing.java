package io.github.lfwire.langfuse;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

import io.github.lfwire.langfuse.capture.CaptureSettings;
import io.github.lfwire.langfuse.capture.Captured;
import io.github.lfwire.langfuse.capture.ImmutableValues;
import io.github.lfwire.langfuse.capture.PayloadCapture;
import io.github.lfwire.langfuse.internal.media.MediaSink;
import io.opentelemetry.api.trace.Span;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.ObjectMapper;

/**
 * Captures inputs, outputs and metadata of observations: the capture and its mapper are
 * created on first use, values are cut at the capture limit and counted, and media goes
 * to the {@link MediaHook}.
 */
final class Capturing {

	private final CaptureSettings settings;

	private final MediaHook media;

	private final boolean mediaEnabled;

	private final LongAdder truncated = new LongAdder();

	private final LongAdder deferred = new LongAdder();

	private final LongAdder tooLargeToDefer = new LongAdder();

	private final Object lock = new Object();

	private volatile @Nullable PayloadCapture capture;

	private final LazyMapper internalMapper;

	/**
	 * @param internalMapper the client's own mapper, also used for values when the
	 * settings give none
	 * @param mediaEnabled whether media in values is replaced by references
	 */
	Capturing(CaptureSettings settings, LazyMapper internalMapper, MediaHook media, boolean mediaEnabled) {
		this.settings = settings;
		this.internalMapper = internalMapper;
		this.media = media;
		this.mediaEnabled = mediaEnabled;
	}

	/** The capture, created on first use. */
	PayloadCapture capture() {
		PayloadCapture capture = this.capture;
		if (capture == null) {
			ObjectMapper mapper = (this.settings.objectMapper() != null) ? this.settings.objectMapper()
					: this.internalMapper.get();
			synchronized (this.lock) {
				capture = this.capture;
				if (capture == null) {
					capture = PayloadCapture.builder()
						.settings(this.settings)
						.objectMapper(mapper)
						.media(this.mediaEnabled)
						.build();
					this.capture = capture;
				}
			}
		}
		return capture;
	}

	/**
	 * Creates the capture and the client's own mapper ahead of their first use, and
	 * writes a sample value with each so that their serializers are ready too.
	 */
	void prepare() {
		capture().capture(Map.of("prepared", List.of(1, "text", true)));
		this.internalMapper.get().writeValueAsString(Map.of("prepared", 1));
	}

	long truncated() {
		return this.truncated.sum();
	}

	void countTruncated() {
		this.truncated.increment();
	}

	String json(Object value) {
		return counted(capture().capture(value));
	}

	/**
	 * What to keep of a value so it can be serialized on the export thread with the same
	 * result, or a refusal when it must be serialized now: deferral is off, the value may
	 * change and cannot be copied, or its estimate is over the deferral bound (then it is
	 * cut anyway, at a cost bounded by the limit). Mutable maps and lists are copied only
	 * without a mask, which may depend on the value's class.
	 */
	ImmutableValues.Deferral deferral(@Nullable Object value) {
		if (!this.settings.deferred()) {
			return ImmutableValues.Deferral.REFUSED;
		}
		ImmutableValues.Deferral deferral = ImmutableValues.deferral(value, this.settings.deferredMaxBytes(),
				this.mediaEnabled, this.settings.mask() == null);
		if (deferral.isKept()) {
			this.deferred.increment();
		}
		else if (deferral.tooLarge()) {
			this.tooLargeToDefer.increment();
		}
		return deferral;
	}

	/**
	 * How many values were serialized on the caller's thread because their estimate was
	 * over the deferral bound.
	 */
	long tooLargeToDefer() {
		return this.tooLargeToDefer.sum();
	}

	/** How many values were left to be serialized on the export thread. */
	long deferred() {
		return this.deferred.sum();
	}

	/** The JSON of a value captured into a field of the span, its media uploaded. */
	String json(Object value, Span span, String field) {
		MediaSink sink = this.media.newSink();
		if (sink == null) {
			return json(value);
		}
		String json = counted(capture().capture(value, sink));
		if (!sink.isEmpty()) {
			this.media.attach(span, field, sink);
		}
		return json;
	}

	/** A metadata text: a data URI replaced by its media reference, else bounded. */
	String metadataText(String text, Span span) {
		String reference = text.startsWith("data:") ? this.media.replaceDataUri(text, span, "metadata") : null;
		return (reference != null) ? reference : boundText(text);
	}

	/** The text cut to the capture limit, marked and counted when cut. */
	String boundText(String text) {
		String bounded = capture().boundText(text);
		if (bounded != text) {
			this.truncated.increment();
		}
		return bounded;
	}

	/**
	 * The client's own JSON of a map, {@code {}} when it cannot be written; a map of text
	 * keys to plain values is written without the mapper.
	 */
	String writeJson(Map<String, ?> value) {
		String flat = FlatJson.write(value);
		if (flat != null) {
			return flat;
		}
		try {
			return this.internalMapper.get().writeValueAsString(value);
		}
		catch (RuntimeException ex) {
			return "{}";
		}
	}

	private String counted(Captured captured) {
		if (captured.truncated()) {
			this.truncated.increment();
		}
		return captured.json();
	}

}
