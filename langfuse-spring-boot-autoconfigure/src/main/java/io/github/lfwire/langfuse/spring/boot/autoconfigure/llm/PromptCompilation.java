package io.github.lfwire.langfuse.spring.boot.autoconfigure.llm;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.github.lfwire.langfuse.prompt.ChatMessage;
import io.github.lfwire.langfuse.prompt.ChatPrompt;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Compiles a Langfuse chat prompt for a framework's model call: every placeholder must be
 * given its messages (an empty list drops it), a variable the messages use but the caller
 * did not give is logged once per prompt and variable or, in strict mode, fails the call;
 * and reads the model parameters of the prompt's {@code config}.
 */
public final class PromptCompilation {

	/** Message metadata key under which adapters carry the prompt name to the tracing. */
	public static final String PROMPT_NAME = "langfuse.prompt.name";

	/** Message metadata key under which adapters carry the prompt version. */
	public static final String PROMPT_VERSION = "langfuse.prompt.version";

	private static final Log logger = LogFactory.getLog(PromptCompilation.class);

	private static final Set<String> reported = ConcurrentHashMap.newKeySet();

	private final boolean strict;

	private PromptCompilation(boolean strict) {
		this.strict = strict;
	}

	/**
	 * Compilation that logs a missing variable once per prompt and variable and leaves
	 * its marker in the text.
	 */
	public static PromptCompilation lenient() {
		return new PromptCompilation(false);
	}

	/**
	 * Compilation that throws {@link IllegalArgumentException} for a missing variable.
	 */
	public static PromptCompilation strict() {
		return new PromptCompilation(true);
	}

	/**
	 * The prompt's messages with the variables and placeholders filled in.
	 * @param prompt the chat prompt
	 * @param variables values by variable name
	 * @param placeholders messages by placeholder name
	 * @return the messages, each with a role and content
	 * @throws IllegalArgumentException for a placeholder given no messages, or a missing
	 * variable in strict mode
	 */
	public List<ChatMessage> compile(ChatPrompt prompt, Map<String, ?> variables,
			Map<String, ? extends List<ChatMessage>> placeholders) {
		List<String> missing = new ArrayList<>();
		for (String variable : prompt.variables()) {
			if (!variables.containsKey(variable)) {
				missing.add(variable);
			}
		}
		if (!missing.isEmpty()) {
			if (this.strict) {
				throw new IllegalArgumentException("Prompt '" + prompt.name() + "' (version " + prompt.version()
						+ ") uses variables " + missing + " that were not given");
			}
			for (String variable : missing) {
				if (reported.add(prompt.name() + '\u0000' + variable)) {
					logger.warn("Prompt '" + prompt.name() + "' uses variable '" + variable
							+ "', which was not given: '{{" + variable + "}}' goes to the model as written "
							+ "(reported once per prompt and variable; PromptCompilation.strict() rejects it)");
				}
			}
		}
		List<ChatMessage> compiled = prompt.compile(variables, placeholders);
		for (ChatMessage message : compiled) {
			if (message.isPlaceholder()) {
				throw new IllegalArgumentException("Placeholder '" + message.placeholderName() + "' of prompt '"
						+ prompt.name() + "' was given no messages; pass them (an empty list drops it)");
			}
		}
		return compiled;
	}

	/**
	 * The model named by the prompt's config ({@code model}), if any.
	 * @param prompt the prompt
	 * @return the model or {@code null}
	 */
	public static @Nullable String model(ChatPrompt prompt) {
		Object model = prompt.config().get("model");
		return (model instanceof String text && !text.isBlank()) ? text : null;
	}

	/**
	 * The temperature of the prompt's config ({@code temperature}), if any.
	 * @param prompt the prompt
	 * @return the temperature or {@code null}
	 */
	public static @Nullable Double temperature(ChatPrompt prompt) {
		Number number = number(prompt, "temperature");
		return (number != null) ? number.doubleValue() : null;
	}

	/**
	 * The most output tokens of the prompt's config ({@code max_tokens},
	 * {@code maxTokens} or {@code max_output_tokens}), if any.
	 * @param prompt the prompt
	 * @return the limit or {@code null}
	 */
	public static @Nullable Integer maxTokens(ChatPrompt prompt) {
		Number number = number(prompt, "max_tokens", "maxTokens", "max_output_tokens");
		return (number != null) ? number.intValue() : null;
	}

	/**
	 * The nucleus sampling of the prompt's config ({@code top_p} or {@code topP}), if
	 * any.
	 * @param prompt the prompt
	 * @return the value or {@code null}
	 */
	public static @Nullable Double topP(ChatPrompt prompt) {
		Number number = number(prompt, "top_p", "topP");
		return (number != null) ? number.doubleValue() : null;
	}

	/**
	 * What the framework messages carry to link their generation to the prompt: its name
	 * and version under {@link #PROMPT_NAME} and {@link #PROMPT_VERSION}, nothing for a
	 * fallback.
	 * @param prompt the prompt
	 * @return the link entries
	 */
	public static Map<String, Object> link(ChatPrompt prompt) {
		return prompt.isFallback() ? Map.of() : Map.of(PROMPT_NAME, prompt.name(), PROMPT_VERSION, prompt.version());
	}

	private static @Nullable Number number(ChatPrompt prompt, String... keys) {
		for (String key : keys) {
			Object value = prompt.config().get(key);
			if (value instanceof Number number) {
				return number;
			}
		}
		return null;
	}

}
