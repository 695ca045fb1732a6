package io.github.lfwire.sample.chat;

import io.github.lfwire.langfuse.Observation;
import io.github.lfwire.langfuse.ObservationType;
import io.github.lfwire.langfuse.observe.Observe;

import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.openai.OpenAiChatOptions;
import org.springframework.stereotype.Component;

/**
 * Step 12: generates the answer. The Langfuse prompt it was built from is given to this
 * node, so the generation that Spring AI records beneath it links to that prompt version
 * (unless it is the built-in fallback).
 */
@Component
public class AnswerGenerator {

	private final ChatClient chatClient;

	public AnswerGenerator(ChatClient.Builder chatClient) {
		this.chatClient = chatClient.build();
	}

	@Observe(type = ObservationType.CHAIN)
	public String generate(Prompt prompt) {
		Observation.current().prompt(prompt.source());
		return this.chatClient.prompt()
			.messages(SpringAiMessages.of(prompt.messages()))
			.options(OpenAiChatOptions.builder().temperature(0.2).maxTokens(512))
			.call()
			.content();
	}

}
