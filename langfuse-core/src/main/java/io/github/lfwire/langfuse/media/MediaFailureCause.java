package io.github.lfwire.langfuse.media;

import java.util.Locale;

/** Why an upload failed; the media's reference is replaced by a visible marker. */
public enum MediaFailureCause {

	/** The server answered with a redirect or another status below 400. */
	HTTP_3XX,
	/** The server rejected a request with a client error other than 429. */
	HTTP_4XX,
	/** The server asked the client to slow down, for longer than the retries lasted. */
	HTTP_429,
	/** The server failed with a server error on every attempt. */
	HTTP_5XX,
	/** A request took longer than the upload timeout on every attempt. */
	TIMEOUT,
	/** The server or the storage could not be reached on every attempt. */
	NETWORK,
	/** The captured content was not valid base64. */
	INVALID_BASE64,
	/** The server answered a media id that does not match the content's hash. */
	ID_MISMATCH,
	/** The client shut down before the upload ended. */
	SHUTDOWN,
	/** The client failed unexpectedly while uploading. */
	INTERNAL;

	private final String key = name().toLowerCase(Locale.ROOT);

	/**
	 * The lower-case name used in stats, markers and metrics, such as {@code http_4xx}.
	 */
	public String key() {
		return this.key;
	}

	/** The cause of an HTTP answer that is not a success. */
	public static MediaFailureCause ofStatus(int status) {
		if (status == 429) {
			return HTTP_429;
		}
		return (status >= 500) ? HTTP_5XX : (status >= 400) ? HTTP_4XX : HTTP_3XX;
	}

}
