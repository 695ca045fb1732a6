package io.github.lfwire.langfuse.export;

import java.util.Locale;

/** Why an item was dropped instead of delivered. */
public enum DropReason {

	/** The queue held its maximum number of items. */
	QUEUE_FULL,
	/** The queue held its maximum number of bytes. */
	QUEUE_BYTES_FULL,
	/**
	 * The trace was refused whole at its root because the span queue was above its
	 * high-water mark: its spans and scores are dropped with it.
	 */
	TRACE_REFUSED,
	/** The server refused the credentials (401 or 403). */
	UNAUTHORIZED,
	/** The server rejected the request or the item with a client error. */
	REJECTED,
	/** Every retry failed. */
	RETRIES_EXHAUSTED,
	/** The client shut down before the item was delivered. */
	SHUTDOWN,
	/**
	 * A destination's span exporter failed, threw or timed out; exporters retry on their
	 * own, so the batch is not sent again.
	 */
	DESTINATION_FAILED;

	private final String key = name().toLowerCase(Locale.ROOT);

	/** The lower-case name used in stats and metrics. */
	public String key() {
		return this.key;
	}

}
