package io.github.lfwire.langfuse.spring.boot.autoconfigure.springai;

import io.github.lfwire.langfuse.Observation;
import io.github.lfwire.langfuse.ObservationType;

import org.springframework.ai.chat.client.advisor.observation.AdvisorObservationContext;

/** Records a {@code ChatClient} advisor as a span named after the advisor. */
final class AdvisorObservationMapper implements SpringAiObservationMapper<AdvisorObservationContext> {

	@Override
	public Class<AdvisorObservationContext> contextType() {
		return AdvisorObservationContext.class;
	}

	@Override
	public ObservationType type(AdvisorObservationContext context) {
		return ObservationType.SPAN;
	}

	@Override
	public String name(AdvisorObservationContext context) {
		return context.getAdvisorName();
	}

	@Override
	public void onStart(AdvisorObservationContext context, Observation observation, Capture capture) {
		observation.metadata("advisor_order", context.getOrder());
	}

	@Override
	public void onStop(AdvisorObservationContext context, Observation observation, Capture capture) {
	}

}
