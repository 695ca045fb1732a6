package io.github.lfwire.langfuse.spring.boot.autoconfigure.springai;

import java.util.Collections;
import java.util.Deque;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;

import io.github.lfwire.langfuse.Observation;

/**
 * The Spring AI observations still open, each kept under the observation that subscribed
 * to it (an {@code @Observe} method or other observation Spring AI did not start), and
 * which of those subscribers are observed streams, each with the lock under which the
 * observations beneath it complete.
 */
final class OpenSpringAiObservations {

	private final Map<Observation, RecordedSpringAiObservation> open = new ConcurrentHashMap<>();

	private final Map<Observation, Deque<RecordedSpringAiObservation>> bySubscriber = new ConcurrentHashMap<>();

	private final Map<Observation, Object> streams = new ConcurrentHashMap<>();

	/** Marks an observation as the subscriber of an observed stream. */
	void subscribed(Observation subscriber) {
		this.streams.putIfAbsent(subscriber, new Object());
	}

	/**
	 * The lock under which the Spring AI observations beneath an observed stream
	 * complete, so that the stream's end waits for those completing on other threads.
	 */
	Object lock(Observation subscriber) {
		Object lock = this.streams.get(subscriber);
		return (lock != null) ? lock : new Object();
	}

	/**
	 * Keeps a recording Spring AI observation as open and under its subscriber, and
	 * returns whether that subscriber is an observed stream; beneath one, the open Spring
	 * AI observation that is its parent waits for its end, which the stream's end
	 * guarantees.
	 */
	boolean opened(RecordedSpringAiObservation recorded) {
		RecordedSpringAiObservation enclosing = this.open.get(recorded.parent());
		this.open.put(recorded.observation(), recorded);
		Observation subscriber = outermost(recorded.parent());
		if (!subscriber.isRecording()) {
			return false;
		}
		Object lock = this.streams.get(subscriber);
		boolean stream = lock != null;
		recorded.trackedUnder(subscriber, stream ? lock : recorded);
		if (stream && enclosing != null && enclosing.adopt()) {
			recorded.enclosedBy(enclosing);
		}
		this.bySubscriber.computeIfAbsent(subscriber, (key) -> new ConcurrentLinkedDeque<>()).add(recorded);
		return stream;
	}

	/** Forgets a Spring AI observation as open; it stays under its subscriber. */
	void stopped(RecordedSpringAiObservation recorded) {
		this.open.remove(recorded.observation());
	}

	/** Forgets a Spring AI observation under its subscriber. */
	void completed(RecordedSpringAiObservation recorded) {
		Observation subscriber = recorded.subscriber();
		if (subscriber != null) {
			this.bySubscriber.computeIfPresent(subscriber, (key, beneath) -> {
				beneath.remove(recorded);
				return beneath.isEmpty() ? null : beneath;
			});
		}
	}

	/** The Spring AI observations under a subscriber, in the order they started. */
	Iterable<RecordedSpringAiObservation> beneath(Observation subscriber) {
		Deque<RecordedSpringAiObservation> beneath = this.bySubscriber.get(subscriber);
		return (beneath != null) ? beneath : Collections.emptyList();
	}

	/**
	 * Forgets a subscriber whose stream ends and returns the Spring AI observations under
	 * it, innermost (latest started) first; called under its {@link #lock}.
	 */
	Iterator<RecordedSpringAiObservation> ended(Observation subscriber) {
		this.streams.remove(subscriber);
		Deque<RecordedSpringAiObservation> beneath = this.bySubscriber.remove(subscriber);
		return (beneath != null) ? beneath.descendingIterator() : Collections.emptyIterator();
	}

	/**
	 * The first ancestor of a Spring AI observation's parent that Spring AI did not
	 * start: the {@code @Observe} method or other observation that subscribed.
	 */
	private Observation outermost(Observation parent) {
		Observation outermost = parent;
		RecordedSpringAiObservation recorded;
		int depth = 0;
		while ((recorded = this.open.get(outermost)) != null && depth++ < 64) {
			outermost = recorded.parent();
		}
		return outermost;
	}

}
