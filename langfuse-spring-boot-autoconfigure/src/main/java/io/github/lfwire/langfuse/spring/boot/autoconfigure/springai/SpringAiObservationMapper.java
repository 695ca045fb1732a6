package io.github.lfwire.langfuse.spring.boot.autoconfigure.springai;

import java.time.Instant;

import io.github.lfwire.langfuse.Observation;
import io.github.lfwire.langfuse.ObservationType;
import org.jspecify.annotations.Nullable;

/**
 * Turns one kind of Spring AI observation context into a Langfuse observation.
 *
 * @param <C> the Spring AI observation context type
 */
interface SpringAiObservationMapper<C extends io.micrometer.observation.Observation.Context> {

	/** The context type this mapper reads. */
	Class<C> contextType();

	/** The Langfuse observation type for the context. */
	ObservationType type(C context);

	/**
	 * The observation name, or {@code null} for the Spring AI observation's contextual
	 * name.
	 */
	default @Nullable String name(C context) {
		return null;
	}

	/** Records what is known when the Spring AI observation starts. */
	void onStart(C context, Observation observation, Capture capture);

	/**
	 * Records when the Spring AI observation's scope first opened on a thread other than
	 * the one that started it; for a stream that is when the first chunk arrived from the
	 * model. Called before {@link #onStop} when the observation ends without error.
	 */
	default void onFirstDelivery(C context, Observation observation, Instant time) {
	}

	/** Records what is known when the Spring AI observation stops. */
	void onStop(C context, Observation observation, Capture capture);

	/** Which of input and output are captured. */
	record Capture(boolean input, boolean output) {
	}

}
