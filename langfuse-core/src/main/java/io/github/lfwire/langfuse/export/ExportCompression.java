package io.github.lfwire.langfuse.export;

/** How span export requests are compressed. */
public enum ExportCompression {

	/**
	 * Gzip at level 1, sent with {@code Content-Encoding: gzip}: many times fewer bytes
	 * for the export thread's largest part of its work; for an endpoint across a network.
	 */
	GZIP,

	/**
	 * No compression: less work for the export thread for many times the bytes; for a
	 * collector on the same host or network.
	 */
	NONE

}
