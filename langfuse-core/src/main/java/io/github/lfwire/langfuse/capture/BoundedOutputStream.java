package io.github.lfwire.langfuse.capture;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.jspecify.annotations.Nullable;
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
 * can be previewed as valid JSON without escaping it into a string. A buffer from the
 * spare keeps room in front of the value for the start of the truncation wrapper, so that
 * such a preview becomes the wrapper's text without being copied first.
 */
final class BoundedOutputStream extends OutputStream {

	private static final int LARGE = 8 * 1024;

	private static final int SPARE_FROM = LARGE / 2;

	private static final byte[] EMPTY = new byte[0];

	/** The most open objects and arrays an entry end is remembered under. */
	private static final int MAX_OPEN = 64;

	/**
	 * The bytes kept in front of a value collected in a spare buffer, for the start of a
	 * truncation wrapper.
	 */
	static final int FRONT_ROOM = 256;

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

	private int start;

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
	 * spare, which must be one made by {@link #spareFor(int)} for the same limit.
	 */
	BoundedOutputStream(int limit, SpareBytes spare) {
		if (spare.length() != spareLength(limit)) {
			throw new IllegalArgumentException("spare arrays must be " + spareLength(limit) + " bytes long");
		}
		this.limit = limit;
		this.spare = spare;
		this.buffer = EMPTY;
		this.windowEnd = limit - Math.min(limit / HEAD_ROOM_SHARE, MAX_HEAD_ROOM);
		this.windowStart = this.windowEnd - limit / WINDOW_SHARE;
	}

	/** A spare for the buffers of streams with this limit. */
	static SpareBytes spareFor(int limit) {
		return new SpareBytes(spareLength(limit));
	}

	private static int spareLength(int limit) {
		return FRONT_ROOM + limit + 1;
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
			if (this.start + this.size + take > this.buffer.length) {
				grow(this.size + take);
			}
			System.arraycopy(bytes, offset, this.buffer, this.start + this.size, take);
			this.size += take;
		}
		if (this.size > this.limit) {
			if (this.stop == null) {
				this.stop = new LimitReached();
			}
			throw this.stop;
		}
	}

	/**
	 * Grows the buffer; one that reaches the limit is taken from the spare, or made in
	 * its shape while another thread holds it, with the room in front.
	 */
	private void grow(int needed) {
		byte[] kept = (needed > SPARE_FROM) ? this.spare.take() : null;
		int length = grownLength(needed);
		if (kept == null && length <= this.limit) {
			this.buffer = Arrays.copyOf(this.buffer, length);
			return;
		}
		byte[] full = (kept != null) ? kept : new byte[spareLength(this.limit)];
		System.arraycopy(this.buffer, this.start, full, FRONT_ROOM, this.size);
		this.buffer = full;
		this.start = FRONT_ROOM;
	}

	/**
	 * Hands a buffer of the limit's size back to the spare slot for the next large value;
	 * the stream and its buffer are not used after this.
	 */
	void release() {
		this.spare.giveBack(this.buffer);
		this.buffer = EMPTY;
		this.start = 0;
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
	 * How many bytes after those written so far and the given count still buffered ahead
	 * of them are kept before the stream stops the serializer; negative when they already
	 * pass the limit.
	 */
	long room(int buffered) {
		return this.limit - this.size - (long) buffered;
	}

	/**
	 * Whether the bytes written so far and the given count still buffered ahead of them
	 * pass the limit.
	 */
	boolean isPassedBy(int buffered) {
		return buffered >= 0 && room(buffered) < 0;
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

	/**
	 * The head, the bytes up to the remembered entry end with the open objects and arrays
	 * closed, and {@code last} as one string, written into the buffer around the bytes
	 * without copying them; {@code null} when no entry end is remembered or the room in
	 * front is too small for the head. The buffer's bytes after the entry end are
	 * overwritten.
	 */
	@Nullable String closedPreview(byte[] head, byte last) {
		if (this.entryEnd < 0 || head.length > this.start) {
			return null;
		}
		int from = this.start - head.length;
		System.arraycopy(head, 0, this.buffer, from, head.length);
		int end = this.start + this.entryEnd;
		System.arraycopy(this.closers, 0, this.buffer, end, this.closerCount);
		end += this.closerCount;
		this.buffer[end++] = last;
		return new String(this.buffer, from, end - from, StandardCharsets.UTF_8);
	}

	/** The array holding the bytes written, from {@link #start()}. */
	byte[] buffer() {
		return this.buffer;
	}

	/** Where the bytes written start in {@link #buffer()}. */
	int start() {
		return this.start;
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
