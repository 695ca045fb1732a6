package io.github.lfwire.langfuse.spring.boot.autoconfigure.springai;

import java.time.Instant;
import java.util.Iterator;

import io.github.lfwire.langfuse.Observation;
import io.micrometer.observation.Observation.Context;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Completes the Langfuse observations of stopped Spring AI observations, holding a
 * streamed chat beneath an observed stream until its subscriber received a first element,
 * the chunk that reports usage, or the end of the stream, and ending each Spring AI
 * observation beneath such a stream only after its children.
 */
final class SpringAiObservationCompletion {

	private static final Log logger = LogFactory.getLog(SpringAiObservationCompletion.class);

	private final OpenSpringAiObservations open;

	SpringAiObservationCompletion(OpenSpringAiObservations open) {
		this.open = open;
	}

	/** Completes a Spring AI observation that Spring AI stopped, unless already done. */
	void stopped(RecordedSpringAiObservation recorded) {
		synchronized (recorded.lock()) {
			synchronized (recorded) {
				if (recorded.stop()) {
					complete(recorded, true);
				}
			}
		}
	}

	/**
	 * Records the completion start time of the streamed generations beneath the
	 * observation whose stream delivered its first element.
	 */
	void firstElement(Observation subscriber, Instant time) {
		for (RecordedSpringAiObservation recorded : this.open.beneath(subscriber)) {
			if (recorded.stream()) {
				recorded.delivered(time);
			}
		}
	}

	/**
	 * Records an element of an observed stream for the streamed generations beneath it
	 * and completes those that Spring AI stopped and that wait for nothing more.
	 */
	void element(Observation subscriber, Object element) {
		for (RecordedSpringAiObservation recorded : this.open.beneath(subscriber)) {
			try {
				StreamedChunks chunks = recorded.chunks();
				if (chunks != null) {
					chunks.add(element);
					synchronized (recorded.lock()) {
						if (recorded.released()) {
							finish(recorded);
						}
					}
				}
			}
			catch (RuntimeException | LinkageError ex) {
				logger.debug("Could not record a streamed Spring AI chunk in Langfuse", ex);
			}
		}
	}

	/**
	 * Ends the Spring AI observations still open beneath an observed stream that is about
	 * to end, innermost first, so they end before it; those completing on other threads
	 * meanwhile, with the ones they end after them, are done first.
	 */
	void ended(Observation subscriber) {
		synchronized (this.open.lock(subscriber)) {
			for (Iterator<RecordedSpringAiObservation> latestFirst = this.open.ended(subscriber); latestFirst
				.hasNext();) {
				RecordedSpringAiObservation recorded = latestFirst.next();
				if (recorded.release()) {
					finish(recorded);
					continue;
				}
				synchronized (recorded) {
					if (recorded.stop()) {
						complete(recorded, false);
					}
				}
			}
		}
	}

	/**
	 * Completes a Spring AI observation that stopped, or leaves a streamed chat to be
	 * completed when the subscriber has received what it waits for.
	 */
	private void complete(RecordedSpringAiObservation recorded, boolean mayWait) {
		this.open.stopped(recorded);
		boolean waiting = false;
		try {
			waiting = mayWait && recorded.observation().isRecording() && recorded.waitForSubscriber();
		}
		catch (RuntimeException | LinkageError ex) {
			logger.debug("Could not complete a Spring AI observation in Langfuse", ex);
		}
		if (!waiting) {
			finish(recorded);
		}
	}

	private void finish(RecordedSpringAiObservation recorded) {
		Context context = recorded.context();
		Observation observation = recorded.observation();
		try {
			if (observation.isRecording()) {
				recorded.mapper().onStop(context, observation, recorded.capture());
				if (context.getError() != null) {
					observation.recordException(context.getError());
				}
			}
		}
		catch (RuntimeException | LinkageError ex) {
			logger.debug("Could not complete a Spring AI observation in Langfuse", ex);
		}
		finally {
			this.open.completed(recorded);
			end(recorded);
		}
	}

	private void end(RecordedSpringAiObservation recorded) {
		Observation observation = recorded.observation();
		try {
			Instant firstDelivery = recorded.firstDelivery();
			if (firstDelivery != null && recorded.context().getError() == null && observation.isRecording()) {
				recorded.mapper().onFirstDelivery(recorded.context(), observation, firstDelivery);
			}
		}
		catch (RuntimeException | LinkageError ex) {
			logger.debug("Could not complete a Spring AI observation in Langfuse", ex);
		}
		finally {
			if (recorded.endsNow()) {
				endWithEnclosing(recorded);
			}
		}
	}

	/**
	 * Ends an observation, then each enclosing one that Spring AI stopped before and that
	 * waited only for it: a streamed chat held for its subscriber, or one Spring AI
	 * stopped after the advisor around it, never ends after its parent.
	 */
	private static void endWithEnclosing(RecordedSpringAiObservation recorded) {
		RecordedSpringAiObservation ending = recorded;
		while (ending != null) {
			ending.observation().end();
			RecordedSpringAiObservation enclosing = ending.enclosing();
			ending = (enclosing != null && enclosing.childEnded()) ? enclosing : null;
		}
	}

}
