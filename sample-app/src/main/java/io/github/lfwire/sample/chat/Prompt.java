package io.github.lfwire.sample.chat;

import java.util.List;

import io.github.lfwire.sample.model.Message;

/**
 * The assembled prompt for the answer generation.
 * @param template the name of the prompt template
 * @param messages the messages sent to the model
 */
public record Prompt(String template, List<Message> messages) {
}
