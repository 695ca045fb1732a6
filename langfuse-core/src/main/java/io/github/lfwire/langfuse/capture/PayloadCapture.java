package io.github.lfwire.langfuse.capture;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

import io.github.lfwire.langfuse.media.MediaSerializers;
import io.github.lfwire.langfuse.media.MediaSink;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.cfg.MapperBuilder;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;

/**
 * Serializes user objects to bounded JSON for observation input and output.
 * <p>
 * Serialization writes into a buffer of the limit's size and is stopped as soon as one
 * byte more arrives, so capturing a 5 MB object costs about what a value of the limit's
 * size does. A value that does not fit, or that fails to serialize part-way (a getter
 * that throws, a cycle, nesting too deep), is stored as a wrapper that is valid JSON
 * within the limit:
 * <pre>{"truncated":true,"type":"com.example.State","limitBytes":32768,"reason":"...","preview":"{\"history\":[..."}</pre>
 * where {@code preview} is the longest prefix of the serialized value that fits. Values
 * under redacted keys become {@code "<redacted>"}; streams, iterators, threads,
 * connections and proxies become {@code "<unserializable TYPE>"}. Capture never throws
 * and never includes an exception message, which might carry secrets.
 */
public final class PayloadCapture {

	private static final int DESCRIBED_MAP_ENTRIES = 4;

	/** The keys redacted by default. */
	public static final List<String> DEFAULT_REDACTED_KEYS = List.of("password", "secret", "token", "api key",
			"authorization", "cookie", "credential", "private key");

	private static final int WRAPPER_SLACK = 16;

	/**
	 * The type and the reason in a truncation wrapper are each cut to the limit divided
	 * by this.
	 */
	private static final int WRAPPER_TEXT_SHARE = 4;

	private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

	private static final boolean[] PLAIN = new boolean[256];

	private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

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

	private final ObjectMapper mapper;

	private final int maxBytes;

	private final CaptureMask mask;

	private final boolean media;

	private final AtomicReference<byte[]> spareWrapper = new AtomicReference<>();

	private PayloadCapture(Builder builder) {
		SimpleModule module = new SimpleModule("lfwire-capture");
		module.setSerializerModifier(new CaptureSerializers(new RedactedKeys(builder.redactedKeys), builder.media));
		ObjectMapper base = (builder.objectMapper != null) ? builder.objectMapper : JsonMapper.builder().build();
		MapperBuilder<?, ?> rebuilt = base.rebuild()
			.addModule(module)
			.addModule(MediaSerializers.module(builder.maxBytes, builder.media));
		this.mapper = rebuilt.disable(SerializationFeature.FAIL_ON_EMPTY_BEANS, SerializationFeature.INDENT_OUTPUT)
			.build();
		this.maxBytes = builder.maxBytes;
		this.mask = builder.mask;
		this.media = builder.media;
	}

	/** A builder with the default limit and redacted keys. */
	public static Builder builder() {
		return new Builder();
	}

	/** The most UTF-8 bytes of one captured value. */
	public int maxBytes() {
		return this.maxBytes;
	}

	/** Captures a value as bounded JSON; never throws, never returns {@code null}. */
	public Captured capture(@Nullable Object value) {
		return capture(value, null);
	}

	/**
	 * Captures a value as bounded JSON, replacing the media it holds by references
	 * collected in the sink when the capture was built with
	 * {@link Builder#media(boolean)}; never throws, never returns {@code null}.
	 */
	public Captured capture(@Nullable Object value, MediaSink media) {
		Object target = value;
		if (this.mask != null) {
			try {
				target = this.mask.mask(value);
			}
			catch (Throwable ex) {
				rethrowIfFatal(ex);
				return new Captured(quote("<mask failed: " + ex.getClass().getSimpleName() + ">"), false, 0);
			}
		}
		BoundedOutputStream out = new BoundedOutputStream(this.maxBytes);
		JsonGenerator generator = null;
		try {
			generator = this.mapper.createGenerator(out);
			MediaSink previous = MediaSink.install((this.media) ? media : null);
			try {
				this.mapper.writeValue(generator, target);
			}
			finally {
				MediaSink.restore(previous);
			}
			generator.close();
			return new Captured(new String(out.buffer(), 0, out.size(), StandardCharsets.UTF_8), false, out.seen());
		}
		catch (Throwable ex) {
			rethrowIfFatal(ex);
			boolean overflowed = out.overflowed();
			if (overflowed) {
				out.discardFurtherWrites();
			}
			closeQuietly(generator);
			String reason = overflowed ? "larger than the capture limit" : reason(ex);
			return new Captured(wrapper(target, reason, out), true, out.seen());
		}
	}

