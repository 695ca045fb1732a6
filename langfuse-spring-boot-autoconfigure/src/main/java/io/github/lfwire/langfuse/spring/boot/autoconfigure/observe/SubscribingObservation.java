package io.github.lfwire.langfuse.spring.boot.autoconfigure.observe;

import io.github.lfwire.langfuse.Observation;
import io.opentelemetry.context.Scope;

/**
 * The observation of the observed stream being subscribed to, requested from or cancelled
 * on this thread, or of the task a Reactor scheduler runs for it, kept apart from the
 * OpenTelemetry context: Micrometer Tracing replaces that context with the one of a
 * parent taken from the Reactor context (WebFlux's request observation) when a nested
 * Micrometer observation opens its scope, and the Langfuse observation must survive that
 * for integrations that look for their parent.
 */
public final class SubscribingObservation {

	private static final ThreadLocal<Observation> current = new ThreadLocal<>();

	private SubscribingObservation() {
	}

	/**
	 * The observation whose stream work runs on this thread, or the no-op observation.
	 * @return the observation, never {@code null}
	 */
	public static Observation current() {
		Observation observation = current.get();
		return (observation != null) ? observation : Observation.noop();
	}

	/**
	 * Makes the observation current, in the OpenTelemetry context and here, until the
	 * returned scope closes.
	 */
	static Scope enter(Observation observation) {
		Observation previous = current.get();
		current.set(observation);
		Scope scope = observation.makeCurrent();
		return () -> {
			scope.close();
			if (previous != null) {
				current.set(previous);
			}
			else {
				current.remove();
			}
		};
	}

}
