package io.github.lfwire.langfuse.spring.boot.autoconfigure.observe;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import io.github.lfwire.langfuse.Observation;
import io.github.lfwire.langfuse.observe.AsyncResultHandler;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;

/**
 * Ends the observation of a method returning {@link Mono} or {@link Flux} when the stream completes, fails or is
 * cancelled, and puts the observation in the subscriber context so nested observations find their parent.
 */
public final class ReactorResultHandler implements AsyncResultHandler {

	/** The most elements of a {@link Flux} kept for the captured output. */
	static final int MAX_CAPTURED_ELEMENTS = 100;

	@Override
	public boolean supports(Class<?> returnType) {
		return Mono.class.isAssignableFrom(returnType) || Flux.class.isAssignableFrom(returnType);
	}

	@Override
	public Object handle(Object result, Observation observation, boolean captureOutput) {
		if (result instanceof Mono<?> mono) {
			return observeMono(mono, observation, captureOutput);
		}
		if (result instanceof Flux<?> flux) {
			return observeFlux(flux, observation, captureOutput);
		}
		observation.end();
		return result;
	}

	private static <T> Mono<T> observeMono(Mono<T> mono, Observation observation, boolean captureOutput) {
		AtomicBoolean valued = new AtomicBoolean();
		return mono.doOnNext((value) -> {
			valued.set(true);
			if (captureOutput) {
				observation.output(value);
			}
		})
			.doOnError(observation::recordException)
			.doFinally((signal) -> finish(observation, signal))
			.contextWrite((context) -> context.put(ObservationThreadLocalAccessor.KEY, observation));
	}

	private static <T> Flux<T> observeFlux(Flux<T> flux, Observation observation, boolean captureOutput) {
		List<Object> elements = captureOutput ? Collections.synchronizedList(new ArrayList<>()) : null;
		return flux.doOnNext((value) -> {
			if (elements != null && elements.size() < MAX_CAPTURED_ELEMENTS) {
				elements.add(value);
			}
		})
			.doOnError(observation::recordException)
			.doFinally((signal) -> {
				if (elements != null) {
					synchronized (elements) {
						observation.output(List.copyOf(elements));
					}
				}
				finish(observation, signal);
			})
			.contextWrite((context) -> context.put(ObservationThreadLocalAccessor.KEY, observation));
	}

	private static void finish(Observation observation, SignalType signal) {
		if (signal == SignalType.CANCEL) {
			observation.metadata("cancelled", true);
		}
		observation.end();
	}

}
