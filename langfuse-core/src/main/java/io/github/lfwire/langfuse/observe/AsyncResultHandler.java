package io.github.lfwire.langfuse.observe;

import io.github.lfwire.langfuse.Observation;
import org.jspecify.annotations.Nullable;

/**
 * Ends an observation when an asynchronous result such as a future or a reactive stream
 * completes.
 */
public interface AsyncResultHandler {

	/** Whether this handler knows the given declared return type. */
	boolean supports(Class<?> returnType);

	/**
	 * Arranges for the observation to end when the result completes; returns the result
	 * to hand to the caller, which must behave exactly as the original.
	 * @param result the method's result, possibly {@code null}
	 * @param observation the observation to end, no longer current on the calling thread
	 * @param captureOutput whether to capture the completion value
	 */
	@Nullable Object handle(@Nullable Object result, Observation observation, boolean captureOutput);

}
