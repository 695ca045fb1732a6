package io.github.lfwire.langfuse.export;

import java.util.Locale;

/** Why an export attempt failed. */
public enum FailureCause {

	/** The server could not be reached or the connection broke. */
	NETWORK,
	/** The request took longer than the export timeout. */
	TIMEOUT,
	/** The server refused the credentials. */
	HTTP_401,
	/** The server refused access, for example because ingestion is suspended. */
	HTTP_403,
	/** The server asked the client to slow down. */
	HTTP_429,
	/**
	 * The server answered with a status below 400 that is not a success, such as a
	 * redirect.
	 */
	HTTP_3XX,
	/** The server rejected the request with another client error. */
	HTTP_4XX,
	/** The server failed with a server error. */
	HTTP_5XX,
	/** The batch could not be encoded. */
	ENCODE,
	/** The client failed unexpectedly while sending. */
	INTERNAL,
	/** A destination's span exporter reported a failure. */
	EXPORTER_FAILED,
	/** A destination's span exporter threw an exception. */
	EXPORTER_ERROR;

	private final String key = name().toLowerCase(Locale.ROOT);

	/**
	 * The lower-case name used in stats, health details and metrics, such as
	 * {@code http_5xx}.
	 */
	public String key() {
		return this.key;
	}

	/** The cause of an HTTP answer that is not a success. */
	public static FailureCause ofStatus(int status) {
		return switch (status) {
			case 401 -> HTTP_401;
			case 403 -> HTTP_403;
			case 429 -> HTTP_429;
			default -> (status >= 500) ? HTTP_5XX : (status >= 400) ? HTTP_4XX : HTTP_3XX;
		};
	}

}
