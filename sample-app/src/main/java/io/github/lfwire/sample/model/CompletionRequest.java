package io.github.lfwire.sample.model;

import java.util.List;

/**
 * A chat completion request.
 * @param messages the conversation, system message first
 * @param temperature the sampling temperature
 * @param maxTokens the most tokens to generate
 */
public record CompletionRequest(List<Message> messages, double temperature, int maxTokens) {
}
