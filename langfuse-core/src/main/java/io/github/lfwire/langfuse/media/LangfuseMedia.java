package io.github.lfwire.langfuse.media;

import java.util.Objects;

/**
 * Bytes of a known content type, such as an image or a PDF, that a capture replaces by a
 * Langfuse media reference and uploads in the background.
 * <p>
 * Put it anywhere in an observation's input, output or metadata, for example as an
 * {@code @Observe} method argument. The array is not copied: do not change it after
 * handing it over.
 */
public final class LangfuseMedia {

	private final byte[] bytes;

	private final String contentType;

	private LangfuseMedia(byte[] bytes, String contentType) {
		this.bytes = (bytes != null) ? bytes : new byte[0];
		this.contentType = (contentType != null) ? MediaContentTypes.normalize(contentType) : "";
	}

	/**
	 * Wraps bytes of the given content type, such as {@code image/png}; never throws.
	 * @param bytes the content, not copied
	 * @param contentType a MIME type, see {@link MediaContentTypes#SUPPORTED}
	 * @return the media
	 */
	public static LangfuseMedia of(byte[] bytes, String contentType) {
		return new LangfuseMedia(bytes, contentType);
	}

	/** The content type, lower case without parameters. */
	public String contentType() {
		return this.contentType;
	}

	/** The number of bytes. */
	public int size() {
		return this.bytes.length;
	}

	/** The content, not copied: do not change it. */
	public byte[] bytes() {
		return this.bytes;
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof LangfuseMedia media && this.contentType.equals(media.contentType)
				&& java.util.Arrays.equals(this.bytes, media.bytes);
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.contentType, this.bytes.length);
	}

	@Override
	public String toString() {
		return "LangfuseMedia{contentType=" + this.contentType + ", size=" + this.bytes.length + "}";
	}

}
