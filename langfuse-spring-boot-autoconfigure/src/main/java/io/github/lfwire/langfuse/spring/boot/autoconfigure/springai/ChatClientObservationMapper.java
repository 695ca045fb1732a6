package io.github.lfwire.langfuse.spring.boot.autoconfigure.springai;

import io.github.lfwire.langfuse.Observation;
import io.github.lfwire.langfuse.ObservationType;

import org.springframework.ai.chat.client.ChatClientResponse;
import org.springframework.ai.chat.client.observation.ChatClientObservationContext;

/** Records a {@code ChatClient} call or stream as a chain. */
final class ChatClientObservationMapper implements SpringAiObservationMapper<ChatClientObservationContext> {

	@Override
	public Class<ChatClientObservationContext> contextType() {
		return ChatClientObservationContext.class;
	}

	@Override
	public ObservationType type(ChatClientObservationContext context) {
		return ObservationType.CHAIN;
	}

	@Override
	public String name(ChatClientObservationContext context) {
		return "spring_ai chat_client";
	}

	@Override
	public void onStart(ChatClientObservationContext context, Observation observation, Capture capture) {
		if (context.isStream()) {
			observation.metadata("streaming", true);
		}
		if (context.getAdvisors() != null && !context.getAdvisors().isEmpty()) {
			observation.metadata("advisors",
					context.getAdvisors().stream().map((advisor) -> advisor.getName()).toList());
		}
		if (capture.input()) {
			observation.input(SpringAiPayloads.messages(context.getRequest().prompt().getInstructions()));
		}
	}

	@Override
	public void onStop(ChatClientObservationContext context, Observation observation, Capture capture) {
		ChatClientResponse response = context.getResponse();
		if (capture.output() && response != null && response.chatResponse() != null) {
			observation.output(SpringAiPayloads.answer(response.chatResponse()));
		}
	}

}
