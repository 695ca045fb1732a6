package io.github.lfwire.langfuse.capture;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

import io.github.lfwire.langfuse.internal.media.MediaSerializers;
import io.github.lfwire.langfuse.internal.media.MediaSink;
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
 * <pre>{"truncated":true,"type":"com.example.State","limitBytes":32768,"reason":"...","preview":{"history":[...]}}</pre>
 * where {@code preview} is, for a value cut at the limit after a whole entry of an object
 * in the last sixteenth before it, the value's JSON up to that entry with its open
 * objects and arrays closed; otherwise (one long text, a list of scalars, a failure
 * part-way) it is the longest prefix of the serialized value that fits, as a string.
 * Values under redacted keys become {@code "<redacted>"}; streams, iterators, threads,
 * connections and proxies become {@code "<unserializable TYPE>"}. Capture never throws
 * and never includes an exception message, which might carry secrets.
 */
public final class PayloadCapture {

	private static final int DESCRIBED_MAP_ENTRIES = 4;

	/**
	 * Header and cookie holders, which carry credentials under any name: captured as
	 * {@code "<omitted TYPE>"}; named so no web framework is needed.
	 */
	public static final Set<String> OMITTED_TYPES = Set.of("org.springframework.http.HttpHeaders",
			"org.springframework.http.HttpCookie", "jakarta.servlet.http.Cookie", "jakarta.ws.rs.core.HttpHeaders",
			"jakarta.ws.rs.core.Cookie");

	/** The keys redacted by default. */
	public static final List<String> DEFAULT_REDACTED_KEYS = CaptureSettings.DEFAULT_REDACTED_KEYS;

	private static final int WRAPPER_SLACK = 16;

	/**
	 * The type and the reason in a truncation wrapper are each cut to the limit divided
	 * by this.
	 */
	private static final int WRAPPER_TEXT_SHARE = 4;

	private final ObjectMapper mapper;

	private final RedactedKeys redactedKeys;

	private final int maxBytes;

	private final CaptureMask mask;

	private final boolean media;

	private final SpareBytes spareWrapper;

	private final SpareBytes spareBuffer;

	private PayloadCapture(Builder builder) {
		SimpleModule module = new SimpleModule("lfwire-capture");
		List<String> redacted = builder.redactDefaultKeys
				? Stream.concat(DEFAULT_REDACTED_KEYS.stream(), builder.redactedKeys.stream()).distinct().toList()
				: builder.redactedKeys;
		this.redactedKeys = new RedactedKeys(redacted);
		module.setSerializerModifier(new CaptureSerializers(this.redactedKeys, builder.media));
		ObjectMapper base = (builder.objectMapper != null) ? builder.objectMapper : JsonMapper.builder().build();
		if (builder.media) {
			module.addSerializer(String.class, TextSerializer.probing(base));
		}
		MapperBuilder<?, ?> rebuilt = base.rebuild()
			.addModule(module)
			.addModule(MediaSerializers.module(builder.maxBytes, builder.media));
		this.mapper = rebuilt.disable(SerializationFeature.FAIL_ON_EMPTY_BEANS, SerializationFeature.INDENT_OUTPUT)
			.build();
		this.maxBytes = builder.maxBytes;
		this.spareWrapper = new SpareBytes(this.maxBytes);
		this.spareBuffer = BoundedOutputStream.spareFor(this.maxBytes);
		this.mask = builder.mask;
		this.media = builder.media;
	}

	/** A builder with the default limit and redacted keys. */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * The text cut to the per-value limit at a character boundary and marked, or the same
	 * text when it fits.
	 */
	public String boundText(String text) {
		return Utf8Text.bound(text, this.maxBytes);
	}

	/** The most UTF-8 bytes of one captured value. */
	public int maxBytes() {
		return this.maxBytes;
	}

	/**
	 * How many map keys were checked against the redacted keys by matching rather than
	 * found among the decisions remembered for recent keys: about one per distinct key
	 * while fewer than a few thousand distinct keys are in use.
	 */
	public long redactionCacheMisses() {
		return this.redactedKeys.misses();
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
		BoundedOutputStream out = new BoundedOutputStream(this.maxBytes, this.spareBuffer);
		try {
			return capture(target, media, out);
		}
		finally {
			out.release();
		}
	}

