package io.github.lfwire.langfuse.internal.media;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;

import io.github.lfwire.langfuse.media.MediaSkipReason;
import io.github.lfwire.langfuse.media.LangfuseMedia;
import io.github.lfwire.langfuse.media.MediaContentTypes;

/**
 * Collects the media one capture finds and hands out the references written in their
 * place; created by a {@link MediaUploader} for each captured value.
 * <p>
 * Work on the caller's thread is constant per media value: the content is neither
 * decoded, hashed nor copied here.
 */
public final class MediaSink {

	private static final ThreadLocal<MediaSink> CURRENT = new ThreadLocal<>();

	private static final int MAX_HEADER_CHARS = 256;

	private static final String PLACEHOLDER_PREFIX = placeholderPrefix();

	private static final AtomicLong PLACEHOLDERS = new AtomicLong();

	private final MediaUploader uploader;

	private List<PendingMedia> found;

	MediaSink(MediaUploader uploader) {
		this.uploader = uploader;
	}

	/**
	 * Makes the sink the one the media serializers use on this thread until
	 * {@link #restore(MediaSink)}, without building a Jackson writer with an attribute
	 * for every capture; returns the sink it replaces.
	 */
	public static MediaSink install(MediaSink sink) {
		MediaSink previous = CURRENT.get();
		CURRENT.set(sink);
		return previous;
	}

	/** Puts back the sink {@link #install(MediaSink)} replaced. */
	public static void restore(MediaSink previous) {
		CURRENT.set(previous);
	}

	/** The sink installed on this thread, or {@code null}. */
	static MediaSink current() {
		return CURRENT.get();
	}

	/**
	 * The reference for a {@code data:<type>;base64,} string, or {@code null} to write it
	 * as it is.
	 */
	@Nullable String dataUri(String text) {
		int limit = Math.min(text.length(), MAX_HEADER_CHARS);
		int comma = 5;
		while (comma < limit && text.charAt(comma) != ',') {
			comma++;
		}
		if (comma >= limit || comma == text.length() - 1) {
			return null;
		}
		String header = text.substring(5, comma);
		if (!header.endsWith(";base64")) {
			return null;
		}
		return add(MediaContentTypes.normalize(header), text, comma + 1);
	}

	/**
	 * The reference for base64 content of a provider message part, or {@code null} to
	 * write it as it is.
	 */
	@Nullable String base64(String contentType, String base64) {
		if (base64.isEmpty()) {
			return null;
		}
		return add(MediaContentTypes.normalize(contentType), base64, 0);
	}

	/** The reference for {@link LangfuseMedia}, or {@code null} to write it inline. */
	@Nullable String bytes(LangfuseMedia media) {
		if (media.size() == 0) {
			return null;
		}
		if (!MediaContentTypes.isSupported(media.contentType())) {
			this.uploader.skipped(MediaSkipReason.UNSUPPORTED_TYPE);
			return null;
		}
		if (!this.uploader.reserve(media.size())) {
			return null;
		}
		return remember(PendingMedia.bytes(media, nextPlaceholder()));
	}

	private String add(String contentType, String text, int offset) {
		if (!MediaContentTypes.isSupported(contentType)) {
			this.uploader.skipped(MediaSkipReason.UNSUPPORTED_TYPE);
			return null;
		}
		if (!this.uploader.reserve(text.length() - offset)) {
			return null;
		}
		return remember(PendingMedia.base64(contentType, text, offset, nextPlaceholder()));
	}

	private String remember(PendingMedia media) {
		if (this.found == null) {
			this.found = new ArrayList<>(2);
		}
		this.found.add(media);
		return media.pendingReference();
	}

	List<PendingMedia> found() {
		return (this.found != null) ? this.found : List.of();
	}

	/** Whether the capture found media. */
	public boolean isEmpty() {
		return this.found == null;
	}

	/**
	 * A unique stand-in for a media id, of the same length, so the captured JSON keeps
	 * its size.
	 */
	private static String nextPlaceholder() {
		String sequence = Long.toString(PLACEHOLDERS.incrementAndGet(), 36);
		return PLACEHOLDER_PREFIX + "0".repeat(16 - sequence.length()) + sequence;
	}

	private static String placeholderPrefix() {
		SecureRandom random = new SecureRandom();
		StringBuilder prefix = new StringBuilder("~");
		for (int i = 0; i < 5; i++) {
			prefix.append(Character.forDigit(random.nextInt(36), 36));
		}
		return prefix.toString();
	}

}
