package io.github.lfwire.langfuse;

import java.time.Instant;

/**
 * The answer of the server's {@code GET /api/public/health}.
 * @param status the reported status such as {@code OK}, or {@code UNREACHABLE}/{@code INVALID} when it could not be read
 * @param version the server version, or {@code null}
 * @param detail what went wrong when the status could not be read, or {@code null}
 * @param checkedAt when it was checked
 */
public record ServerHealth(String status, String version, String detail, Instant checkedAt) {

	/** Whether the server reported {@code OK}. */
	public boolean isOk() {
		return "OK".equals(this.status);
	}

}
