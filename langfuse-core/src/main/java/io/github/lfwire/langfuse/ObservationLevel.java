package io.github.lfwire.langfuse;

/** The severity levels Langfuse shows on an observation. */
public enum ObservationLevel {

	DEBUG, DEFAULT, WARNING, ERROR

}
