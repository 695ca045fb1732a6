package io.github.lfwire.langfuse.capture;

import java.io.ByteArrayOutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import io.github.lfwire.langfuse.internal.media.MediaSerializers;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ser.std.StdSerializer;

/**
 * Writes the strings of a capture that replaces media: a data URI becomes its media
 * reference, and a long text of printable ASCII that the generator writes as it is goes
 * to the generator as its bytes at once, only as far as the capture keeps it, instead of
 * character by character; any other text is left to the generator. The JSON is byte for
 * byte what the generator writes for the whole text.
 */
final class TextSerializer extends StdSerializer<String> {

	/** Texts shorter than this are left to the generator, whose loop is as fast there. */
	static final int RAW_FROM = 64;

	private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

	private static final long ONES = 0x0101010101010101L;

	private static final long HIGHS = 0x8080808080808080L;

	private static final long LOWS = 0x7F7F7F7F7F7F7F7FL;

	private final boolean raw;

	private final boolean escapesSlashes;

	private TextSerializer(boolean raw, boolean escapesSlashes) {
		super(String.class);
		this.raw = raw;
		this.escapesSlashes = escapesSlashes;
	}

	/**
	 * A serializer for captures made with generators of this mapper: it writes texts as
	 * their bytes only when the mapper's generator writes each printable ASCII character
	 * but the quote, the backslash and, if it escapes it, the slash as it is, between
	 * double quotes.
	 */
	static TextSerializer probing(ObjectMapper mapper) {
		boolean raw = true;
		boolean escapesSlashes = false;
		for (char c = 0x20; c <= 0x7F && raw; c++) {
			if (c == '"' || c == '\\') {
				continue;
			}
			String expected = "\"" + c + "\"";
			String written = written(mapper, String.valueOf(c));
			if (!expected.equals(written)) {
				if (c == '/' && written != null) {
					escapesSlashes = true;
				}
				else {
					raw = false;
				}
			}
		}
		return new TextSerializer(raw, escapesSlashes);
	}

	private static @Nullable String written(ObjectMapper mapper, String text) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (JsonGenerator generator = mapper.createGenerator(out)) {
			generator.writeString(text);
		}
		catch (RuntimeException ex) {
			return null;
		}
		return out.toString(StandardCharsets.UTF_8);
	}

	/** Whether long texts of printable ASCII are written as their bytes. */
	boolean writesRaw() {
		return this.raw;
	}

	@Override
	public void serialize(String value, JsonGenerator gen, SerializationContext ctxt) throws JacksonException {
		String reference = MediaSerializers.dataUriReference(value);
		if (reference != null) {
			gen.writeString(reference);
			return;
		}
		int length = value.length();
		BoundedOutputStream out = (this.raw && length >= RAW_FROM) ? CaptureSerializers.bounded(gen) : null;
		if (out == null) {
			gen.writeString(value);
			return;
		}
		int kept = (int) Math.min(length, Math.max(out.room(gen.streamWriteOutputBuffered()), 0) + 1);
		String part = (kept == length) ? value : value.substring(0, kept);
		byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
		if (bytes.length != kept || !plain(bytes, part)) {
			gen.writeString(value);
			return;
		}
		gen.writeRawUTF8String(bytes, 0, kept);
	}

	/**
	 * Whether the single-byte UTF-8 of a text holds no byte the generator escapes, read
	 * eight bytes at a time; a question mark must be one in the text too, not the
	 * encoder's replacement of a lone surrogate.
	 */
	private boolean plain(byte[] bytes, String text) {
		int i = 0;
		for (; i + Long.BYTES <= bytes.length; i += Long.BYTES) {
			long word = (long) LONGS.get(bytes, i);
			if (escaped(word)) {
				return false;
			}
			long questions = zeroBytes(word ^ (ONES * '?'));
			while (questions != 0) {
				if (text.charAt(i + (Long.numberOfTrailingZeros(questions) >>> 3)) != '?') {
					return false;
				}
				questions &= questions - 1;
			}
		}
		for (; i < bytes.length; i++) {
			int b = bytes[i];
			if (b < 0x20 || b == '"' || b == '\\' || (b == '/' && this.escapesSlashes)
					|| (b == '?' && text.charAt(i) != '?')) {
				return false;
			}
		}
		return true;
	}

	private boolean escaped(long word) {
		long controls = ~(((word & LOWS) + ONES * (0x80 - 0x20)) | word) & HIGHS;
		long quotes = zeroBytes(word ^ (ONES * '"')) | zeroBytes(word ^ (ONES * '\\'));
		long slashes = this.escapesSlashes ? zeroBytes(word ^ (ONES * '/')) : 0;
		return (controls | quotes | slashes) != 0;
	}

	/** Marks with its high bit each zero byte of a word, exactly. */
	private static long zeroBytes(long word) {
		return ~(((word & LOWS) + LOWS) | word) & HIGHS;
	}

	@Override
	public boolean isEmpty(SerializationContext ctxt, String value) {
		return value.isEmpty();
	}

}
