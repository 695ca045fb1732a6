package io.github.lfwire.langfuse.internal.media;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicBoolean;

import io.github.lfwire.langfuse.media.LangfuseMedia;

/**
 * One media value found by a capture: written as a reference with a placeholder id on the
 * caller's thread, decoded, hashed and uploaded later on an upload thread.
 */
final class PendingMedia {

	static final String SOURCE_DATA_URI = "base64_data_uri";

	static final String SOURCE_BYTES = "bytes";

	private final String contentType;

	private final String source;

	private String base64;

	private final int offset;

	private byte[] rawBytes;

	private final long heldBytes;

	private final String pendingReference;

	private String traceId;

	private String observationId;

	private String field;

	private SpanMedia span;

	private byte[] bytes;

	private String sha256Base64;

	private String mediaId;

	private volatile String resolved;

	private final AtomicBoolean finished = new AtomicBoolean();

	private PendingMedia(String contentType, String source, String base64, int offset, byte[] rawBytes, long heldBytes,
			String placeholderId) {
		this.contentType = contentType;
		this.source = source;
		this.base64 = base64;
		this.offset = offset;
		this.rawBytes = rawBytes;
		this.heldBytes = heldBytes;
		this.pendingReference = reference(contentType, placeholderId, source);
	}

	static PendingMedia base64(String contentType, String text, int offset, String placeholderId) {
		return new PendingMedia(contentType, SOURCE_DATA_URI, text, offset, null, text.length() - offset,
				placeholderId);
	}

	static PendingMedia bytes(LangfuseMedia media, String placeholderId) {
		return new PendingMedia(media.contentType(), SOURCE_BYTES, null, 0, media.bytes(), media.size(), placeholderId);
	}

	static String reference(String contentType, String id, String source) {
		return "@@@langfuseMedia:type=" + contentType + "|id=" + id + "|source=" + source + "@@@";
	}

	/**
	 * The media id of the given content: the first 22 characters of URL-safe base64 of
	 * its SHA-256.
	 */
	static String mediaId(byte[] sha256) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(sha256).substring(0, 22);
	}

	void attach(String traceId, String observationId, String field, SpanMedia span) {
		this.traceId = traceId;
		this.observationId = observationId;
		this.field = field;
		this.span = span;
	}

	/**
	 * Decodes and hashes the content once.
	 * @throws IllegalArgumentException if the base64 text is invalid
	 */
	synchronized void digest() {
		if (this.sha256Base64 != null) {
			return;
		}
		byte[] content = (this.rawBytes != null) ? this.rawBytes
				: Base64.getDecoder().decode(this.base64.substring(this.offset).getBytes(StandardCharsets.ISO_8859_1));
		if (content.length == 0) {
			throw new IllegalArgumentException("empty");
		}
		byte[] sha256;
		try {
			sha256 = MessageDigest.getInstance("SHA-256").digest(content);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
		this.bytes = content;
		this.sha256Base64 = Base64.getEncoder().encodeToString(sha256);
		this.mediaId = mediaId(sha256);
	}

	/**
	 * Drops the content once uploaded or failed, so a span that ends later does not keep
	 * it in memory.
	 */
	synchronized void release() {
		this.bytes = null;
		this.base64 = null;
		this.rawBytes = null;
	}

	/** Marks the media finished; {@code false} when it already was. */
	boolean finish() {
		return this.finished.compareAndSet(false, true);
	}

	void succeed() {
		this.resolved = reference(this.contentType, this.mediaId, this.source);
	}

	void fail(String cause) {
		this.resolved = "<media not uploaded (" + cause + "): " + this.contentType
				+ ((this.mediaId != null) ? ", id " + this.mediaId : "") + ">";
	}

	String contentType() {
		return this.contentType;
	}

	long heldBytes() {
		return this.heldBytes;
	}

	String pendingReference() {
		return this.pendingReference;
	}

	String resolved() {
		return this.resolved;
	}

	String traceId() {
		return this.traceId;
	}

	String observationId() {
		return this.observationId;
	}

	String field() {
		return this.field;
	}

	SpanMedia span() {
		return this.span;
	}

	synchronized byte[] content() {
		return this.bytes;
	}

	synchronized String sha256Base64() {
		return this.sha256Base64;
	}

	synchronized String mediaId() {
		return this.mediaId;
	}

}
