package io.github.lfwire.sample.chat;

import org.springframework.util.Assert;

/**
 * One user message to the chatbot.
 *
 * @param userId who is asking
 * @param sessionId the conversation the message belongs to
 * @param message the question
 */
public record ChatRequest(String userId, String sessionId, String message) {

	public ChatRequest {
		Assert.hasText(userId, "userId is required");
		Assert.hasText(sessionId, "sessionId is required");
		Assert.hasText(message, "message is required");
	}

}
