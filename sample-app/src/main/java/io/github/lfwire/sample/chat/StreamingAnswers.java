package io.github.lfwire.sample.chat;

import io.github.lfwire.langfuse.Observation;
import io.github.lfwire.langfuse.ObservationType;
import io.github.lfwire.langfuse.observe.Observe;
import reactor.core.publisher.Flux;

import org.springframework.ai.chat.client.ChatClient;
import org.springframework.stereotype.Component;

/**
 * Streams a short answer as the model writes it: the {@code @Observe} method returns
 * Spring AI's stream, and the starter keeps the {@code ChatClient} chain and the
 * generation (with its completion start time) in the method's trace without any Reactor
 * property.
 */
@Component
public class StreamingAnswers {

	private final ChatClient chatClient;

	public StreamingAnswers(ChatClient.Builder chatClient) {
		this.chatClient = chatClient.build();
	}

	@Observe(type = ObservationType.AGENT)
	public Flux<String> stream(ChatRequest request) {
		Observation.current().trace().userId(request.userId()).sessionId(request.sessionId());
		return this.chatClient.prompt().system("Answer briefly.").user(request.message()).stream().content();
	}

}
