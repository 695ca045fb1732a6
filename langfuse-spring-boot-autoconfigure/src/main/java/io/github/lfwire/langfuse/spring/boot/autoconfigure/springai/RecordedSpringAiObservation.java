package io.github.lfwire.langfuse.spring.boot.autoconfigure.springai;

import java.time.Instant;

import io.github.lfwire.langfuse.Observation;
import io.micrometer.observation.Observation.Context;
import org.jspecify.annotations.Nullable;

import org.springframework.ai.chat.observation.ChatModelObservationContext;

/**
 * The Langfuse observation recorded for one Spring AI observation, with whether its
 * completion waits for the subscriber of the stream it belongs to and whether its end
 * waits for its children's.
 */
final class RecordedSpringAiObservation {

	private final Observation observation;

	private final Observation parent;

	private final Context context;

	private final boolean stream;

	private final SpringAiObservationMapper<Context> mapper;

	private final SpringAiObservationMapper.Capture capture;

	private final Thread starter = Thread.currentThread();

	private volatile Instant firstDelivery;

	private volatile boolean stopped;

	private volatile @Nullable Observation subscriber;

	private volatile Object lock = this;

	private volatile @Nullable RecordedSpringAiObservation enclosing;

	private boolean waiting;

	private int unendedChildren;

	private boolean ending;

	private boolean deferred;

	RecordedSpringAiObservation(Observation observation, Observation parent, SpringAiObservationMapper<Context> mapper,
			SpringAiObservationMapper.Capture capture, Context context, boolean stream) {
		this.observation = observation;
		this.parent = parent;
		this.context = context;
		this.stream = stream;
		this.mapper = mapper;
		this.capture = capture;
	}

	Observation observation() {
		return this.observation;
	}

	Observation parent() {
		return this.parent;
	}

	SpringAiObservationMapper<Context> mapper() {
		return this.mapper;
	}

	SpringAiObservationMapper.Capture capture() {
		return this.capture;
	}

	void scopeOpened() {
		if (this.firstDelivery == null && Thread.currentThread() != this.starter) {
			synchronized (this) {
				if (this.firstDelivery == null) {
					this.firstDelivery = Instant.now();
				}
			}
		}
	}

	Context context() {
		return this.context;
	}

	/** Whether this is a streamed chat, whose completion start time is wanted. */
	boolean stream() {
		return this.stream;
	}

	void trackedUnder(Observation subscriber, Object lock) {
		this.subscriber = subscriber;
		this.lock = lock;
	}

	/**
	 * The lock under which this observation completes: its observed stream's, shared by
	 * the observations beneath that stream, or its own.
	 */
	Object lock() {
		return this.lock;
	}

	@Nullable Observation subscriber() {
		return this.subscriber;
	}

	/**
	 * Counts a child whose end this observation's end waits for, and returns whether it
	 * does: not once this one is ending.
	 */
	synchronized boolean adopt() {
		if (this.ending) {
			return false;
		}
		this.unendedChildren++;
		return true;
	}

	/** Makes this observation's end count for the enclosing one that adopted it. */
	void enclosedBy(RecordedSpringAiObservation adopter) {
		this.enclosing = adopter;
	}

	/** The observation whose end waits for this one's, or {@code null}. */
	@Nullable RecordedSpringAiObservation enclosing() {
		return this.enclosing;
	}

	/**
	 * Whether this observation ends now; otherwise it ends when its last unended child
	 * does, so that no child ends after it.
	 */
	synchronized boolean endsNow() {
		this.ending = true;
		this.deferred = this.unendedChildren > 0;
		return !this.deferred;
	}

	/**
	 * Counts a child as ended and returns whether this observation waited only for it,
	 * its end then being up to the caller.
	 */
	synchronized boolean childEnded() {
		this.unendedChildren--;
		if (this.deferred && this.unendedChildren == 0) {
			this.deferred = false;
			return true;
		}
		return false;
	}

	/** What the subscriber of a streamed chat received, or {@code null}. */
	@Nullable StreamedChunks chunks() {
		return this.context.get(StreamedChunks.class);
	}

	/**
	 * Whether the completion waits for the subscriber: a streamed chat beneath an
	 * observed stream that still has to deliver what Spring AI stopped with.
	 */
	synchronized boolean waitForSubscriber() {
		StreamedChunks chunks = chunks();
		this.waiting = this.subscriber != null && chunks != null
				&& this.context instanceof ChatModelObservationContext chat && chunks.awaited(chat);
		return this.waiting;
	}

	/**
	 * Whether the completion was waiting and now has what it waited for, which is then up
	 * to the caller.
	 */
	synchronized boolean released() {
		StreamedChunks chunks = chunks();
		return this.waiting && chunks != null && this.context instanceof ChatModelObservationContext chat
				&& !chunks.awaited(chat) && release();
	}

	/** Records the first delivery. */
	synchronized void delivered(Instant time) {
		if (this.firstDelivery == null) {
			this.firstDelivery = time;
		}
	}

	/** Whether the end was waiting, which is now up to the caller. */
	synchronized boolean release() {
		boolean wasWaiting = this.waiting;
		this.waiting = false;
		return wasWaiting;
	}

	Instant firstDelivery() {
		return this.firstDelivery;
	}

	synchronized boolean stop() {
		if (this.stopped) {
			return false;
		}
		this.stopped = true;
		return true;
	}

}
