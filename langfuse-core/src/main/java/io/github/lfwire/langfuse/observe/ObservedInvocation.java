package io.github.lfwire.langfuse.observe;

import org.jspecify.annotations.Nullable;

/** The intercepted call, as a framework hands it to {@link ObserveInterceptor}. */
@FunctionalInterface
public interface ObservedInvocation {

	/** Runs the original method and returns its result. */
	@Nullable Object proceed() throws Throwable;

}
