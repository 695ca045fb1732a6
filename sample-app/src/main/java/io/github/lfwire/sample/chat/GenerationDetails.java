package io.github.lfwire.sample.chat;

import java.util.Map;

import io.github.lfwire.langfuse.Observation;
import io.github.lfwire.sample.model.Completion;
import io.github.lfwire.sample.model.CompletionRequest;

/** Records a model call's model, parameters, usage, cost and first-token time on the current generation. */
final class GenerationDetails {

	private GenerationDetails() {
	}

	static void record(CompletionRequest request, Completion completion) {
		Observation.current()
			.model(completion.model())
			.modelParameters(Map.of("temperature", request.temperature(), "max_tokens", request.maxTokens()))
			.usage(completion.inputTokens(), completion.outputTokens())
			.costDetails(Map.of("input", completion.inputCost(), "output", completion.outputCost(), "total",
					completion.totalCost()))
			.completionStartTime(completion.firstTokenAt());
	}

}
