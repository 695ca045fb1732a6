package io.github.lfwire.langfuse.spring.boot.autoconfigure.observe;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import io.github.lfwire.langfuse.Observation;
import io.github.lfwire.langfuse.observe.AsyncResultHandler;
import io.opentelemetry.context.Scope;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;
import reactor.core.publisher.SignalType;

/**
 * Ends the observation of a method returning {@link Mono} or {@link Flux} when the stream
 * completes, fails or is cancelled, and puts the observation in the subscriber context so
 * nested observations find their parent.
 * <p>
 * The observation is current while the stream is subscribed to and while its subscriber
 * requests or cancels, so what the publisher starts then (Spring AI's observations, a
 * {@code subscribeOn} task, which {@link ReactorSchedulerPropagation} carries on) nests
 * under it without Reactor's global automatic context propagation.
 * <p>
 * A stream's observation ends before its terminal signal travels on, and after a
 * cancellation has reached the streams it subscribed to, so an observation always ends
 * after the observations nested in it.
 */
public final class ReactorResultHandler implements AsyncResultHandler {

	private final int maxElements;

	private final List<ObservedStreamListener> listeners;

	/**
	 * Creates a handler.
	 * @param maxElements the most elements of a {@link Flux} kept for the captured output
	 */
	public ReactorResultHandler(int maxElements) {
		this(maxElements, List.of());
	}

	/**
	 * Creates a handler that tells listeners when a stream's first element arrives.
	 * @param maxElements the most elements of a {@link Flux} kept for the captured output
	 * @param listeners told of each observed stream's first element
	 */
	public ReactorResultHandler(int maxElements, List<ObservedStreamListener> listeners) {
		this.maxElements = maxElements;
		this.listeners = List.copyOf(listeners);
	}

	@Override
	public boolean supports(Class<?> returnType) {
		return Mono.class.isAssignableFrom(returnType) || Flux.class.isAssignableFrom(returnType);
	}

	@Override
	public Object handle(Object result, Observation observation, boolean captureOutput) {
		if (result instanceof Mono<?> mono) {
			return Mono.fromDirect(current(observeMono(mono, observation, captureOutput), observation));
		}
		if (result instanceof Flux<?> flux) {
			return Flux.from(current(observeFlux(flux, observation, captureOutput), observation));
		}
		observation.end();
		return result;
	}

	private <T> Mono<T> observeMono(Mono<T> mono, Observation observation, boolean captureOutput) {
		AtomicBoolean terminated = new AtomicBoolean();
		return mono.doOnSuccess((value) -> {
			if (terminated.compareAndSet(false, true)) {
				if (captureOutput && value != null) {
					observation.output(value);
				}
				end(observation);
			}
		}).doOnError((error) -> {
			if (terminated.compareAndSet(false, true)) {
				observation.recordException(error);
				end(observation);
			}
		}).doFinally((signal) -> {
			if (signal == SignalType.CANCEL && terminated.compareAndSet(false, true)) {
				observation.metadata("cancelled", true);
				end(observation);
			}
		}).contextWrite((context) -> context.put(ObservationThreadLocalAccessor.KEY, observation));
	}

	private <T> Flux<T> observeFlux(Flux<T> flux, Observation observation, boolean captureOutput) {
		AtomicBoolean terminated = new AtomicBoolean();
		Elements elements = captureOutput ? new Elements(this.maxElements) : null;
		Flux<T> observed = (elements != null) ? flux.doOnNext(elements::add) : flux;
		return observed.doOnComplete(() -> {
			if (terminated.compareAndSet(false, true)) {
				output(observation, elements);
				end(observation);
			}
		}).doOnError((error) -> {
			if (terminated.compareAndSet(false, true)) {
				output(observation, elements);
				observation.recordException(error);
				end(observation);
			}
		}).doFinally((signal) -> {
			if (signal == SignalType.CANCEL && terminated.compareAndSet(false, true)) {
				output(observation, elements);
				observation.metadata("cancelled", true);
				end(observation);
			}
		}).contextWrite((context) -> context.put(ObservationThreadLocalAccessor.KEY, observation));
	}

	private <T> Publisher<T> current(Publisher<T> source, Observation observation) {
		return (Subscriber<? super T> subscriber) -> {
			for (ObservedStreamListener listener : this.listeners) {
				listener.subscribed(observation);
			}
			try (Scope scope = SubscribingObservation.enter(observation)) {
				source.subscribe(new CurrentObservationSubscriber<>(Operators.toCoreSubscriber(subscriber), observation,
						this.listeners));
			}
		};
	}

	private void end(Observation observation) {
		for (ObservedStreamListener listener : this.listeners) {
			listener.ended(observation);
		}
		observation.end();
	}

	private static void output(Observation observation, Elements elements) {
		if (elements != null) {
			elements.writeTo(observation);
		}
	}

	/** The first elements of a stream and how many there were. */
	private static final class Elements {

		private final int max;

		private final List<Object> kept = new ArrayList<>();

		private long total;

		Elements(int max) {
			this.max = max;
		}

		synchronized void add(Object element) {
			this.total++;
			if (this.kept.size() < this.max) {
				this.kept.add(element);
			}
		}

		synchronized void writeTo(Observation observation) {
			observation.outputElements(List.copyOf(this.kept), this.total);
		}

	}

}
