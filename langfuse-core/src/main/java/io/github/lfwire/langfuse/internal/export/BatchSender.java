package io.github.lfwire.langfuse.internal.export;

import java.io.IOException;
import java.util.List;

/**
 * Encodes a batch once and sends it, possibly several times, deriving a
 * {@link SendOutcome} from each answer.
 *
 * @param <T> the item type
 */
public interface BatchSender<T> {

	/** Encodes the request body for a batch. */
	byte[] encode(List<T> batch) throws IOException;

	/** Sends an encoded body once; network failures and timeouts are thrown. */
	SendOutcome send(byte[] body) throws IOException, InterruptedException;

	/**
	 * Whether each request carries the project's keys, so that a refusal can point at
	 * them.
	 */
	default boolean sendsKeys() {
		return true;
	}

}
