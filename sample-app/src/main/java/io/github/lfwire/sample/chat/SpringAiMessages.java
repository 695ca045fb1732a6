package io.github.lfwire.sample.chat;

import java.util.List;

import io.github.lfwire.sample.model.Message;

import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.SystemMessage;
import org.springframework.ai.chat.messages.UserMessage;

/**
 * Turns the sample's messages into Spring AI's, passed as they are (no template
 * rendering).
 */
final class SpringAiMessages {

	private SpringAiMessages() {
	}

	static List<org.springframework.ai.chat.messages.Message> of(List<Message> messages) {
		return messages.stream().map(SpringAiMessages::of).toList();
	}

	private static org.springframework.ai.chat.messages.Message of(Message message) {
		return switch (message.role()) {
			case "system" -> new SystemMessage(message.content());
			case "assistant" -> new AssistantMessage(message.content());
			default -> new UserMessage(message.content());
		};
	}

}
