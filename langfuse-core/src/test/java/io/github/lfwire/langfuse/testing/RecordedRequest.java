package io.github.lfwire.langfuse.testing;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP request that {@link FakeLangfuseServer} received, with the status it answered.
 *
 * @param method the HTTP method
 * @param path the request path, without the query
 * @param headers request headers by lowercase name, repeated values joined with
 * {@code ", "}
 * @param status the status answered, or {@link #NO_ANSWER} when the connection was
 * dropped without an answer
 */
public record RecordedRequest(String method, String path, Map<String, String> headers, int status) {

	/**
	 * The {@link #status()} of a request whose connection was dropped without an answer.
	 */
	public static final int NO_ANSWER = 0;

	public RecordedRequest {
		headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
	}

	/**
	 * Returns a request header.
	 * @param name the header name, in any case
	 * @return the value, or {@code null} when absent
	 */
	public String header(String name) {
		return this.headers.get(name.toLowerCase(Locale.ROOT));
	}

}
