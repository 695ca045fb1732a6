package io.github.lfwire.langfuse;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * The answer of the server's {@code GET /api/public/health}.
 *
 * @param status what the check found
 * @param version the server version, or {@code null}
 * @param detail what went wrong when the status is not {@link Status#OK}, or {@code null}
 * @param checkedAt when it was checked
 */
public record ServerHealth(Status status, @Nullable String version, @Nullable String detail, Instant checkedAt) {

	/** Whether the server reported {@code OK}. */
	public boolean isOk() {
		return this.status == Status.OK;
	}

	/** What a health check found. */
	public enum Status {

		/** The server answered 200 with status {@code OK}. */
		OK,
		/**
		 * The server answered with another HTTP status or reported a status other than
		 * {@code OK}.
		 */
		UNHEALTHY,
		/** The server could not be reached in time. */
		UNREACHABLE,
		/** The answer was not the expected JSON. */
		INVALID,
		/** The client does not talk to a server: tracing is off. */
		DISABLED,
		/** The client prints traces to the console instead of sending them. */
		CONSOLE,
		/** No check has finished yet. */
		UNKNOWN

	}

}
