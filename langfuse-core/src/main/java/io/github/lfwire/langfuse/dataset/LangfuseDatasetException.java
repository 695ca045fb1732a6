package io.github.lfwire.langfuse.dataset;

/**
 * Thrown when Langfuse refuses a dataset call or cannot be reached; the message says
 * which call and why.
 */
public class LangfuseDatasetException extends RuntimeException {

	private final int status;

	/**
	 * Creates an exception.
	 * @param message what failed and why
	 * @param status the HTTP status, or 0 when there was no answer
	 */
	public LangfuseDatasetException(String message, int status) {
		super(message);
		this.status = status;
	}

	/** The HTTP status of the refusal, or 0 when the server gave no answer. */
	public int status() {
		return this.status;
	}

}
