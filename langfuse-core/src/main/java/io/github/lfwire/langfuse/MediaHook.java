package io.github.lfwire.langfuse;

import io.github.lfwire.langfuse.internal.media.MediaSink;
import io.github.lfwire.langfuse.internal.media.MediaUploader;
import io.opentelemetry.api.trace.Span;
import org.jspecify.annotations.Nullable;

/**
 * What capture asks of media handling: a sink for the media of one value, and its upload
 * once the value is captured; {@link #NONE} when media stays inline.
 */
interface MediaHook {

	/** Leaves media inline, bounded by the capture limit. */
	MediaHook NONE = new MediaHook() {

		@Override
		public @Nullable MediaSink newSink() {
			return null;
		}

		@Override
		public void attach(Span span, String field, MediaSink sink) {
		}

		@Override
		public @Nullable String replaceDataUri(String text, Span span, String field) {
			return null;
		}

	};

	/** A sink for the media of one captured value, or {@code null} to leave it inline. */
	@Nullable MediaSink newSink();

	/** Uploads the media collected while capturing a field of the span. */
	void attach(Span span, String field, MediaSink sink);

	/** A reference replacing a data URI, or {@code null} to keep the text. */
	@Nullable String replaceDataUri(String text, Span span, String field);

	/** Hands the media of captured values to the uploader. */
	static MediaHook of(MediaUploader uploader) {
		return new MediaHook() {

			@Override
			public MediaSink newSink() {
				return uploader.newSink();
			}

			@Override
			public void attach(Span span, String field, MediaSink sink) {
				uploader.attach(span, field, sink);
			}

			@Override
			public @Nullable String replaceDataUri(String text, Span span, String field) {
				return uploader.replaceDataUri(text, span, field);
			}

		};
	}

}
