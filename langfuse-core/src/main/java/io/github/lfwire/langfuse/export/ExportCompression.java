package io.github.lfwire.langfuse.export;

/** How span export requests are compressed. */
public enum ExportCompression {

	/**
	 * Gzip at level 1, sent with {@code Content-Encoding: gzip}: the fewest bytes, for
	 * the export thread's largest cost; for an endpoint across a network.
	 */
	GZIP,

	/**
	 * No compression: the export thread's least work for many times the bytes, for a
	 * collector on the same host or network.
	 */
	NONE

}
