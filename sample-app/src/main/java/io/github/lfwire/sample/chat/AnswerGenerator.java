package io.github.lfwire.sample.chat;

import io.github.lfwire.langfuse.Observation;
import io.github.lfwire.langfuse.ObservationType;
import io.github.lfwire.langfuse.observe.Observe;
import io.github.lfwire.sample.model.Completion;
import io.github.lfwire.sample.model.CompletionRequest;
import io.github.lfwire.sample.model.FakeChatModel;

import org.springframework.stereotype.Component;

/**
 * Step 12: generates the answer, recording model, parameters, usage, cost, first-token time and the Langfuse prompt
 * it used.
 */
@Component
public class AnswerGenerator {

	private final FakeChatModel model;

	public AnswerGenerator(FakeChatModel model) {
		this.model = model;
	}

	@Observe(type = ObservationType.GENERATION)
	public String generate(Prompt prompt) {
		CompletionRequest request = new CompletionRequest(prompt.messages(), 0.2, 512);
		Completion completion = this.model.complete(request);
		GenerationDetails.record(request, completion);
		Observation.current().prompt(prompt.source());
		return completion.text();
	}

}
