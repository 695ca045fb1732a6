package io.github.lfwire.sample.model;

import java.util.Random;

import io.github.lfwire.sample.SampleProperties;

/**
 * A deterministic stand-in for an embedding model, served by {@link FakeOpenAiServer}:
 * the same text always gives the same unit vector.
 */
public class FakeEmbeddingModel {

	private static final int DIMENSIONS = 1536;

	private final SampleProperties.Model settings;

	public FakeEmbeddingModel(SampleProperties properties) {
		this.settings = properties.model();
	}

	/** Embeds a text, taking a third of the configured model latency. */
	public Embedding embed(String text) {
		Latency.pause(this.settings.latency().dividedBy(3));
		Random random = new Random(text.hashCode());
		float[] vector = new float[DIMENSIONS];
		double norm = 0;
		for (int i = 0; i < DIMENSIONS; i++) {
			vector[i] = (float) random.nextGaussian();
			norm += vector[i] * vector[i];
		}
		for (int i = 0; i < DIMENSIONS; i++) {
			vector[i] = (float) (vector[i] / Math.sqrt(norm));
		}
		long tokens = Words.tokens(text);
		return new Embedding(this.settings.embeddingName(), vector, tokens);
	}

}
