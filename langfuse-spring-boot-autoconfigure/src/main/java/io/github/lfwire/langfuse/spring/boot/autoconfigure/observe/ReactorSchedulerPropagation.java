package io.github.lfwire.langfuse.spring.boot.autoconfigure.observe;

import io.github.lfwire.langfuse.Observation;
import io.opentelemetry.context.Scope;
import reactor.core.scheduler.Schedulers;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;

/**
 * Runs each task handed to a Reactor scheduler ({@code subscribeOn}, {@code publishOn},
 * {@code delayElements}...) with the Langfuse observation that was current when it was
 * scheduled, through a keyed {@link Schedulers#onScheduleHook schedule hook}: a task
 * scheduled with no Langfuse observation current runs unchanged, no other thread-local
 * travels, and Reactor's automatic context propagation stays as the application set it.
 * The hook is removed when the last application context that added it closes.
 */
final class ReactorSchedulerPropagation implements InitializingBean, DisposableBean {

	static final String HOOK_KEY = ObservationThreadLocalAccessor.KEY;

	private static final Object lock = new Object();

	private static int users;

	@Override
	public void afterPropertiesSet() {
		synchronized (lock) {
			if (users++ == 0) {
				Schedulers.onScheduleHook(HOOK_KEY, ReactorSchedulerPropagation::withCurrentObservation);
			}
		}
	}

	@Override
	public void destroy() {
		synchronized (lock) {
			if (users > 0 && --users == 0) {
				Schedulers.resetOnScheduleHook(HOOK_KEY);
			}
		}
	}

	static Runnable withCurrentObservation(Runnable task) {
		Observation current = Observation.current();
		if (current == Observation.noop()) {
			current = SubscribingObservation.current();
		}
		if (current == Observation.noop()) {
			return task;
		}
		Observation observation = current;
		return () -> {
			try (Scope scope = SubscribingObservation.enter(observation)) {
				task.run();
			}
		};
	}

}
