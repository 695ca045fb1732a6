package io.github.lfwire.langfuse.media;

import java.util.Locale;

/** Why media was not uploaded on purpose. */
public enum MediaSkipReason {

	/** Langfuse does not accept the content type; the media stays inline. */
	UNSUPPORTED_TYPE,
	/** The server already had the same bytes; the reference is valid. */
	ALREADY_UPLOADED;

	private final String key = name().toLowerCase(Locale.ROOT);

	/**
	 * The lower-case name used in stats and metrics, such as {@code unsupported_type}.
	 */
	public String key() {
		return this.key;
	}

}