	private Captured capture(@Nullable Object target, MediaSink media, BoundedOutputStream out) {
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
			String json = new String(out.buffer(), out.start(), out.size(), StandardCharsets.UTF_8);
			return new Captured(json, false, out.seen());
		}
		catch (Throwable ex) {
			rethrowIfFatal(ex);
			boolean overflowed = out.overflowed();
			if (overflowed) {
				out.discardFurtherWrites();
			}
			closeQuietly(generator);
			String reason = overflowed ? "larger than the capture limit" : reason(ex);
			return new Captured(wrapper(target, reason, overflowed, out), true, out.seen());
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
	 * Builds the truncation wrapper. A value cut at the limit after a whole entry of an
	 * object near it is previewed as its JSON up to there with the open objects and
	 * arrays closed, copied as it is; otherwise the serialized prefix is escaped into a
	 * string in one pass. A structured preview is wrapped where it was written; the
	 * escaped one, or a structured one whose wrapper start does not fit in front of it,
	 * is written into a buffer of the limit's size kept for the next truncation, or a new
	 * one while another thread holds it, so the only string built is the result.
	 */
	private String wrapper(Object value, String reason, boolean overflowed, BoundedOutputStream out) {
		StringBuilder head = new StringBuilder(128);
		head.append("{\"truncated\":true,\"type\":");
		Utf8Text.appendQuoted(head, typeOf(value), this.maxBytes / WRAPPER_TEXT_SHARE);
		head.append(",\"limitBytes\":").append(this.maxBytes).append(",\"reason\":");
		Utf8Text.appendQuoted(head, reason, this.maxBytes / WRAPPER_TEXT_SHARE);
		head.append(",\"preview\":");
		byte[] headBytes = head.toString().getBytes(StandardCharsets.UTF_8);
		int entryEnd = out.entryEnd();
		int structuredSize = headBytes.length + entryEnd + out.closerCount() + 1;
		boolean structured = overflowed && entryEnd > 0 && structuredSize <= this.maxBytes;
		if (structured) {
			String inPlace = out.closedPreview(headBytes, (byte) '}');
			if (inPlace != null) {
				return inPlace;
			}
		}
		int budget = Math.max(0, this.maxBytes - headBytes.length - 1 - WRAPPER_SLACK);
		int size = structured ? structuredSize : headBytes.length + budget + 3;
		byte[] spare = (size <= this.maxBytes) ? this.spareWrapper.take() : null;
		byte[] json = (spare != null) ? spare : new byte[Math.max(size, this.maxBytes)];
		System.arraycopy(headBytes, 0, json, 0, headBytes.length);
		int length = headBytes.length;
		if (structured) {
			System.arraycopy(out.buffer(), out.start(), json, length, entryEnd);
			length += entryEnd;
			System.arraycopy(out.closers(), 0, json, length, out.closerCount());
			length += out.closerCount();
		}
		else {
			byte[] prefix = out.buffer();
			int from = out.start();
			int end = Utf8Text.completePrefixEnd(prefix, from, from + Math.min(out.size(), this.maxBytes));
			json[length++] = '"';
			length = Utf8Text.escapeInto(prefix, from, end, json, length, length + budget);
			json[length++] = '"';
		}
		json[length++] = '}';
		String wrapper = new String(json, 0, length, StandardCharsets.UTF_8);
		this.spareWrapper.giveBack(json);
		return wrapper;
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
		String type = ImmutableValues.typeName(value);
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
					.append((entryValue != null) ? ImmutableValues.typeName(entryValue) : "null");
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

	/** The text as a quoted JSON string. */
	static String quote(String text) {
		StringBuilder json = new StringBuilder(text.length() + 2);
		Utf8Text.appendQuoted(json, text, Integer.MAX_VALUE);
		return json.toString();
	}

	/** Builds a {@link PayloadCapture}. */
	public static final class Builder {

		private ObjectMapper objectMapper;

		private int maxBytes = CaptureSettings.DEFAULT_MAX_BYTES;

		private List<String> redactedKeys = List.of();

		private boolean redactDefaultKeys = CaptureSettings.DEFAULT_REDACT_DEFAULT_KEYS;

		private CaptureMask mask;

		private boolean media;

		private Builder() {
		}

		/**
		 * Takes the limit, the redacted keys, the mask and the mapper of the settings.
		 */
		public Builder settings(CaptureSettings settings) {
			this.maxBytes = settings.maxBytes();
			this.redactedKeys = settings.redactKeys();
			this.redactDefaultKeys = settings.redactDefaultKeys();
			this.mask = settings.mask();
			this.objectMapper = settings.objectMapper();
			return this;
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
			this.maxBytes = CaptureSettings.checkMaxBytes(maxBytes);
			return this;
		}

		/**
		 * Keys whose values are replaced by {@code "<redacted>"} in addition to
		 * {@link #DEFAULT_REDACTED_KEYS}, as in
		 * {@link CaptureSettings.Builder#redactKeys}.
		 */
		public Builder redactedKeys(Collection<String> redactedKeys) {
			Objects.requireNonNull(redactedKeys, "redactedKeys");
			if (redactedKeys.stream().anyMatch(Objects::isNull)) {
				throw new IllegalArgumentException("redactedKeys must not contain null");
			}
			this.redactedKeys = List.copyOf(redactedKeys);
			return this;
		}

		/** Whether {@link #DEFAULT_REDACTED_KEYS} are redacted (default true). */
		public Builder redactDefaultKeys(boolean redactDefaultKeys) {
			this.redactDefaultKeys = redactDefaultKeys;
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
