package io.github.lfwire.sample.chat;

import java.util.List;

import io.github.lfwire.langfuse.ObservationType;
import io.github.lfwire.langfuse.observe.Observe;
import io.github.lfwire.sample.model.Message;

import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.openai.OpenAiChatOptions;
import org.springframework.stereotype.Component;

/** Step 3: asks the model what the message is about. */
@Component
public class IntentClassifier {

	private static final String INSTRUCTIONS = "Classify the customer's message as one of: billing, sharing, sync, "
			+ "security, other. Answer with the label only.";

	private final ChatClient chatClient;

	public IntentClassifier(ChatClient.Builder chatClient) {
		this.chatClient = chatClient.build();
	}

	@Observe(type = ObservationType.CHAIN)
	public Intent classify(String message) {
		String label = this.chatClient.prompt()
			.messages(SpringAiMessages.of(List.of(Message.system(INSTRUCTIONS), Message.user(message))))
			.options(OpenAiChatOptions.builder().temperature(0.0).maxTokens(5))
			.call()
			.content();
		return Intent.fromLabel(label);
	}

}
