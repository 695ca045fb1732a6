package io.github.lfwire.langfuse.capture;

import java.io.OutputStream;
import java.util.Arrays;

/** Collects serialized bytes and stops the serializer by throwing once one byte more than the limit arrives. */
final class BoundedOutputStream extends OutputStream {

	static final LimitReached LIMIT_REACHED = new LimitReached();

	private final int limit;

	private byte[] buffer;

	private int size;

	private long seen;

	BoundedOutputStream(int limit) {
		this.limit = limit;
		this.buffer = new byte[Math.min(limit + 1, 1024)];
	}

	@Override
	public void write(int b) {
		write(new byte[] { (byte) b }, 0, 1);
	}

	@Override
	public void write(byte[] bytes, int offset, int length) {
		this.seen += length;
		int room = this.limit + 1 - this.size;
		int take = Math.min(room, length);
		if (take > 0) {
			if (this.size + take > this.buffer.length) {
				this.buffer = Arrays.copyOf(this.buffer, Math.min(this.limit + 1,
						Math.max(this.size + take, this.buffer.length * 2)));
			}
			System.arraycopy(bytes, offset, this.buffer, this.size, take);
			this.size += take;
		}
		if (this.size > this.limit) {
			throw LIMIT_REACHED;
		}
	}

	boolean overflowed() {
		return this.size > this.limit;
	}

	byte[] buffer() {
		return this.buffer;
	}

	int size() {
		return this.size;
	}

	long seen() {
		return this.seen;
	}

	/** Thrown to stop serialization at the limit; carries no stack trace. */
	static final class LimitReached extends RuntimeException {

		LimitReached() {
			super("capture limit reached", null, false, false);
		}

	}

}
