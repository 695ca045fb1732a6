package io.github.lfwire.sample.chat;

import java.util.ArrayList;
import java.util.List;

import io.github.lfwire.langfuse.ObservationType;
import io.github.lfwire.langfuse.observe.Observe;
import io.github.lfwire.sample.model.Message;

import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.openai.OpenAiChatOptions;
import org.springframework.stereotype.Component;

/**
 * Step 4: asks the model for a standalone search query, resolving references to earlier
 * messages.
 */
@Component
public class QueryRewriter {

	private static final String INSTRUCTIONS = "Rewrite the customer's last message as a standalone search query "
			+ "for the help center, using the conversation for context. Answer with the query only.";

	private static final int HISTORY_MESSAGES = 6;

	private final ChatClient chatClient;

	public QueryRewriter(ChatClient.Builder chatClient) {
		this.chatClient = chatClient.build();
	}

	@Observe(type = ObservationType.CHAIN)
	public String rewrite(String message, List<Message> history) {
		List<Message> messages = new ArrayList<>();
		messages.add(Message.system(INSTRUCTIONS));
		messages.addAll(history.subList(Math.max(0, history.size() - HISTORY_MESSAGES), history.size()));
		messages.add(Message.user(message));
		return this.chatClient.prompt()
			.messages(SpringAiMessages.of(messages))
			.options(OpenAiChatOptions.builder().temperature(0.0).maxTokens(64))
			.call()
			.content();
	}

}
