package io.github.lfwire.langfuse.internal.export;

import java.time.Duration;
import java.util.List;

/**
 * Delivers one batch taken from a pipeline's queue, counting what was delivered and what
 * was dropped.
 *
 * @param <T> the item type
 */
interface Delivery<T> {

	/**
	 * Delivers the items or drops them, waiting between attempts with the given wait.
	 */
	void deliver(List<T> items, ExportWorker.RetryWait retryWait);

	/**
	 * Releases what the delivery holds once its pipeline has shut down, waiting at most
	 * the timeout.
	 */
	default void close(Duration timeout) {
	}

}
