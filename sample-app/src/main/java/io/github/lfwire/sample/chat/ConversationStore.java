package io.github.lfwire.sample.chat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.github.lfwire.langfuse.ObservationType;
import io.github.lfwire.langfuse.observe.Observe;
import io.github.lfwire.sample.model.Message;

import org.springframework.stereotype.Repository;

/**
 * An in-memory stand-in for the conversation database: message history and the last state
 * of each session.
 */
@Repository
public class ConversationStore {

	private static final int MAX_HISTORY = 40;

	private final Map<String, List<Message>> histories = new ConcurrentHashMap<>();

	private final Map<String, ConversationState> lastStates = new ConcurrentHashMap<>();

	/** Step 2: loads the session's earlier messages, oldest first. */
	@Observe(type = ObservationType.RETRIEVER)
	public List<Message> loadHistory(String sessionId) {
		return List.copyOf(this.histories.getOrDefault(sessionId, List.of()));
	}

	/**
	 * Step 16: persists the whole state of the turn and appends it to the history. Its
	 * input is captured on purpose to show {@code langfuse.capture.max-bytes} at work:
	 * the state is far larger than the limit, so Langfuse stores a valid JSON preview
	 * marked {@code "truncated": true}; a production app would rather set
	 * {@code captureInput = OFF} here, as {@link Reranker} does.
	 */
	@Observe(captureInput = Observe.Capture.ON)
	public void save(ConversationState state) {
		String sessionId = state.request().sessionId();
		this.histories.compute(sessionId, (key, history) -> {
			List<Message> updated = new ArrayList<>((history != null) ? history : List.of());
			updated.add(Message.user(state.request().message()));
			updated.add(Message.assistant(state.reply()));
			return List.copyOf(updated.subList(Math.max(0, updated.size() - MAX_HISTORY), updated.size()));
		});
		this.lastStates.put(sessionId, state);
	}

}
