package io.github.lfwire.langfuse.internal.export;

import java.io.IOException;
import java.util.List;

import io.github.lfwire.langfuse.internal.HttpOutcome;

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

	/**
	 * Whether the destination answers again, asked cheaply (a request with an empty
	 * batch) while a failed batch waits for its retry.
	 * @return {@code false} when it cannot be asked, as for the console
	 */
	default boolean probe() throws IOException, InterruptedException {
		return false;
	}

	/** Sends the empty batch of this sender as a probe, {@code true} when it succeeds. */
	static boolean sendsEmptyBatch(BatchSender<?> sender, byte[] emptyBatch) throws IOException, InterruptedException {
		return sender.send(emptyBatch).kind() == HttpOutcome.SUCCESS;
	}

}
