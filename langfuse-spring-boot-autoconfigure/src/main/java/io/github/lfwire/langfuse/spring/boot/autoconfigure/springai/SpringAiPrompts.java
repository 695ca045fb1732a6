package io.github.lfwire.langfuse.spring.boot.autoconfigure.springai;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.github.lfwire.langfuse.prompt.ChatMessage;
import io.github.lfwire.langfuse.prompt.ChatPrompt;
import io.github.lfwire.langfuse.spring.boot.autoconfigure.llm.PromptCompilation;
import org.jspecify.annotations.Nullable;

import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.SystemMessage;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;

/**
 * Turns a Langfuse chat prompt into a Spring AI {@link Prompt}: its messages, and its
 * {@code config} ({@code model}, {@code temperature}, {@code max_tokens}, {@code top_p})
 * as chat options. The messages carry the prompt's name and version, so the generation
 * Spring AI records for the call is linked to the prompt (a fallback prompt is not
 * linked).
 */
public final class SpringAiPrompts {

	private final PromptCompilation compilation;

	private SpringAiPrompts(PromptCompilation compilation) {
		this.compilation = compilation;
	}

	/** Adapter that logs a variable not given once per prompt and variable. */
	public static SpringAiPrompts lenient() {
		return new SpringAiPrompts(PromptCompilation.lenient());
	}

	/** Adapter that rejects a variable not given. */
	public static SpringAiPrompts strict() {
		return new SpringAiPrompts(PromptCompilation.strict());
	}

	/**
	 * The prompt compiled with the variables, with the options of its config.
	 * @param prompt the chat prompt
	 * @param variables values by variable name
	 * @return the Spring AI prompt
	 */
	public Prompt prompt(ChatPrompt prompt, Map<String, ?> variables) {
		return prompt(prompt, variables, Map.of());
	}

	/**
	 * The prompt compiled with the variables and placeholders, with the options of its
	 * config.
	 * @param prompt the chat prompt
	 * @param variables values by variable name
	 * @param placeholders messages by placeholder name
	 * @return the Spring AI prompt
	 */
	public Prompt prompt(ChatPrompt prompt, Map<String, ?> variables,
			Map<String, ? extends List<ChatMessage>> placeholders) {
		List<Message> messages = messages(prompt, variables, placeholders);
		ChatOptions options = options(prompt);
		return (options != null) ? new Prompt(messages, options) : new Prompt(messages);
	}

	/**
	 * The prompt's messages compiled with the variables and placeholders.
	 * @param prompt the chat prompt
	 * @param variables values by variable name
	 * @param placeholders messages by placeholder name
	 * @return Spring AI messages
	 */
	public List<Message> messages(ChatPrompt prompt, Map<String, ?> variables,
			Map<String, ? extends List<ChatMessage>> placeholders) {
		Map<String, Object> link = PromptCompilation.link(prompt);
		List<Message> messages = new ArrayList<>();
		for (ChatMessage message : this.compilation.compile(prompt, variables, placeholders)) {
			messages.add(message(message, link));
		}
		return messages;
	}

	/**
	 * Chat options from the prompt's config, or {@code null} when it names none.
	 * @param prompt the chat prompt
	 * @return the options or {@code null}
	 */
	public static @Nullable ChatOptions options(ChatPrompt prompt) {
		String model = PromptCompilation.model(prompt);
		Double temperature = PromptCompilation.temperature(prompt);
		Integer maxTokens = PromptCompilation.maxTokens(prompt);
		Double topP = PromptCompilation.topP(prompt);
		if (model == null && temperature == null && maxTokens == null && topP == null) {
			return null;
		}
		return ChatOptions.builder().model(model).temperature(temperature).maxTokens(maxTokens).topP(topP).build();
	}

	private static Message message(ChatMessage message, Map<String, Object> link) {
		String role = (message.role() != null) ? message.role().toLowerCase(Locale.ROOT) : "";
		String content = (message.content() != null) ? message.content() : "";
		return switch (role) {
			case "system", "developer" -> SystemMessage.builder().text(content).metadata(link).build();
			case "user" -> UserMessage.builder().text(content).metadata(link).build();
			case "assistant" -> AssistantMessage.builder().content(content).properties(link).build();
			default -> throw new IllegalArgumentException(
					"Chat message role '" + message.role() + "' has no Spring AI message type");
		};
	}

}
