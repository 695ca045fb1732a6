package io.github.lfwire.sample.chat;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.github.lfwire.langfuse.prompt.LangfusePrompt;
import io.github.lfwire.sample.model.Message;

/**
 * The assembled prompt for the answer generation.
 *
 * @param template the name of the prompt template
 * @param templateVersion the template's version in Langfuse, 0 for the built-in fallback
 * @param messages the messages sent to the model
 * @param source the template, which the generation links to when it came from Langfuse
 */
public record Prompt(String template, int templateVersion, List<Message> messages, @JsonIgnore LangfusePrompt source) {
}
