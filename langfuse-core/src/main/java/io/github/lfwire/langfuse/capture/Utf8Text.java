package io.github.lfwire.langfuse.capture;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Cuts UTF-8 text to a byte limit at a character boundary: as it is (for metadata), or
 * escaped as the content of a JSON string (for truncation wrappers).
 */
final class Utf8Text {

	private static final String TRUNCATED = " ...(truncated)";

	private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

	private static final boolean[] PLAIN = new boolean[256];

	/** Reads and writes eight bytes of an array at once, as a little-endian word. */
	static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

	private static final long ONES = 0x0101010101010101L;

	private static final long HIGHS = 0x8080808080808080L;

	private static final long LOWS = 0x7F7F7F7F7F7F7F7FL;

	/**
	 * Room the word loop of {@link #escapeInto} needs before the limit: a word of control
	 * characters escapes to 48 bytes.
	 */
	private static final int WORD_ROOM = 6 * Long.BYTES;

	static {
		for (int b = 0; b < PLAIN.length; b++) {
			PLAIN[b] = b >= 0x20 && b != '"' && b != '\\';
		}
	}

	private Utf8Text() {
	}

	/**
	 * The text cut to at most {@code maxBytes} UTF-8 bytes, marker included, at a
	 * character boundary and marked; the same text when it fits.
	 */
	static String bound(String text, int maxBytes) {
		if (text.length() * 3L <= maxBytes) {
			return text;
		}
		byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
		if (utf8.length <= maxBytes) {
			return text;
		}
		int end = completePrefixEnd(utf8, 0, maxBytes - TRUNCATED.length());
		return new String(utf8, 0, end, StandardCharsets.UTF_8) + TRUNCATED;
	}

	/**
	 * The end of the longest run of whole UTF-8 characters that starts at {@code from}
	 * and ends at or before {@code to}.
	 */
	static int completePrefixEnd(byte[] bytes, int from, int to) {
		int end = to;
		int back = 0;
		while (end > from && back < 4 && (bytes[end - 1] & 0xC0) == 0x80) {
			end--;
			back++;
		}
		if (end > from && (bytes[end - 1] & 0x80) != 0) {
			int lead = bytes[end - 1] & 0xFF;
			int expected = (lead >= 0xF0) ? 3 : (lead >= 0xE0) ? 2 : (lead >= 0xC0) ? 1 : 0;
			end = (expected == back) ? end + back : end - 1;
		}
		else if (back > 0) {
			end += back;
		}
		return end;
	}

	/**
	 * Escapes the UTF-8 JSON text from {@code sourceStart} to {@code sourceEnd} as the
	 * content of a JSON string, copying whole characters while they fit before
	 * {@code limit}; returns the end of what was written. Text is read eight bytes at a
	 * time: a word that needs no escape is copied at once, and in one that holds quotes
	 * or backslashes each gets a backslash and the rest of the word is copied after it,
	 * without a loop over its bytes. Control characters and the last bytes before the
	 * limit are escaped one by one.
	 */
	static int escapeInto(byte[] source, int sourceStart, int sourceEnd, byte[] target, int start, int limit) {
		int at = start;
		int i = sourceStart;
		while (i + Long.BYTES <= sourceEnd && at + WORD_ROOM <= limit) {
			long word = (long) LONGS.get(source, i);
			LONGS.set(target, at, word);
			long quotes = bytesOf(word, '"') | bytesOf(word, '\\');
			long controls = controlBytes(word);
			if (controls != 0) {
				int end = i + (Long.numberOfTrailingZeros(controls) >>> 3);
				while (i <= end) {
					at = escapeByte(source[i++], target, at);
				}
				continue;
			}
			while (quotes != 0) {
				int position = Long.numberOfTrailingZeros(quotes) >>> 3;
				target[at + position] = '\\';
				at++;
				LONGS.set(target, at + position, word >>> (position << 3));
				quotes &= quotes - 1;
			}
			i += Long.BYTES;
			at += Long.BYTES;
		}
		while (i < sourceEnd) {
			int b = source[i];
			int room = limit - at;
			if ((PLAIN[b & 0xFF]) ? room < 1 : (b == '"' || b == '\\') ? room < 2 : room < 6) {
				break;
			}
			at = escapeByte(b, target, at);
			i++;
		}
		while (at > start && i < sourceEnd && (source[i] & 0xC0) == 0x80) {
			at--;
			i--;
		}
		return at;
	}

	private static int escapeByte(int b, byte[] target, int start) {
		int at = start;
		if (PLAIN[b & 0xFF]) {
			target[at++] = (byte) b;
		}
		else if (b == '"' || b == '\\') {
			target[at++] = '\\';
			target[at++] = (byte) b;
		}
		else {
			target[at++] = '\\';
			target[at++] = 'u';
			target[at++] = '0';
			target[at++] = '0';
			target[at++] = HEX[b >> 4];
			target[at++] = HEX[b & 0xF];
		}
		return at;
	}

	/** Marks with its high bit each byte of a word that is the given ASCII character. */
	static long bytesOf(long word, char c) {
		return zeroBytes(word ^ (ONES * c));
	}

	/** Marks with its high bit each byte of a word below 0x20: a control character. */
	static long controlBytes(long word) {
		return ~(((word & LOWS) + ONES * (0x80 - 0x20)) | word) & HIGHS;
	}

	/** Marks with its high bit each zero byte of a word, exactly. */
	private static long zeroBytes(long word) {
		return ~(((word & LOWS) + LOWS) | word) & HIGHS;
	}

	/**
	 * Appends the text as a quoted JSON string, cut before the character that would take
	 * it over {@code maxBytes} UTF-8 bytes.
	 */
	static void appendQuoted(StringBuilder json, String text, int maxBytes) {
		json.append('"');
		int used = 0;
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			String escaped = null;
			int bytes;
			if (c == '"' || c == '\\') {
				escaped = "\\" + c;
				bytes = 2;
			}
			else if (c < 0x20) {
				escaped = String.format("\\u%04x", (int) c);
				bytes = 6;
			}
			else if (Character.isHighSurrogate(c) && i + 1 < text.length()
					&& Character.isLowSurrogate(text.charAt(i + 1))) {
				if (used + 4 > maxBytes) {
					break;
				}
				json.append(c).append(text.charAt(++i));
				used += 4;
				continue;
			}
			else if (Character.isSurrogate(c)) {
				escaped = "\uFFFD";
				bytes = 3;
			}
			else {
				bytes = (c < 0x80) ? 1 : (c < 0x800) ? 2 : 3;
			}
			if (used + bytes > maxBytes) {
				break;
			}
			if (escaped != null) {
				json.append(escaped);
			}
			else {
				json.append(c);
			}
			used += bytes;
		}
		json.append('"');
	}

}
