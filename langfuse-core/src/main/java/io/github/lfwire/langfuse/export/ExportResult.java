package io.github.lfwire.langfuse.export;

/**
 * What a flush or shutdown of one pipeline achieved within its timeout.
 *
 * @param delivered items the server acknowledged while waiting
 * @param failed items dropped while waiting
 * @param pending items still queued or in flight when the call returned
 * @param timedOut whether the timeout ended the wait before everything queued was handled
 */
public record ExportResult(long delivered, long failed, long pending, boolean timedOut) {
}
