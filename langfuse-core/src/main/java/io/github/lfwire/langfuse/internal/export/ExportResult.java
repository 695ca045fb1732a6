package io.github.lfwire.langfuse.internal.export;

/**
 * What a flush or shutdown of one pipeline achieved within its timeout.
 *
 * @param delivered items the server acknowledged while waiting
 * @param failed items dropped while waiting
 * @param pending items still queued or in flight when the call returned
 * @param timedOut whether the timeout ended the wait before everything queued was handled
 */
public record ExportResult(long delivered, long failed, long pending, boolean timedOut) {

	/** The result of waiting on nothing. */
	public static final ExportResult NONE = new ExportResult(0, 0, 0, false);

	/** The sum of this result and another. */
	public ExportResult plus(ExportResult other) {
		return new ExportResult(this.delivered + other.delivered, this.failed + other.failed,
				this.pending + other.pending, this.timedOut || other.timedOut);
	}

}
