package io.github.lfwire.sample.model;

/**
 * A chat completion with the usage the provider reports: a text, or a call of one of the
 * offered tools.
 *
 * @param text the generated text, {@code null} for a tool call
 * @param toolCall the tool the model asks to call, or {@code null}
 * @param model the model that answered
 * @param inputTokens tokens in the prompt
 * @param outputTokens tokens generated
 */
public record Completion(String text, ToolCall toolCall, String model, long inputTokens, long outputTokens) {

	/**
	 * A tool call the model asks for.
	 *
	 * @param name the tool
	 * @param parameter the name of the argument
	 * @param argument its value
	 */
	public record ToolCall(String name, String parameter, String argument) {
	}

}
