package io.github.lfwire.langfuse.export;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Encodes a batch once and sends it, possibly several times, to the server.
 * @param <T> the item type
 */
public interface BatchSender<T> {

	/** Encodes the request body for a batch. */
	byte[] encode(List<T> batch) throws IOException;

	/** Sends an encoded body once; network failures are thrown. */
	Delivery send(byte[] body) throws IOException, InterruptedException;

	/**
	 * The server's answer to one send.
	 * @param status the HTTP status
	 * @param retryAfter the delay the server asked for, or {@code null}
	 * @param rejected items of a successful request that the server refused one by one
	 */
	record Delivery(int status, @Nullable Duration retryAfter, int rejected) {
	}

}
