package io.github.lfwire.sample.chat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.github.lfwire.langfuse.observe.Observe;

import org.springframework.stereotype.Component;

/**
 * Step 15: keeps a rolling summary of each session for agents who take over a
 * conversation.
 */
@Component
public class SessionSummaries {

	private final Map<String, SessionSummary> summaries = new ConcurrentHashMap<>();

	@Observe
	public SessionSummary update(String sessionId, Intent intent, String question) {
		return this.summaries.compute(sessionId, (key, previous) -> {
			List<Intent> topics = new ArrayList<>((previous != null) ? previous.topics() : List.of());
			if (!topics.contains(intent)) {
				topics.add(intent);
			}
			int turns = (previous != null) ? previous.turns() + 1 : 1;
			return new SessionSummary(sessionId, turns, List.copyOf(topics), question, Instant.now());
		});
	}

}
