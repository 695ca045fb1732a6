package io.github.lfwire.langfuse.spring.boot.autoconfigure.observe;

import java.time.Instant;
import java.util.List;

import io.github.lfwire.langfuse.Observation;
import io.opentelemetry.context.Scope;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.util.context.Context;

/**
 * Makes an observed stream's observation current while the stream is subscribed to and
 * whenever its subscriber requests or cancels, so the work a publisher does then (Spring
 * AI starting its observations, a {@code subscribeOn} scheduling its task) finds it
 * without Reactor's global automatic context propagation; tells the
 * {@link ObservedStreamListener}s when the first element and each element pass.
 */
final class CurrentObservationSubscriber<T> implements CoreSubscriber<T>, Subscription {

	private final CoreSubscriber<? super T> actual;

	private final Observation observation;

	private final List<ObservedStreamListener> listeners;

	private Subscription upstream;

	private volatile boolean delivered;

	CurrentObservationSubscriber(CoreSubscriber<? super T> actual, Observation observation,
			List<ObservedStreamListener> listeners) {
		this.actual = actual;
		this.observation = observation;
		this.listeners = listeners;
	}

	@Override
	public Context currentContext() {
		return this.actual.currentContext();
	}

	@Override
	public void onSubscribe(Subscription subscription) {
		this.upstream = subscription;
		this.actual.onSubscribe(this);
	}

	@Override
	public void onNext(T element) {
		if (!this.delivered) {
			this.delivered = true;
			Instant now = Instant.now();
			for (ObservedStreamListener listener : this.listeners) {
				listener.firstElement(this.observation, now);
			}
		}
		for (ObservedStreamListener listener : this.listeners) {
			listener.element(this.observation, element);
		}
		this.actual.onNext(element);
	}

	@Override
	public void onError(Throwable error) {
		this.actual.onError(error);
	}

	@Override
	public void onComplete() {
		this.actual.onComplete();
	}

	@Override
	public void request(long n) {
		try (Scope scope = SubscribingObservation.enter(this.observation)) {
			this.upstream.request(n);
		}
	}

	@Override
	public void cancel() {
		try (Scope scope = SubscribingObservation.enter(this.observation)) {
			this.upstream.cancel();
		}
	}

}
