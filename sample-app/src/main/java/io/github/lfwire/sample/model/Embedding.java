package io.github.lfwire.sample.model;

/**
 * An embedding vector with the usage and cost the provider reports.
 * @param model the model that embedded the text
 * @param vector the unit-length vector
 * @param tokens tokens in the input
 * @param cost USD for the call
 */
public record Embedding(String model, float[] vector, long tokens, double cost) {
}
