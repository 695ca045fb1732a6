package io.github.lfwire.langfuse.capture;

import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.io.Writer;
import java.lang.reflect.Proxy;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.Channel;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Spliterator;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.locks.Lock;
import java.util.stream.BaseStream;

import io.github.lfwire.langfuse.internal.media.MediaSerializers;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.BeanDescription;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.SerializationConfig;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.ser.BeanPropertyWriter;
import tools.jackson.databind.ser.ValueSerializerModifier;
import tools.jackson.databind.ser.impl.PropertySerializerMap;
import tools.jackson.databind.ser.std.StdSerializer;
import tools.jackson.databind.type.ArrayType;
import tools.jackson.databind.type.CollectionLikeType;
import tools.jackson.databind.type.CollectionType;
import tools.jackson.databind.type.MapLikeType;
import tools.jackson.databind.type.MapType;

/**
 * Adjusts the application's serializers for capture: values under secret keys become
 * {@value #REDACTED}, values that cannot or must not be serialized (streams, iterators,
 * threads, proxies...) become a placeholder naming their type, and request headers and
 * cookies, which carry credentials under any name, become {@code "<omitted TYPE>"}.
 */
final class CaptureSerializers extends ValueSerializerModifier {

	static final String REDACTED = "<redacted>";

	private static final List<Class<?>> UNSERIALIZABLE = List.of(InputStream.class, OutputStream.class, Reader.class,
			Writer.class, BaseStream.class, Iterator.class, Spliterator.class, Thread.class, ThreadGroup.class,
			ClassLoader.class, Future.class, Executor.class, Lock.class, Socket.class, ServerSocket.class,
			Channel.class, java.sql.Connection.class, javax.sql.DataSource.class);

	private static final Set<String> OMITTED = PayloadCapture.OMITTED_TYPES;

	private final RedactedKeys keys;

	private final boolean media;

	CaptureSerializers(RedactedKeys keys, boolean media) {
		this.keys = keys;
		this.media = media;
	}

	static boolean isUnserializable(Class<?> type) {
		if (Proxy.isProxyClass(type)) {
			return true;
		}
		String name = type.getName();
		if (name.contains("$$") || name.contains("$HibernateProxy")) {
			return true;
		}
		for (Class<?> unserializable : UNSERIALIZABLE) {
			if (unserializable.isAssignableFrom(type)) {
				return true;
			}
		}
		return false;
	}

	static boolean isOmitted(Class<?> type) {
		for (Class<?> current = type; current != null && current != Object.class; current = current.getSuperclass()) {
			if (OMITTED.contains(current.getName())) {
				return true;
			}
			for (Class<?> implemented : current.getInterfaces()) {
				if (OMITTED.contains(implemented.getName())) {
					return true;
				}
			}
		}
		return false;
	}

	@Override
	public List<BeanPropertyWriter> changeProperties(SerializationConfig config, BeanDescription.Supplier beanDesc,
			List<BeanPropertyWriter> properties) {
		List<BeanPropertyWriter> changed = new ArrayList<>(properties.size());
		for (BeanPropertyWriter property : properties) {
			changed.add(this.keys.isRedacted(property.getName()) ? new RedactedPropertyWriter(property)
					: new BoundedPropertyWriter(property));
		}
		return changed;
	}

	@Override
	public ValueSerializer<?> modifySerializer(SerializationConfig config, BeanDescription.Supplier beanDesc,
			ValueSerializer<?> serializer) {
		return guard(beanDesc.getBeanClass(), serializer);
	}

	@Override
	public ValueSerializer<?> modifyArraySerializer(SerializationConfig config, ArrayType valueType,
			BeanDescription.Supplier beanDesc, ValueSerializer<?> serializer) {
		return guard(valueType.getRawClass(), serializer);
	}

	@Override
	public ValueSerializer<?> modifyCollectionSerializer(SerializationConfig config, CollectionType valueType,
			BeanDescription.Supplier beanDesc, ValueSerializer<?> serializer) {
		return guard(valueType.getRawClass(), serializer);
	}

	@Override
	public ValueSerializer<?> modifyCollectionLikeSerializer(SerializationConfig config, CollectionLikeType valueType,
			BeanDescription.Supplier beanDesc, ValueSerializer<?> serializer) {
		return guard(valueType.getRawClass(), serializer);
	}

	@Override
	public ValueSerializer<?> modifyMapSerializer(SerializationConfig config, MapType valueType,
			BeanDescription.Supplier beanDesc, ValueSerializer<?> serializer) {
		ValueSerializer<?> guarded = guard(valueType.getRawClass(), serializer);
		if (guarded != serializer) {
			return guarded;
		}
		RedactingMapSerializer redacting = new RedactingMapSerializer(this.keys);
		return this.media ? MediaSerializers.wrapMap(redacting) : redacting;
	}

	@Override
	public ValueSerializer<?> modifyMapLikeSerializer(SerializationConfig config, MapLikeType valueType,
			BeanDescription.Supplier beanDesc, ValueSerializer<?> serializer) {
		return guard(valueType.getRawClass(), serializer);
	}

