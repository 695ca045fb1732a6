package io.github.lfwire.langfuse.capture;

/** Rewrites a captured value before anything is serialized. */
@FunctionalInterface
public interface CaptureMask {

	/** Returns the value to serialize in place of the given one. */
	Object mask(Object value) throws Exception;

}
