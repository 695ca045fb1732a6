package io.github.lfwire.langfuse;

/**
 * What a flush or shutdown achieved within its timeout.
 *
 * @param delivered items the server acknowledged while waiting
 * @param failed items dropped while waiting (rejected, retries exhausted or cut off by
 * shutdown)
 * @param pending items still queued or in flight when the call returned
 * @param timedOut whether the timeout ended the wait before everything queued was handled
 */
public record FlushResult(long delivered, long failed, long pending, boolean timedOut) {

	/** The result of a flush that had nothing to wait for. */
	public static final FlushResult NONE = new FlushResult(0, 0, 0, false);

	/** Whether everything queued when the call started was delivered in time. */
	public boolean success() {
		return !this.timedOut && this.failed == 0 && this.pending == 0;
	}

	/** Adds up two results, for a client that flushes several pipelines. */
	public FlushResult plus(FlushResult other) {
		return new FlushResult(this.delivered + other.delivered, this.failed + other.failed,
				this.pending + other.pending, this.timedOut || other.timedOut);
	}

}