	@Override
	public ValueSerializer<?> modifyEnumSerializer(SerializationConfig config, JavaType valueType,
			BeanDescription.Supplier beanDesc, ValueSerializer<?> serializer) {
		return serializer;
	}

	/** The capture's bounded stream the generator writes to, or {@code null}. */
	static BoundedOutputStream bounded(JsonGenerator gen) {
		return (gen.streamWriteOutputTarget() instanceof BoundedOutputStream out) ? out : null;
	}

	/**
	 * Stops the capture when what the generator holds already passes the limit, by
	 * flushing it into the bounded stream, which throws; otherwise tells the stream that
	 * the entry before, if any, ended here.
	 */
	static void stopIfPassed(JsonGenerator gen, BoundedOutputStream out) {
		if (out == null) {
			return;
		}
		int buffered = gen.streamWriteOutputBuffered();
		if (out.isPassedBy(buffered)) {
			gen.flush();
		}
		else {
			out.entryEnded(buffered, gen);
		}
	}

	private static ValueSerializer<?> guard(Class<?> type, ValueSerializer<?> serializer) {
		if (isOmitted(type)) {
			return Placeholder.OMITTED;
		}
		return isUnserializable(type) ? Placeholder.UNSERIALIZABLE : serializer;
	}

	/**
	 * Writes a bean property's name with {@value CaptureSerializers#REDACTED} as its
	 * value.
	 */
	static final class RedactedPropertyWriter extends BeanPropertyWriter {

		RedactedPropertyWriter(BeanPropertyWriter base) {
			super(base);
		}

		@Override
		public void serializeAsProperty(Object bean, JsonGenerator gen, SerializationContext ctxt) {
			gen.writeName(getName());
			gen.writeString(REDACTED);
		}

	}

	/**
	 * Writes a bean property, first stopping the capture when what the generator holds
	 * already passes the limit, so a value over the limit is not serialized up to a whole
	 * generator buffer beyond it.
	 */
	static final class BoundedPropertyWriter extends BeanPropertyWriter {

		BoundedPropertyWriter(BeanPropertyWriter base) {
			super(base);
		}

		@Override
		public void serializeAsProperty(Object bean, JsonGenerator gen, SerializationContext ctxt) throws Exception {
			stopIfPassed(gen, bounded(gen));
			super.serializeAsProperty(bean, gen, ctxt);
		}

	}

	/**
	 * Writes a map with text keys (null and non-text keys included), redacting secret
	 * entries, and stopping, like {@link BoundedPropertyWriter}, as soon as what the
	 * generator holds passes the limit.
	 */
	static final class RedactingMapSerializer extends StdSerializer<Map<?, ?>> {

		private final RedactedKeys keys;

		/**
		 * The serializers of the value classes met so far, as Jackson's own map
		 * serializer keeps them: an immutable map replaced when a class is added, so a
		 * race only loses an entry that is found again.
		 */
		private PropertySerializerMap values = PropertySerializerMap.emptyForProperties();

		RedactingMapSerializer(RedactedKeys keys) {
			super(Map.class, false);
			this.keys = keys;
		}

		@Override
		public void serialize(Map<?, ?> map, JsonGenerator gen, SerializationContext ctxt) throws JacksonException {
			gen.writeStartObject(map, map.size());
			BoundedOutputStream out = bounded(gen);
			for (Map.Entry<?, ?> entry : map.entrySet()) {
				stopIfPassed(gen, out);
				String key = String.valueOf(entry.getKey());
				gen.writeName(key);
				Object value = entry.getValue();
				if (this.keys.isRedacted(key)) {
					gen.writeString(REDACTED);
				}
				else if (value == null) {
					gen.writeNull();
				}
				else {
					serializerFor(value.getClass(), ctxt).serialize(value, gen, ctxt);
				}
			}
			stopIfPassed(gen, out);
			gen.writeEndObject();
		}

		/**
		 * The serializer {@code ctxt.writeValue} would use for a value of this class,
		 * looked up once per class rather than per entry.
		 */
		private ValueSerializer<Object> serializerFor(Class<?> type, SerializationContext ctxt) {
			ValueSerializer<Object> serializer = this.values.serializerFor(type);
			if (serializer == null) {
				PropertySerializerMap.SerializerAndMapResult found = this.values.findAndAddRootValueSerializer(type,
						ctxt);
				this.values = found.map;
				serializer = found.serializer;
			}
			return serializer;
		}

		@Override
		public boolean isEmpty(SerializationContext ctxt, Map<?, ?> value) {
			return value.isEmpty();
		}

	}

	/** Writes {@code "<unserializable TYPE>"} or {@code "<omitted TYPE>"}. */
	static final class Placeholder extends StdSerializer<Object> {

		static final Placeholder UNSERIALIZABLE = new Placeholder("<unserializable ");

		static final Placeholder OMITTED = new Placeholder("<omitted ");

		private final String prefix;

		private Placeholder(String prefix) {
			super(Object.class);
			this.prefix = prefix;
		}

		@Override
		public void serialize(Object value, JsonGenerator gen, SerializationContext ctxt) throws JacksonException {
			gen.writeString(this.prefix + value.getClass().getName() + ">");
		}

	}

}
