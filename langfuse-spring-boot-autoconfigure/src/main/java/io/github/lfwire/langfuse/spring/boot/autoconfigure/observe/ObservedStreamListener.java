package io.github.lfwire.langfuse.spring.boot.autoconfigure.observe;

import java.time.Instant;

import io.github.lfwire.langfuse.Observation;

/**
 * Told when a {@code Flux} or {@code Mono} returned by an {@code @Observe} method is
 * subscribed to, when its elements reach its subscriber and when it ends, for
 * integrations that record when a streamed answer started (a generation's completion
 * start time) and what it delivered. Implementations must not throw.
 */
public interface ObservedStreamListener {

	/**
	 * Called once per subscription, on the thread that delivers the first element.
	 * @param observation the observation of the method that returned the stream
	 * @param time when the element was delivered
	 */
	void firstElement(Observation observation, Instant time);

	/**
	 * Called when the stream is subscribed to, on the subscribing thread, before the
	 * subscription travels upstream.
	 * @param observation the observation of the method that returned the stream
	 */
	default void subscribed(Observation observation) {
	}

	/**
	 * Called for each element, on the thread that delivers it, before the subscriber
	 * receives it.
	 * @param observation the observation of the method that returned the stream
	 * @param element the element
	 */
	default void element(Observation observation, Object element) {
	}

	/**
	 * Called when the stream completes, fails or is cancelled, just before its
	 * observation ends.
	 * @param observation the observation of the method that returned the stream
	 */
	default void ended(Observation observation) {
	}

}
