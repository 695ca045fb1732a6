package io.github.lfwire.sample.chat;

import java.time.Instant;
import java.util.List;

/**
 * The rolling summary of a chat session.
 *
 * @param sessionId the session
 * @param turns how many questions were answered
 * @param topics the intents seen, in order of first appearance
 * @param lastQuestion the latest question
 * @param updatedAt when the summary last changed
 */
public record SessionSummary(String sessionId, int turns, List<Intent> topics, String lastQuestion, Instant updatedAt) {
}
