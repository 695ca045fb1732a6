package io.github.lfwire.sample.chat;

import io.github.lfwire.langfuse.Observation;
import org.jspecify.annotations.Nullable;

/**
 * The chatbot's reply.
 *
 * @param reply the answer shown to the user
 * @param traceId the Langfuse trace of this turn, to find it in the UI or attach feedback
 * scores
 * @param traceUrl the trace's page in Langfuse, or {@code null} while the client does not
 * know its project yet
 */
public record ChatResponse(String reply, String traceId, @Nullable String traceUrl) {

	static ChatResponse of(String reply, Observation turn) {
		return new ChatResponse(reply, turn.traceId(), turn.traceUrl().orElse(null));
	}

}
