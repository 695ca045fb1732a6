package io.github.lfwire.langfuse.prompt;

import java.util.List;

import org.jspecify.annotations.Nullable;

/** A request for a chat prompt. */
public final class ChatPromptRequest extends PromptRequest<ChatPrompt, ChatPromptRequest> {

	private @Nullable List<ChatMessage> fallback;

	ChatPromptRequest(LangfusePrompts prompts, String name) {
		super(prompts, name, PromptType.CHAT);
	}

	/**
	 * The messages returned, as a fallback prompt of version 0, when Langfuse cannot
	 * provide the prompt.
	 */
	public ChatPromptRequest fallback(List<ChatMessage> messages) {
		this.fallback = List.copyOf(messages);
		return this;
	}

	@Override
	@Nullable LangfusePrompt fallback(PromptMeta meta) {
		return (this.fallback != null) ? new ChatPrompt(meta, this.fallback) : null;
	}

}