	private static void closeQuietly(JsonGenerator generator) {
		if (generator == null || generator.isClosed()) {
			return;
		}
		try {
			generator.close();
		}
		catch (Throwable ex) {
			rethrowIfFatal(ex);
		}
	}

	/**
	 * Builds the truncation wrapper in one pass over the serialized prefix: its bytes are
	 * escaped straight into the wrapper's bytes, so the only string built is the result.
	 * The wrapper's bytes are written into a buffer of the limit's size kept for the next
	 * truncation, or a new one while another thread holds it.
	 */
	private String wrapper(Object value, String reason, BoundedOutputStream out) {
		StringBuilder head = new StringBuilder(128);
		head.append("{\"truncated\":true,\"type\":");
		appendQuoted(head, typeOf(value), this.maxBytes / WRAPPER_TEXT_SHARE);
		head.append(",\"limitBytes\":").append(this.maxBytes).append(",\"reason\":");
		appendQuoted(head, reason, this.maxBytes / WRAPPER_TEXT_SHARE);
		head.append(",\"preview\":\"");
		byte[] headBytes = head.toString().getBytes(StandardCharsets.UTF_8);
		int budget = Math.max(0, this.maxBytes - headBytes.length - WRAPPER_SLACK);
		int size = headBytes.length + budget + 2;
		byte[] spare = (size <= this.maxBytes) ? this.spareWrapper.getAndSet(null) : null;
		byte[] json = (spare != null) ? spare : new byte[Math.max(size, this.maxBytes)];
		System.arraycopy(headBytes, 0, json, 0, headBytes.length);
		byte[] prefix = out.buffer();
		int end = completePrefixLength(prefix, Math.min(out.size(), this.maxBytes));
		int length = escapeInto(prefix, end, json, headBytes.length, headBytes.length + budget);
		json[length++] = '"';
		json[length++] = '}';
		String wrapper = new String(json, 0, length, StandardCharsets.UTF_8);
		if (json.length == this.maxBytes) {
			this.spareWrapper.set(json);
		}
		return wrapper;
	}

	/**
	 * Escapes UTF-8 JSON text as the content of a JSON string, copying whole characters
	 * while they fit before {@code limit}; returns the end of what was written. Text is
	 * read eight bytes at a time: a word that needs no escape is copied at once, and in
	 * one that holds quotes or backslashes each gets a backslash and the rest of the word
	 * is copied after it, without a loop over its bytes. Control characters and the last
	 * bytes before the limit are escaped one by one.
	 */
	static int escapeInto(byte[] source, int sourceEnd, byte[] target, int start, int limit) {
		int at = start;
		int i = 0;
		while (i + Long.BYTES <= sourceEnd && at + WORD_ROOM <= limit) {
			long word = (long) LONGS.get(source, i);
			LONGS.set(target, at, word);
			long quotes = zeroBytes(word ^ (ONES * '"')) | zeroBytes(word ^ (ONES * '\\'));
			long controls = ~(((word & LOWS) + ONES * (0x80 - 0x20)) | word) & HIGHS;
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

	/** Marks with its high bit each zero byte of a word, exactly. */
	private static long zeroBytes(long word) {
		return ~(((word & LOWS) + LOWS) | word) & HIGHS;
	}

	/**
	 * Names the type of a value; a small map with text keys, such as the arguments
	 * {@code @Observe} captures, also names the type under each key, so a truncated
	 * argument map says what it held.
	 */
	private static String typeOf(Object value) {
		if (value == null) {
			return "null";
		}
		String type = value.getClass().getName();
		if (!(value instanceof Map<?, ?> map) || map.isEmpty() || map.size() > DESCRIBED_MAP_ENTRIES) {
			return type;
		}
		try {
			StringBuilder described = new StringBuilder(type).append('{');
			for (Map.Entry<?, ?> entry : map.entrySet()) {
				if (!(entry.getKey() instanceof String key)) {
					return type;
				}
				Object entryValue = entry.getValue();
				described.append((described.charAt(described.length() - 1) == '{') ? "" : ", ")
					.append(key)
					.append('=')
					.append((entryValue != null) ? entryValue.getClass().getName() : "null");
			}
			return described.append('}').toString();
		}
		catch (RuntimeException ex) {
			return type;
		}
	}

	private static String reason(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof StackOverflowError || cause instanceof StreamConstraintsException) {
				return "nested too deeply (a cycle?)";
			}
			String message = cause.getMessage();
			if (message != null && message.contains("self-reference")) {
				return "cycle";
			}
		}
		Throwable root = ex;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		return "serialization failed: " + root.getClass().getSimpleName();
	}

