package io.github.lfwire.sample.chat;

/**
 * The chatbot's reply.
 *
 * @param reply the answer shown to the user
 * @param traceId the Langfuse trace of this turn, to find it in the UI or attach feedback
 * scores
 */
public record ChatResponse(String reply, String traceId) {
}
