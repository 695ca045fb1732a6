package io.github.lfwire.langfuse.capture;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import io.github.lfwire.langfuse.internal.media.MediaSerializers;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ser.std.StdSerializer;

/**
 * Writes the strings of a capture that replaces media: a data URI becomes its media
 * reference, and a long ASCII text goes to the generator as its JSON bytes at once, only
 * as far as the capture keeps it, escaped as the generator escapes each character,
 * instead of character by character; any other text is left to the generator. The JSON is
 * byte for byte what the generator writes for the whole text.
 */
final class TextSerializer extends StdSerializer<String> {

	/** Texts shorter than this are left to the generator, whose loop is as fast there. */
	static final int RAW_FROM = 64;

	/**
	 * What the generator writes for each ASCII character it escapes, by character, or
	 * {@code null} when texts are left to the generator.
	 */
	private final byte @Nullable [] @Nullable [] escapes;

	private final boolean escapesSlashes;

	private TextSerializer(byte @Nullable [] @Nullable [] escapes) {
		super(String.class);
		this.escapes = escapes;
		this.escapesSlashes = escapes != null && escapes['/'] != null;
	}

	/**
	 * A serializer for captures made with generators of this mapper: it writes texts
	 * itself only when the mapper's generator writes each ASCII character alone between
	 * double quotes, as it is or escaped, and escapes no printable one but the quote, the
	 * backslash and the slash.
	 */
	static TextSerializer probing(ObjectMapper mapper) {
		byte[][] escapes = new byte[0x80][];
		for (char c = 0; c < 0x80; c++) {
			byte[] written = written(mapper, String.valueOf(c));
			if (written == null || written.length < 3 || written[0] != '"' || written[written.length - 1] != '"') {
				return new TextSerializer(null);
			}
			byte[] inner = Arrays.copyOfRange(written, 1, written.length - 1);
			if (inner.length == 1 && inner[0] == c) {
				continue;
			}
			if (c >= 0x20 && c != '"' && c != '\\' && c != '/') {
				return new TextSerializer(null);
			}
			escapes[c] = inner;
		}
		return new TextSerializer(escapes);
	}

	private static byte @Nullable [] written(ObjectMapper mapper, String text) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (JsonGenerator generator = mapper.createGenerator(out)) {
			generator.writeString(text);
		}
		catch (RuntimeException ex) {
			return null;
		}
		return out.toByteArray();
	}

	/**
	 * Whether long ASCII texts are written by this serializer rather than the generator.
	 */
	boolean writesTexts() {
		return this.escapes != null;
	}

	@Override
	public void serialize(String value, JsonGenerator gen, SerializationContext ctxt) throws JacksonException {
		String reference = MediaSerializers.dataUriReference(value);
		if (reference != null) {
			gen.writeString(reference);
			return;
		}
		int length = value.length();
		BoundedOutputStream out = (this.escapes != null && length >= RAW_FROM) ? CaptureSerializers.bounded(gen) : null;
		if (out == null) {
			gen.writeString(value);
			return;
		}
		int kept = (int) Math.min(length, Math.max(out.room(gen.streamWriteOutputBuffered()), 0) + 1);
		String part = (kept == length) ? value : value.substring(0, kept);
		byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
		if (bytes.length != kept || !writeEscaped(bytes, part, gen)) {
			gen.writeString(value);
		}
	}

	/**
	 * Writes the single-byte UTF-8 of a text as a JSON string, read eight bytes at a
	 * time: words that need no escape are copied at once. Returns {@code false}, having
	 * written nothing, when a question mark is the encoder's replacement of a lone
	 * surrogate rather than one in the text.
	 */
	private boolean writeEscaped(byte[] bytes, String text, JsonGenerator gen) {
		byte[] json = null;
		int length = 0;
		int i = 0;
		while (i < bytes.length) {
			if (i + Long.BYTES <= bytes.length) {
				long word = (long) Utf8Text.LONGS.get(bytes, i);
				if (!questionsAreText(word, text, i)) {
					return false;
				}
				if (!escaped(word)) {
					if (json != null) {
						json = room(json, length, Long.BYTES);
						Utf8Text.LONGS.set(json, length, word);
						length += Long.BYTES;
					}
					i += Long.BYTES;
					continue;
				}
			}
			int b = bytes[i];
			if (b == '?' && text.charAt(i) != '?') {
				return false;
			}
			byte[] escape = this.escapes[b];
			if (escape == null) {
				if (json != null) {
					json = room(json, length, 1);
					json[length++] = (byte) b;
				}
			}
			else {
				if (json == null) {
					json = new byte[bytes.length + bytes.length / 4 + 16];
					System.arraycopy(bytes, 0, json, 0, i);
					length = i;
				}
				json = room(json, length, escape.length);
				System.arraycopy(escape, 0, json, length, escape.length);
				length += escape.length;
			}
			i++;
		}
		if (json == null) {
			gen.writeRawUTF8String(bytes, 0, bytes.length);
		}
		else {
			gen.writeRawUTF8String(json, 0, length);
		}
		return true;
	}

	private static byte[] room(byte[] json, int length, int more) {
		return (length + more <= json.length) ? json : Arrays.copyOf(json, Math.max(json.length * 2, length + more));
	}

	/** Whether each question mark in a word of the encoded text is one in the text. */
	private static boolean questionsAreText(long word, String text, int at) {
		long questions = Utf8Text.bytesOf(word, '?');
		while (questions != 0) {
			if (text.charAt(at + (Long.numberOfTrailingZeros(questions) >>> 3)) != '?') {
				return false;
			}
			questions &= questions - 1;
		}
		return true;
	}

	private boolean escaped(long word) {
		long slashes = this.escapesSlashes ? Utf8Text.bytesOf(word, '/') : 0;
		return (Utf8Text.controlBytes(word) | Utf8Text.bytesOf(word, '"') | Utf8Text.bytesOf(word, '\\')
				| slashes) != 0;
	}

	@Override
	public boolean isEmpty(SerializationContext ctxt, String value) {
		return value.isEmpty();
	}

}
