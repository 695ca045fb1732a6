package io.github.lfwire.langfuse.internal.media;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.ser.std.StdSerializer;

import io.github.lfwire.langfuse.media.LangfuseMedia;

/**
 * Jackson serializers that replace media by references during the single bounded
 * serialization of a capture: {@link LangfuseMedia} and the base64 parts of Anthropic,
 * Vertex and Gemini messages; the capture's own string serializer asks
 * {@link #dataUriReference} about data URI strings.
 * <p>
 * They act only while a capture has installed its {@link MediaSink} on the thread
 * ({@link MediaSink#install(MediaSink)}); otherwise strings are written as they are and
 * {@link LangfuseMedia} as a data URI cut at the capture limit.
 */
public final class MediaSerializers {

	private static final int MAX_SHAPE_ENTRIES = 16;

	private MediaSerializers() {
	}

	/**
	 * A module with the {@link LangfuseMedia} serializer and, when media is detected, the
	 * provider part serializer; strings are left to the capture, which asks
	 * {@link #dataUriReference} about each.
	 * @param maxBytes the capture limit, so inline media is encoded only as far as it can
	 * be kept
	 * @param detect whether data URIs and provider parts are looked for
	 * @return the module
	 */
	public static SimpleModule module(int maxBytes, boolean detect) {
		SimpleModule module = new SimpleModule("lfwire-media");
		module.addSerializer(LangfuseMedia.class, new MediaSerializer(maxBytes));
		if (detect) {
			module.addSerializer(Base64Part.class, new Base64PartSerializer());
		}
		return module;
	}

	/**
	 * The reference that replaces a whole {@code data:<type>;base64,...} text in the
	 * capture running on this thread, or {@code null} when the text is written as it is.
	 */
	public static @Nullable String dataUriReference(String text) {
		if (mayBeDataUri(text)) {
			MediaSink sink = MediaSink.current();
			return (sink != null) ? sink.dataUri(text) : null;
		}
		return null;
	}

	/**
	 * Whether a text starts as a data URI, which media may replace by a reference when it
	 * is captured.
	 */
	public static boolean mayBeDataUri(String text) {
		return text.length() > 5 && text.startsWith("data:");
	}

	/** Wraps a map serializer so that provider message parts in maps are recognised. */
	@SuppressWarnings("unchecked")
	public static ValueSerializer<?> wrapMap(ValueSerializer<?> mapSerializer) {
		return new ProviderPartSerializer((ValueSerializer<Map<?, ?>>) mapSerializer);
	}

	/**
	 * Replaces provider parts in a map: Anthropic {@code {type:"base64", media_type,
	 * data}}, Vertex {@code {type:"media", mime_type, data}} and Gemini
	 * {@code inline_data}/{@code inlineData} {@code {mime_type|mimeType, data}};
	 * {@code null} when the map is none of these.
	 */
	static @Nullable Map<Object, Object> replaceParts(Map<?, ?> map) {
		if (map.isEmpty() || map.size() > MAX_SHAPE_ENTRIES) {
			return null;
		}
		try {
			Object type = map.get("type");
			if ("base64".equals(type) && map.get("media_type") instanceof String contentType
					&& map.get("data") instanceof String data) {
				return with(map, "data", new Base64Part(contentType, data));
			}
			if ("media".equals(type) && map.get("mime_type") instanceof String contentType
					&& map.get("data") instanceof String data) {
				return with(map, "data", new Base64Part(contentType, data));
			}
			for (String key : new String[] { "inline_data", "inlineData" }) {
				if (map.get(key) instanceof Map<?, ?> inline && inline.size() <= MAX_SHAPE_ENTRIES
						&& inline.get("data") instanceof String data) {
					Object contentType = inline.containsKey("mime_type") ? inline.get("mime_type")
							: inline.get("mimeType");
					if (contentType instanceof String text) {
						return with(map, key, with(inline, "data", new Base64Part(text, data)));
					}
				}
			}
		}
		catch (RuntimeException ex) {
			return null;
		}
		return null;
	}

	private static Map<Object, Object> with(Map<?, ?> map, String key, Object value) {
		Map<Object, Object> copy = new LinkedHashMap<>(map);
		copy.put(key, value);
		return copy;
	}

	/** The base64 content of a provider message part. */
	record Base64Part(String contentType, String base64) {
	}

	/**
	 * Writes {@link LangfuseMedia} as a reference, or inline as a data URI cut at the
	 * capture limit.
	 */
	static final class MediaSerializer extends StdSerializer<LangfuseMedia> {

		private final int maxBytes;

		MediaSerializer(int maxBytes) {
			super(LangfuseMedia.class);
			this.maxBytes = maxBytes;
		}

		@Override
		public void serialize(LangfuseMedia media, JsonGenerator gen, SerializationContext ctxt)
				throws JacksonException {
			MediaSink sink = MediaSink.current();
			String reference = (sink != null) ? sink.bytes(media) : null;
			if (reference != null) {
				gen.writeString(reference);
				return;
			}
			byte[] bytes = media.bytes();
			int keep = (int) Math.min(bytes.length, this.maxBytes * 3L / 4 + 3);
			byte[] head = (keep == bytes.length) ? bytes : java.util.Arrays.copyOf(bytes, keep);
			gen.writeString("data:" + media.contentType() + ";base64," + Base64.getEncoder().encodeToString(head));
		}

	}

	/** Writes the base64 content of a provider part as a reference, or as it is. */
	static final class Base64PartSerializer extends StdSerializer<Base64Part> {

		Base64PartSerializer() {
			super(Base64Part.class);
		}

		@Override
		public void serialize(Base64Part part, JsonGenerator gen, SerializationContext ctxt) throws JacksonException {
			MediaSink sink = MediaSink.current();
			String reference = (sink != null) ? sink.base64(part.contentType(), part.base64()) : null;
			gen.writeString((reference != null) ? reference : part.base64());
		}

	}

	/**
	 * Recognises provider parts in maps while media is captured, and delegates the
	 * writing.
	 */
	static final class ProviderPartSerializer extends StdSerializer<Map<?, ?>> {

		private final ValueSerializer<Map<?, ?>> delegate;

		ProviderPartSerializer(ValueSerializer<Map<?, ?>> delegate) {
			super(Map.class, false);
			this.delegate = delegate;
		}

		@Override
		public void serialize(Map<?, ?> map, JsonGenerator gen, SerializationContext ctxt) throws JacksonException {
			Map<Object, Object> replaced = (MediaSink.current() != null) ? replaceParts(map) : null;
			this.delegate.serialize((replaced != null) ? replaced : map, gen, ctxt);
		}

		@Override
		public boolean isEmpty(SerializationContext ctxt, Map<?, ?> value) {
			return this.delegate.isEmpty(ctxt, value);
		}

	}

}
