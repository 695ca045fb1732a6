package io.github.lfwire.sample.model;

import java.util.List;

/**
 * A chat completion request.
 *
 * @param messages the conversation, system message first; tool results have the role
 * {@code tool}
 * @param maxTokens the most tokens to generate
 * @param tools the tools the model may call
 * @param images how many images the messages carry
 */
public record CompletionRequest(List<Message> messages, int maxTokens, List<Tool> tools, int images) {

	/**
	 * A tool the model may call.
	 *
	 * @param name the tool name
	 * @param parameter the name of its first parameter
	 */
	public record Tool(String name, String parameter) {
	}

}
