package io.github.lfwire.langfuse.spring.boot.autoconfigure.springai;

import java.time.Instant;
import java.util.Map;

import io.github.lfwire.langfuse.Observation;
import io.github.lfwire.langfuse.ObservationLevel;
import io.github.lfwire.langfuse.ObservationType;
import io.github.lfwire.langfuse.spring.boot.autoconfigure.llm.FinishReasons;
import io.github.lfwire.langfuse.spring.boot.autoconfigure.llm.PromptCompilation;
import org.jspecify.annotations.Nullable;

import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.metadata.ChatResponseMetadata;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.observation.ChatModelObservationContext;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;

/** Records a chat model call or stream as a generation. */
final class ChatModelObservationMapper implements SpringAiObservationMapper<ChatModelObservationContext> {

	@Override
	public Class<ChatModelObservationContext> contextType() {
		return ChatModelObservationContext.class;
	}

	@Override
	public ObservationType type(ChatModelObservationContext context) {
		return ObservationType.GENERATION;
	}

	@Override
	public @Nullable String name(ChatModelObservationContext context) {
		ChatOptions options = context.getRequest().getOptions();
		return SpringAiPayloads.operationName(context.getOperationMetadata().operationType(),
				(options != null) ? options.getModel() : null);
	}

	@Override
	public void onStart(ChatModelObservationContext context, Observation observation, Capture capture) {
		Prompt prompt = context.getRequest();
		ChatOptions options = prompt.getOptions();
		if (options != null) {
			observation.model(options.getModel());
		}
		Map<String, Object> parameters = SpringAiPayloads.parameters(options);
		if (!parameters.isEmpty()) {
			observation.modelParameters(parameters);
		}
		observation.metadata("provider", context.getOperationMetadata().provider());
		if (context.isStreaming()) {
			observation.metadata("streaming", true);
		}
		if (capture.input()) {
			observation.input(SpringAiPayloads.messages(prompt.getInstructions()));
		}
		linkPrompt(prompt, observation);
	}

	/**
	 * Links the generation to the prompt that {@link SpringAiPrompts} made the messages
	 * of.
	 */
	private static void linkPrompt(Prompt prompt, Observation observation) {
		for (Message message : prompt.getInstructions()) {
			Map<String, Object> metadata = message.getMetadata();
			if (metadata.get(PromptCompilation.PROMPT_NAME) instanceof String name
					&& metadata.get(PromptCompilation.PROMPT_VERSION) instanceof Integer version) {
				observation.prompt(name, version);
				return;
			}
		}
	}

	@Override
	public void onFirstDelivery(ChatModelObservationContext context, Observation observation, Instant time) {
		if (context.isStreaming()) {
			observation.completionStartTime(time);
		}
	}

	/**
	 * Records what a stream that ended without a response delivered: its text as output
	 * and the usage a chunk reported.
	 */
	private static void recordSoFar(StreamedChunks streamed, Observation observation, Capture capture) {
		Map<String, Long> usage = SpringAiPayloads.usage(streamed.usage());
		if (!usage.isEmpty()) {
			observation.usageDetails(usage);
		}
		String text = streamed.text();
		if (capture.output() && text != null) {
			observation.output(SpringAiPayloads.message(new AssistantMessage(text)));
		}
	}

	@Override
	public void onStop(ChatModelObservationContext context, Observation observation, Capture capture) {
		ChatResponse response = context.getResponse();
		StreamedChunks streamed = context.get(StreamedChunks.class);
		if (response == null) {
			if (context.isStreaming() && context.getError() == null) {
				observation.level(ObservationLevel.WARNING)
					.statusMessage("stream cancelled before the model finished")
					.metadata("cancelled", true);
			}
			if (streamed != null) {
				recordSoFar(streamed, observation, capture);
			}
			return;
		}
		ChatResponseMetadata metadata = response.getMetadata();
		if (metadata != null) {
			if (SpringAiPayloads.hasText(metadata.getModel())) {
				ChatOptions options = context.getRequest().getOptions();
				String requested = (options != null) ? options.getModel() : null;
				if (requested != null && !requested.equals(metadata.getModel())) {
					observation.metadata("requested_model", requested);
				}
				observation.model(metadata.getModel());
			}
			Map<String, Long> usage = SpringAiPayloads.usage(metadata.getUsage());
			if (streamed != null) {
				SpringAiPayloads.usage(streamed.usage()).forEach(usage::putIfAbsent);
			}
			if (!usage.isEmpty()) {
				observation.usageDetails(usage);
			}
		}
		Generation generation = response.getResult();
		if (generation != null && generation.getMetadata() != null) {
			FinishReasons.record(observation, generation.getMetadata().getFinishReason());
		}
		if (capture.output()) {
			observation.output(SpringAiPayloads.answer(response));
		}
	}

}
