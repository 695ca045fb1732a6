package io.github.lfwire.sample.model;

import java.time.Instant;

/**
 * A chat completion with the usage and cost the provider reports.
 * @param text the generated text
 * @param model the model that answered
 * @param inputTokens tokens in the prompt
 * @param outputTokens tokens generated
 * @param inputCost USD for the prompt
 * @param outputCost USD for the generated text
 * @param firstTokenAt when the first token arrived
 */
public record Completion(String text, String model, long inputTokens, long outputTokens, double inputCost,
		double outputCost, Instant firstTokenAt) {

	public double totalCost() {
		return this.inputCost + this.outputCost;
	}

}
