package io.github.lfwire.langfuse.spring.boot.autoconfigure.observe;

import java.util.ArrayDeque;
import java.util.Deque;

import io.github.lfwire.langfuse.Observation;
import io.micrometer.context.ThreadLocalAccessor;
import io.opentelemetry.context.Scope;
import org.jspecify.annotations.Nullable;

/**
 * Lets Micrometer's context-propagation carry the current Langfuse observation to other
 * threads: executors, {@code @Async} methods and Reactor operators.
 * <p>
 * Each value set on a thread is undone by the matching restore, so a pooled thread never
 * keeps an observation that is not its own after a task ends.
 */
public final class ObservationThreadLocalAccessor implements ThreadLocalAccessor<Observation> {

	/**
	 * The key under which the observation travels in snapshots and in the Reactor
	 * context.
	 */
	public static final String KEY = "io.github.lfwire.langfuse.observation";

	private final ThreadLocal<Deque<Scope>> scopes = ThreadLocal.withInitial(ArrayDeque::new);

	@Override
	public Object key() {
		return KEY;
	}

	@Override
	public @Nullable Observation getValue() {
		Observation current = Observation.current();
		return (current == Observation.noop()) ? null : current;
	}

	@Override
	public void setValue(Observation value) {
		this.scopes.get().push(value.makeCurrent());
	}

	@Override
	public void setValue() {
		this.scopes.get().push(Observation.noop().makeCurrent());
	}

	@Override
	public void restore(Observation previousValue) {
		closeTop();
	}

	@Override
	public void restore() {
		closeTop();
	}

	private void closeTop() {
		Deque<Scope> stack = this.scopes.get();
		Scope scope = stack.poll();
		if (scope != null) {
			scope.close();
		}
		if (stack.isEmpty()) {
			this.scopes.remove();
		}
	}

}