	private static void rethrowIfFatal(Throwable ex) {
		if (ex instanceof VirtualMachineError && !(ex instanceof StackOverflowError)) {
			throw (VirtualMachineError) ex;
		}
	}

	/** The length of the longest prefix that does not end inside a UTF-8 sequence. */
	private static int completePrefixLength(byte[] bytes, int length) {
		int end = length;
		int back = 0;
		while (end > 0 && back < 4 && (bytes[end - 1] & 0xC0) == 0x80) {
			end--;
			back++;
		}
		if (end > 0 && (bytes[end - 1] & 0x80) != 0) {
			int lead = bytes[end - 1] & 0xFF;
			int expected = (lead >= 0xF0) ? 3 : (lead >= 0xE0) ? 2 : (lead >= 0xC0) ? 1 : 0;
			end = (expected == back) ? end + back : end - 1;
		}
		else if (back > 0) {
			end += back;
		}
		return end;
	}

	static String quote(String text) {
		StringBuilder json = new StringBuilder(text.length() + 2);
		appendQuoted(json, text, Integer.MAX_VALUE);
		return json.toString();
	}

	private static void appendQuoted(StringBuilder json, String text, int maxBytes) {
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

	/** Builds a {@link PayloadCapture}. */
	public static final class Builder {

		private ObjectMapper objectMapper;

		private int maxBytes = 32 * 1024;

		private Collection<String> redactedKeys = DEFAULT_REDACTED_KEYS;

		private CaptureMask mask;

		private boolean media;

		private Builder() {
		}

		/**
		 * The application's mapper, so its modules and annotations apply; it is not
		 * modified.
		 */
		public Builder objectMapper(ObjectMapper objectMapper) {
			this.objectMapper = objectMapper;
			return this;
		}

		/** The most UTF-8 bytes of one captured value (default 32 KB, at least 256). */
		public Builder maxBytes(int maxBytes) {
			if (maxBytes < 256) {
				throw new IllegalArgumentException("maxBytes must be at least 256, was " + maxBytes);
			}
			this.maxBytes = maxBytes;
			return this;
		}

		/**
		 * Every key whose values are replaced by {@code "<redacted>"}; replaces the
		 * default list.
		 */
		public Builder redactedKeys(Collection<String> redactedKeys) {
			Objects.requireNonNull(redactedKeys, "redactedKeys");
			if (redactedKeys.stream().anyMatch(Objects::isNull)) {
				throw new IllegalArgumentException("redactedKeys must not contain null");
			}
			this.redactedKeys = List.copyOf(redactedKeys);
			return this;
		}

		/** A function applied to every value before it is serialized. */
		public Builder mask(CaptureMask mask) {
			this.mask = mask;
			return this;
		}

		/**
		 * Whether media (data URIs, {@code LangfuseMedia}, provider parts) can be
		 * replaced by references.
		 */
		public Builder media(boolean media) {
			this.media = media;
			return this;
		}

		/** Builds the capture. */
		public PayloadCapture build() {
			return new PayloadCapture(this);
		}

	}

}
