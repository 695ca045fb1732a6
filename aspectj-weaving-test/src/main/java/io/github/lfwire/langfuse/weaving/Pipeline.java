package io.github.lfwire.langfuse.weaving;

import io.github.lfwire.langfuse.observe.Observe;

/**
 * A class whose observed methods call each other through {@code this}, one of them
 * private.
 */
public class Pipeline {

	/** Runs the pipeline; calls {@link #step(String)} on itself. */
	@Observe(name = "run")
	public String run(String question) {
		return this.step(question.trim());
	}

	/** One step; calls a private method. */
	@Observe(name = "step")
	public String step(String question) {
		return normalize(question) + "?";
	}

	@Observe(name = "normalize")
	private String normalize(String question) {
		return question.toLowerCase(java.util.Locale.ROOT);
	}

}
