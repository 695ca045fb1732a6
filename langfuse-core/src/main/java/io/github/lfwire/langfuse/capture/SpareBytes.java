package io.github.lfwire.langfuse.capture;

import java.util.concurrent.atomic.AtomicReference;

import org.jspecify.annotations.Nullable;

/**
 * One byte array of a fixed length kept for whichever thread takes it next, so that
 * captures that follow one another reuse it; a thread that finds it taken allocates its
 * own.
 */
final class SpareBytes {

	private final int length;

	private final AtomicReference<byte[]> slot = new AtomicReference<>();

	SpareBytes(int length) {
		this.length = length;
	}

	/** The length of the array kept. */
	int length() {
		return this.length;
	}

	/**
	 * The kept array, now the caller's alone, or {@code null} while another thread holds
	 * it or before one was given back.
	 */
	byte @Nullable [] take() {
		return this.slot.getAndSet(null);
	}

	/** Keeps an array for the next taker if it has the kept length. */
	void giveBack(byte[] bytes) {
		if (bytes.length == this.length) {
			this.slot.set(bytes);
		}
	}

}
