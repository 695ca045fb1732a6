package io.github.lfwire.sample.model;

/**
 * An embedding vector with the usage the provider reports.
 *
 * @param model the model that embedded the text
 * @param vector the unit-length vector
 * @param tokens tokens in the input
 */
public record Embedding(String model, float[] vector, long tokens) {
}
