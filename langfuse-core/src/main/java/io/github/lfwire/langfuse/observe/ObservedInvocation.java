package io.github.lfwire.langfuse.observe;

/** The intercepted call, as a framework hands it to {@link ObserveInterceptor}. */
@FunctionalInterface
public interface ObservedInvocation {

	/** Runs the original method and returns its result. */
	Object proceed() throws Throwable;

}
