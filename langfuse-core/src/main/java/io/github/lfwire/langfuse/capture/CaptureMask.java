package io.github.lfwire.langfuse.capture;

import org.jspecify.annotations.Nullable;

/** Rewrites a captured value before anything is serialized. */
@FunctionalInterface
public interface CaptureMask {

	/** Returns the value to serialize in place of the given one. */
	@Nullable Object mask(@Nullable Object value) throws Exception;

}
