package io.github.lfwire.langfuse.internal;

/**
 * What the answer to a request to Langfuse means for its sender: the one table of HTTP
 * statuses that export, media uploads and prompt fetches share.
 */
public enum HttpOutcome {

	/** A 2xx answer. */
	SUCCESS,
	/**
	 * No answer (a network error or a timeout), 408, 429 or a 5xx: a later attempt may
	 * succeed.
	 */
	RETRY,
	/** 401 or 403: the server refused the credentials; retrying cannot help. */
	UNAUTHORIZED,
	/** Any other status: the request can never succeed as it is. */
	REJECTED;

	/** The outcome of an HTTP status. */
	public static HttpOutcome ofStatus(int status) {
		if (status >= 200 && status < 300) {
			return SUCCESS;
		}
		if (status == 401 || status == 403) {
			return UNAUTHORIZED;
		}
		return (status == 408 || status == 429 || status >= 500) ? RETRY : REJECTED;
	}

}
