package io.github.lfwire.sample.chat;

import java.util.List;

import io.github.lfwire.langfuse.ObservationType;
import io.github.lfwire.langfuse.observe.Observe;
import io.github.lfwire.sample.model.Completion;
import io.github.lfwire.sample.model.CompletionRequest;
import io.github.lfwire.sample.model.FakeChatModel;
import io.github.lfwire.sample.model.Message;

import org.springframework.stereotype.Component;

/** Step 3: asks the model what the message is about. */
@Component
public class IntentClassifier {

	private static final String INSTRUCTIONS = "Classify the customer's message as one of: billing, sharing, sync, "
			+ "security, other. Answer with the label only.";

	private final FakeChatModel model;

	public IntentClassifier(FakeChatModel model) {
		this.model = model;
	}

	@Observe(type = ObservationType.GENERATION)
	public Intent classify(String message) {
		CompletionRequest request = new CompletionRequest(List.of(Message.system(INSTRUCTIONS), Message.user(message)),
				0.0, 5);
		Completion completion = this.model.complete(request);
		GenerationDetails.record(request, completion);
		return Intent.fromLabel(completion.text());
	}

}
