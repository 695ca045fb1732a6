package io.github.lfwire.sample.chat;

import java.util.List;

import io.github.lfwire.langfuse.ObservationType;
import io.github.lfwire.langfuse.observe.Observe;
import io.github.lfwire.sample.model.Message;

import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.openai.OpenAiChatOptions;
import org.springframework.stereotype.Component;

/** Step 10: lets the model call the account tool and return the account it found. */
@Component
public class AccountLookup {

	private static final String INSTRUCTIONS = "Look up the customer whose user id is the user's message with the "
			+ "account_lookup tool, and answer with its result.";

	private final ChatClient chatClient;

	private final AccountTool tool;

	public AccountLookup(ChatClient.Builder chatClient, AccountTool tool) {
		this.chatClient = chatClient.build();
		this.tool = tool;
	}

	@Observe(type = ObservationType.CHAIN)
	public AccountSnapshot lookup(String userId) {
		return this.chatClient.prompt()
			.messages(SpringAiMessages.of(List.of(Message.system(INSTRUCTIONS), Message.user(userId))))
			.options(OpenAiChatOptions.builder().temperature(0.0).maxTokens(256))
			.tools(this.tool)
			.call()
			.entity(AccountSnapshot.class);
	}

}
