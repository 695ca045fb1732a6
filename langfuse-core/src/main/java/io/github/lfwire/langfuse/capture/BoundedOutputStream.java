package io.github.lfwire.langfuse.capture;

import java.io.OutputStream;
import java.util.Arrays;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.TokenStreamContext;

/**
 * Collects serialized bytes and stops the serializer by throwing once one byte more than
 * the limit arrives, and on every write after that until told to discard further writes.
 * A value of more than a few kilobytes is collected in a buffer of the limit's size
 * shared through a spare slot, so that a thread that captures large values one after
 * another, as the export thread does, reuses one buffer instead of allocating and growing
 * one per value. Near the limit it remembers where the last whole entry of an object
 * ended and which objects and arrays were open there, so that a value cut at the limit
 * can be previewed as valid JSON without escaping it into a string.
 */
final class BoundedOutputStream extends OutputStream {

	private static final int LARGE = 8 * 1024;

	private static final int SPARE_FROM = LARGE / 2;

	private static final byte[] EMPTY = new byte[0];

	/** The most open objects and arrays an entry end is remembered under. */
	private static final int MAX_OPEN = 64;

	/** The share of the limit kept free of the preview for the wrapper's other fields. */
	private static final int HEAD_ROOM_SHARE = 8;

	private static final int MAX_HEAD_ROOM = 384;

	/**
	 * The share of the limit, before the room kept for the wrapper, in which entry ends
	 * are remembered.
	 */
	private static final int WINDOW_SHARE = 16;

	private final int limit;

	private final SpareBytes spare;

	private byte[] buffer;

	private int size;

	private long seen;

	private LimitReached stop;

	private byte[] one;

	private boolean discarding;

	private final int windowStart;

	private final int windowEnd;

	private int entryEnd = -1;

	private byte[] closers;

	private int closerCount;

	/**
	 * A stream that stops past {@code limit} bytes and collects large values in the
	 * spare, whose arrays are one byte longer than the limit.
	 */
	BoundedOutputStream(int limit, SpareBytes spare) {
		if (spare.length() != limit + 1) {
			throw new IllegalArgumentException("spare arrays must be one byte longer than the limit");
		}
		this.limit = limit;
		this.spare = spare;
		this.buffer = EMPTY;
		this.windowEnd = limit - Math.min(limit / HEAD_ROOM_SHARE, MAX_HEAD_ROOM);
		this.windowStart = this.windowEnd - limit / WINDOW_SHARE;
	}

	@Override
	public void write(int b) {
		write(this.single(b), 0, 1);
	}

	private byte[] single(int b) {
		if (this.one == null) {
			this.one = new byte[1];
		}
		this.one[0] = (byte) b;
		return this.one;
	}

	@Override
	public void write(byte[] bytes, int offset, int length) {
		if (this.discarding) {
			return;
		}
		this.seen += length;
		int room = this.limit + 1 - this.size;
		int take = Math.min(room, length);
		if (take > 0) {
			if (this.size + take > this.buffer.length) {
				this.buffer = grown(this.size + take);
			}
			System.arraycopy(bytes, offset, this.buffer, this.size, take);
			this.size += take;
		}
		if (this.size > this.limit) {
			if (this.stop == null) {
				this.stop = new LimitReached();
			}
			throw this.stop;
		}
	}

	private byte[] grown(int needed) {
		if (needed > SPARE_FROM) {
			byte[] kept = this.spare.take();
			if (kept != null) {
				System.arraycopy(this.buffer, 0, kept, 0, this.size);
				return kept;
			}
		}
		return Arrays.copyOf(this.buffer, grownLength(needed));
	}

	/**
	 * Hands a buffer of the limit's size back to the spare slot for the next large value;
	 * the stream and its buffer are not used after this.
	 */
	void release() {
		this.spare.giveBack(this.buffer);
		this.buffer = EMPTY;
		this.size = 0;
	}

	/**
	 * The first write sizes the buffer exactly, which holds all of a small value since
	 * the generator writes what it buffered at once; small values grow the buffer by
	 * doubling; once a value needs more than one flush of the generator's buffer it is
	 * likely large, so the buffer grows eightfold, which reaches the default limit at
	 * once instead of copying the value at every doubling.
	 */
	private int grownLength(int needed) {
		long factor = (needed > LARGE) ? 8 : 2;
		return (int) Math.min(this.limit + 1, Math.max(needed, this.buffer.length * factor));
	}

	/**
	 * Whether the bytes written so far and the given count still buffered ahead of them
	 * pass the limit.
	 */
	boolean isPassedBy(int buffered) {
		return buffered >= 0 && this.size + (long) buffered > this.limit;
	}

	/**
	 * Remembers the end of a whole entry of the object the generator is in, when it falls
	 * in the last stretch before the limit, with the brackets that close the objects and
	 * arrays open there; {@code buffered} bytes the generator holds are ahead of it. Only
	 * an entry end in that stretch reads the generator's context.
	 */
	void entryEnded(int buffered, JsonGenerator generator) {
		long at = this.size + (long) buffered;
		if (at < this.windowStart || at > this.windowEnd) {
			return;
		}
		TokenStreamContext context = generator.streamWriteContext();
		if (context.getEntryCount() == 0) {
			return;
		}
		int depth = context.getNestingDepth();
		if (depth > MAX_OPEN || at + depth > this.windowEnd) {
			return;
		}
		if (this.closers == null) {
			this.closers = new byte[MAX_OPEN];
		}
		int count = 0;
		for (TokenStreamContext open = context; count < depth; open = open.getParent()) {
			this.closers[count++] = (byte) (open.inObject() ? '}' : ']');
		}
		this.entryEnd = (int) at;
		this.closerCount = count;
	}

	/**
	 * Where the last whole entry remembered near the limit ended, or -1; the bytes before
	 * it and {@link #closerCount()} bytes of {@link #closers()} are valid JSON.
	 */
	int entryEnd() {
		return this.entryEnd;
	}

	byte[] closers() {
		return this.closers;
	}

	int closerCount() {
		return this.closerCount;
	}

	/**
	 * Ignores every later write, so closing a generator stopped at the limit flushes what
	 * it still holds without being stopped again.
	 */
	void discardFurtherWrites() {
		this.discarding = true;
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

	/**
	 * Thrown to stop serialization at the limit; it fills in no stack trace, and as a
	 * Jackson exception it passes through Jackson's serializers without being wrapped in
	 * one that would.
	 */
	static final class LimitReached extends JacksonException {

		private static final long serialVersionUID = 1L;

		LimitReached() {
			super("capture limit reached");
		}

		@Override
		public synchronized Throwable fillInStackTrace() {
			return this;
		}

	}

}
