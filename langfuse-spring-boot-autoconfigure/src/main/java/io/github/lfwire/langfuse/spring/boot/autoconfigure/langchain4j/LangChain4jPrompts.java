package io.github.lfwire.langfuse.spring.boot.autoconfigure.langchain4j;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import io.github.lfwire.langfuse.prompt.ChatPrompt;
import io.github.lfwire.langfuse.spring.boot.autoconfigure.llm.PromptCompilation;

/**
 * Turns a Langfuse chat prompt into LangChain4j messages or a {@link ChatRequest} with
 * the model parameters of the prompt's {@code config} ({@code model},
 * {@code temperature}, {@code max_tokens}, {@code top_p}). Its user messages carry the
 * prompt's name and version as attributes, so the generation
 * {@link LangfuseChatModelListener} records for the call is linked to the prompt (a
 * fallback prompt is not linked).
 */
public final class LangChain4jPrompts {

	private final PromptCompilation compilation;

	private LangChain4jPrompts(PromptCompilation compilation) {
		this.compilation = compilation;
	}

	/** Adapter that logs a variable not given once per prompt and variable. */
	public static LangChain4jPrompts lenient() {
		return new LangChain4jPrompts(PromptCompilation.lenient());
	}

	/** Adapter that rejects a variable not given. */
	public static LangChain4jPrompts strict() {
		return new LangChain4jPrompts(PromptCompilation.strict());
	}

	/**
	 * A chat request of the prompt compiled with the variables and of the parameters of
	 * its config.
	 * @param prompt the chat prompt
	 * @param variables values by variable name
	 * @return the request
	 */
	public ChatRequest request(ChatPrompt prompt, Map<String, ?> variables) {
		return request(prompt, variables, Map.of());
	}

	/**
	 * A chat request of the prompt compiled with the variables and placeholders and of
	 * the parameters of its config.
	 * @param prompt the chat prompt
	 * @param variables values by variable name
	 * @param placeholders messages by placeholder name
	 * @return the request
	 */
	public ChatRequest request(ChatPrompt prompt, Map<String, ?> variables,
			Map<String, ? extends List<io.github.lfwire.langfuse.prompt.ChatMessage>> placeholders) {
		return ChatRequest.builder()
			.messages(messages(prompt, variables, placeholders))
			.modelName(PromptCompilation.model(prompt))
			.temperature(PromptCompilation.temperature(prompt))
			.maxOutputTokens(PromptCompilation.maxTokens(prompt))
			.topP(PromptCompilation.topP(prompt))
			.build();
	}

	/**
	 * The prompt's messages compiled with the variables and placeholders.
	 * @param prompt the chat prompt
	 * @param variables values by variable name
	 * @param placeholders messages by placeholder name
	 * @return LangChain4j messages
	 */
	public List<ChatMessage> messages(ChatPrompt prompt, Map<String, ?> variables,
			Map<String, ? extends List<io.github.lfwire.langfuse.prompt.ChatMessage>> placeholders) {
		Map<String, Object> link = PromptCompilation.link(prompt);
		List<ChatMessage> messages = new ArrayList<>();
		for (io.github.lfwire.langfuse.prompt.ChatMessage message : this.compilation.compile(prompt, variables,
				placeholders)) {
			String role = (message.role() != null) ? message.role().toLowerCase(Locale.ROOT) : "";
			String content = (message.content() != null) ? message.content() : "";
			messages.add(switch (role) {
				case "system", "developer" -> SystemMessage.from(content);
				case "user" -> UserMessage.builder().addContent(TextContent.from(content)).attributes(link).build();
				case "assistant" -> AiMessage.from(content);
				default -> throw new IllegalArgumentException(
						"Chat message role '" + message.role() + "' has no LangChain4j message type");
			});
		}
		return messages;
	}

}
