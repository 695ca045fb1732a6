package io.github.lfwire.langfuse;

import java.util.Locale;

/** The Langfuse observation types. */
public enum ObservationType {

	SPAN, GENERATION, EVENT, AGENT, TOOL, CHAIN, RETRIEVER, EVALUATOR, EMBEDDING, GUARDRAIL;

	private final String wireName = name().toLowerCase(Locale.ROOT);

	/** The value of the {@code langfuse.observation.type} attribute. */
	public String wireName() {
		return this.wireName;
	}

}
