package io.github.lfwire.langfuse.media;

import java.util.Locale;
import java.util.Set;

/**
 * The content types a Langfuse server accepts for media uploads (its
 * {@code MediaContentType} list).
 */
public final class MediaContentTypes {

	/** Every supported content type, lower case. */
	public static final Set<String> SUPPORTED = Set.of("image/png", "image/jpeg", "image/jpg", "image/webp",
			"image/gif", "image/svg+xml", "image/tiff", "image/bmp", "image/avif", "image/heic", "audio/mpeg",
			"audio/mp3", "audio/wav", "audio/ogg", "audio/oga", "audio/aac", "audio/mp4", "audio/flac", "audio/opus",
			"audio/webm", "video/mp4", "video/webm", "video/ogg", "video/mpeg", "video/quicktime", "video/x-msvideo",
			"video/x-matroska", "text/plain", "text/html", "text/css", "text/csv", "text/markdown", "text/x-python",
			"application/javascript", "text/x-typescript", "application/x-yaml", "application/pdf",
			"application/msword", "application/vnd.ms-excel",
			"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "application/zip", "application/json",
			"application/xml", "application/octet-stream",
			"application/vnd.openxmlformats-officedocument.wordprocessingml.document",
			"application/vnd.openxmlformats-officedocument.presentationml.presentation", "application/rtf",
			"application/x-ndjson", "application/vnd.apache.parquet", "application/gzip", "application/x-tar",
			"application/x-7z-compressed");

	private MediaContentTypes() {
	}

	/**
	 * Whether the server accepts this content type; parameters such as {@code ;charset=}
	 * are ignored.
	 */
	public static boolean isSupported(String contentType) {
		return contentType != null && SUPPORTED.contains(normalize(contentType));
	}

	/** The content type without parameters, trimmed and in lower case. */
	public static String normalize(String contentType) {
		int parameters = contentType.indexOf(';');
		String type = (parameters >= 0) ? contentType.substring(0, parameters) : contentType;
		return type.trim().toLowerCase(Locale.ROOT);
	}

}
