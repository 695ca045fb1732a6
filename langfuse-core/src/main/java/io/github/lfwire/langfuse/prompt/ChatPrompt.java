package io.github.lfwire.langfuse.prompt;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A chat prompt: messages with {@code {{variables}}} and placeholders for lists of
 * messages.
 */
public final class ChatPrompt extends PromptBase {

	private final List<ChatMessage> messages;

	ChatPrompt(PromptMeta meta, List<ChatMessage> messages) {
		super(meta);
		this.messages = List.copyOf(messages);
	}

	/**
	 * A fallback prompt, as {@link LangfusePrompts} returns it when Langfuse cannot
	 * provide the prompt; for tests and code that runs without Langfuse.
	 */
	public static ChatPrompt fallback(String name, List<ChatMessage> messages) {
		return new ChatPrompt(PromptMeta.fallback(name, LangfusePrompts.DEFAULT_LABEL), messages);
	}

	/** The messages and placeholders as stored. */
	public List<ChatMessage> messages() {
		return this.messages;
	}

	/**
	 * Compiles the variables into every message's content; placeholders stay as they are.
	 */
	public List<ChatMessage> compile(Map<String, ?> variables) {
		return compile(variables, Map.of());
	}

	/**
	 * Compiles the variables into every message's content as
	 * {@link TextPrompt#compile(Map)} does, and replaces each placeholder by the messages
	 * given for its name (an empty list removes it). Inserted messages are kept as given,
	 * never scanned for variables; a placeholder without messages stays in the result.
	 */
	public List<ChatMessage> compile(Map<String, ?> variables, Map<String, ? extends List<ChatMessage>> placeholders) {
		List<ChatMessage> compiled = new ArrayList<>(this.messages.size() + 8);
		for (ChatMessage message : this.messages) {
			if (!message.isPlaceholder()) {
				compiled.add(ChatMessage.of(message.role(), PromptTemplate.compile(message.content(), variables)));
			}
			else if (placeholders != null && placeholders.containsKey(message.placeholderName())) {
				List<ChatMessage> inserted = placeholders.get(message.placeholderName());
				if (inserted != null) {
					compiled.addAll(inserted);
				}
			}
			else {
				compiled.add(message);
			}
		}
		return List.copyOf(compiled);
	}

	/**
	 * The names of the variables the messages use ({@code {{ name }}}), in order of first
	 * use; placeholders are not variables.
	 */
	public Set<String> variables() {
		Set<String> names = new LinkedHashSet<>();
		for (ChatMessage message : this.messages) {
			if (!message.isPlaceholder()) {
				names.addAll(PromptTemplate.names(message.content()));
			}
		}
		return Collections.unmodifiableSet(names);
	}

	@Override
	public PromptType type() {
		return PromptType.CHAT;
	}

}
