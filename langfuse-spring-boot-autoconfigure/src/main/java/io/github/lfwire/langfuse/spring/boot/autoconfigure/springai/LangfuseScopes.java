package io.github.lfwire.langfuse.spring.boot.autoconfigure.springai;

import java.util.ArrayDeque;
import java.util.Deque;

import io.github.lfwire.langfuse.Observation;
import io.opentelemetry.context.Scope;

/**
 * The Langfuse observations made current on each thread for the Spring AI observation
 * scopes open there, innermost first; a thread keeps its empty stack for the next scope.
 */
final class LangfuseScopes {

	private final ThreadLocal<Deque<OpenScope>> scopes = new ThreadLocal<>();

	/** Makes an observation current on this thread until {@link #close()}. */
	void open(Observation observation) {
		Deque<OpenScope> stack = this.scopes.get();
		if (stack == null) {
			stack = new ArrayDeque<>();
			this.scopes.set(stack);
		}
		stack.push(new OpenScope(observation, observation.makeCurrent()));
	}

	/** Closes the innermost scope opened on this thread. */
	void close() {
		Deque<OpenScope> stack = this.scopes.get();
		if (stack == null) {
			return;
		}
		OpenScope scope = stack.poll();
		if (scope != null) {
			scope.scope().close();
		}
	}

	/** Whether an observation is current in a scope open on this thread. */
	boolean isOpenOnThisThread(Observation observation) {
		Deque<OpenScope> stack = this.scopes.get();
		if (stack == null) {
			return false;
		}
		for (OpenScope scope : stack) {
			if (scope.observation() == observation) {
				return true;
			}
		}
		return false;
	}

	/** A Langfuse observation made current for a Spring AI observation's scope. */
	private record OpenScope(Observation observation, Scope scope) {
	}

}
