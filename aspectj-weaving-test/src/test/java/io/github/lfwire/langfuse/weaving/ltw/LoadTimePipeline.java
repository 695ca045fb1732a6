package io.github.lfwire.langfuse.weaving.ltw;

import io.github.lfwire.langfuse.observe.Observe;

/** Compiled by javac only; the AspectJ agent weaves it as it loads. */
public class LoadTimePipeline {

	@Observe(name = "run")
	public String run(String question) {
		return this.step(question.trim());
	}

	@Observe(name = "step")
	public String step(String question) {
		return normalize(question) + "?";
	}

	@Observe(name = "normalize")
	private String normalize(String question) {
		return question.toLowerCase(java.util.Locale.ROOT);
	}

}
