package io.github.lfwire.langfuse.media;

import java.util.Locale;

/** Why media was left inline instead of queued for upload. */
public enum MediaDropReason {

	/** The upload queue held its maximum number of media. */
	QUEUE_FULL,
	/** The upload queue held its maximum number of bytes. */
	QUEUE_BYTES_FULL,
	/** The client was shutting down. */
	SHUTDOWN;

	private final String key = name().toLowerCase(Locale.ROOT);

	/** The lower-case name used in stats and metrics, such as {@code queue_full}. */
	public String key() {
		return this.key;
	}

}
