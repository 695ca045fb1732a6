package io.github.lfwire.langfuse.testing;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * An answer that {@link FakeLangfuseServer} gives to one enqueued request instead of its
 * normal behaviour.
 *
 * @param kind what the server does
 * @param status the status code answered, 0 when nothing is answered or the normal status
 * is kept
 * @param body the body answered, or {@code null} for a default that suits the status and
 * endpoint
 * @param headers extra response headers
 * @param delay how long to wait before answering
 */
public record FakeResponse(Kind kind, int status, String body, Map<String, String> headers, Duration delay) {

	/** What a {@link FakeResponse} makes the server do. */
	public enum Kind {

		/**
		 * Answer a fixed status, body and headers without checking or storing anything.
		 */
		STATUS,

		/** Read the request, then close the connection without answering. */
		CONNECTION_RESET,

		/**
		 * Check and store the request as usual, then answer a status with a body no
		 * client can parse.
		 */
		MALFORMED_BODY,

		/** Check and store the request as usual, then answer after a delay. */
		DELAY

	}

	public FakeResponse {
		Objects.requireNonNull(kind, "kind");
		headers = (headers != null) ? Map.copyOf(headers) : Map.of();
		delay = (delay != null) ? delay : Duration.ZERO;
		if (delay.isNegative()) {
			throw new IllegalArgumentException("delay must not be negative: " + delay);
		}
		if (kind == Kind.STATUS || kind == Kind.MALFORMED_BODY) {
			checkStatus(status);
		}
	}

	/**
	 * Answers {@code code} with a default body, without processing the request.
	 * @param code the HTTP status
	 * @return the response
	 */
	public static FakeResponse status(int code) {
		return new FakeResponse(Kind.STATUS, code, null, Map.of(), Duration.ZERO);
	}

	/**
	 * Answers {@code code} with {@code body}, without processing the request.
	 * @param code the HTTP status
	 * @param body the response body
	 * @return the response
	 */
	public static FakeResponse status(int code, String body) {
		return new FakeResponse(Kind.STATUS, code, Objects.requireNonNull(body, "body"), Map.of(), Duration.ZERO);
	}

	/**
	 * Answers {@code code} with a {@code Retry-After} header, without processing the
	 * request.
	 * @param code the HTTP status, typically 429 or 503
	 * @param retryAfterHeaderValue the header value, seconds or an HTTP date
	 * @return the response
	 */
	public static FakeResponse retryAfter(int code, String retryAfterHeaderValue) {
		return new FakeResponse(Kind.STATUS, code, null,
				Map.of("Retry-After", Objects.requireNonNull(retryAfterHeaderValue, "retryAfterHeaderValue")),
				Duration.ZERO);
	}

	/**
	 * Reads the request, then closes the connection without answering, so the client sees
	 * an I/O error.
	 * @return the response
	 */
	public static FakeResponse connectionReset() {
		return new FakeResponse(Kind.CONNECTION_RESET, 0, null, Map.of(), Duration.ZERO);
	}

	/**
	 * Processes the request normally, then answers {@code code} with a body that no
	 * client can parse.
	 * @param code the HTTP status, typically 200 or 207
	 * @return the response
	 */
	public static FakeResponse malformedBody(int code) {
		return new FakeResponse(Kind.MALFORMED_BODY, code, null, Map.of(), Duration.ZERO);
	}

	/**
	 * Processes the request normally and answers after {@code delay}.
	 * @param delay how long to wait before answering
	 * @return the response
	 */
	public static FakeResponse delay(Duration delay) {
		return new FakeResponse(Kind.DELAY, 0, null, Map.of(), Objects.requireNonNull(delay, "delay"));
	}

	boolean processesRequest() {
		return this.kind == Kind.MALFORMED_BODY || this.kind == Kind.DELAY;
	}

	private static void checkStatus(int code) {
		if (code < 100 || code > 599) {
			throw new IllegalArgumentException("HTTP status must be between 100 and 599: " + code);
		}
	}

}
