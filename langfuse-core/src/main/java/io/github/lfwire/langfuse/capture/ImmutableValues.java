package io.github.lfwire.langfuse.capture;

import java.lang.annotation.Annotation;
import java.lang.reflect.AccessibleObject;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.ZoneId;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * Decides whether a value cannot change after the call that captures it returns, so that
 * it may be serialized later on the export thread with the same result, and estimates the
 * size of its JSON.
 * <p>
 * Immutable are strings, boxed primitives, {@link BigInteger} and {@link BigDecimal},
 * enums, {@code java.time} values, {@link UUID}, records whose components hold such
 * values, and the JDK's immutable collections ({@code List.of}, {@code Set.of},
 * {@code Map.of}, {@code copyOf}, {@code Stream.toList()}, the empty and singleton
 * collections) whose elements are such values. Unmodifiable views
 * ({@code Collections.unmodifiableList}) and arrays are not: what they show can change.
 * The decision for a class is taken once; the walk over a value's components stops as
 * soon as its estimate passes a bound, so its cost is proportional to that bound.
 */
public final class ImmutableValues {

	/** The estimate returned for a value that is not immutable or too large. */
	public static final long NOT_DEFERRABLE = -1;

	private static final int MAX_DEPTH = 32;

	private static final int LEAF_BYTES = 32;

	private static final int ENTRY_BYTES = 4;

	private static final int MAX_PART_ENTRIES = 16;

	private static final Set<Class<?>> LEAVES = Set.of(Integer.class, Long.class, Short.class, Byte.class, Double.class,
			Float.class, Boolean.class, Character.class, BigInteger.class, BigDecimal.class, UUID.class,
			java.time.Instant.class, java.time.LocalDate.class, java.time.LocalTime.class,
			java.time.LocalDateTime.class, java.time.OffsetDateTime.class, java.time.OffsetTime.class,
			java.time.ZonedDateTime.class, java.time.Duration.class, java.time.Period.class, java.time.Year.class,
			java.time.YearMonth.class, java.time.MonthDay.class, java.time.ZoneOffset.class);

	private static final Set<String> JDK_IMMUTABLE_COLLECTIONS = Set.of("java.util.ImmutableCollections$List12",
			"java.util.ImmutableCollections$ListN", "java.util.ImmutableCollections$SubList",
			"java.util.ImmutableCollections$Set12", "java.util.ImmutableCollections$SetN",
			"java.util.ImmutableCollections$Map1", "java.util.ImmutableCollections$MapN",
			"java.util.Collections$EmptyList", "java.util.Collections$EmptySet", "java.util.Collections$EmptyMap",
			"java.util.Collections$SingletonList", "java.util.Collections$SingletonSet",
			"java.util.Collections$SingletonMap");

	private static final ClassValue<Kind> KINDS = new ClassValue<>() {
		@Override
		protected Kind computeValue(Class<?> type) {
			return kindOf(type);
		}
	};

	private static final ClassValue<Method @Nullable []> ACCESSORS = new ClassValue<>() {
		@Override
		protected Method @Nullable [] computeValue(Class<?> type) {
			return accessors(type);
		}
	};

	private ImmutableValues() {
	}

	/**
	 * The estimated size in bytes of the JSON of an immutable value, or
	 * {@link #NOT_DEFERRABLE} when the value may change, is {@code null}, or is estimated
	 * over {@code maxBytes}; never throws.
	 * @param maxBytes the largest estimate accepted; the walk stops past it
	 * @param media whether media in values is replaced by references, so that values that
	 * may hold media (data URIs, provider parts, enums written as custom text) are not
	 * accepted
	 */
	public static long deferrableBytes(@Nullable Object value, int maxBytes, boolean media) {
		if (value == null) {
			return NOT_DEFERRABLE;
		}
		try {
			Walk walk = new Walk(maxBytes, media);
			return walk.add(value, 0) ? walk.bytes : NOT_DEFERRABLE;
		}
		catch (ReflectiveOperationException | RuntimeException | LinkageError | StackOverflowError ex) {
			return NOT_DEFERRABLE;
		}
	}

	private static Kind kindOf(Class<?> type) {
		if (type == String.class) {
			return Kind.TEXT;
		}
		if (LEAVES.contains(type) || (ZoneId.class.isAssignableFrom(type) && type.getPackageName().equals("java.time")
				&& type.getClassLoader() == null)) {
			return Kind.LEAF;
		}
		if (Enum.class.isAssignableFrom(type)) {
			return plainEnum(type) ? Kind.ENUM : Kind.CUSTOM_ENUM;
		}
		if (type.isRecord()) {
			return (accessors(type) != null) ? Kind.RECORD : Kind.MUTABLE;
		}
		if (type == FrozenMap.class) {
			return Kind.MAP;
		}
		if (type.getClassLoader() == null && JDK_IMMUTABLE_COLLECTIONS.contains(type.getName())) {
			return Map.class.isAssignableFrom(type) ? Kind.MAP : Kind.COLLECTION;
		}
		return Kind.MUTABLE;
	}

	/**
	 * Whether an enum is written by its name or its text, neither of which is a data URI,
	 * and not by a method marked as its JSON value.
	 */
	private static boolean plainEnum(Class<?> type) {
		Class<?> declaring = type.isEnum() ? type : type.getSuperclass();
		for (Object constant : declaring.getEnumConstants()) {
			if (String.valueOf(constant).startsWith("data:")) {
				return false;
			}
		}
		for (Class<?> c = type; c != null && c != Enum.class; c = c.getSuperclass()) {
			if (marked(c.getDeclaredMethods()) || marked(c.getDeclaredFields())) {
				return false;
			}
		}
		return true;
	}

	private static boolean marked(AccessibleObject[] members) {
		for (AccessibleObject member : members) {
			for (Annotation annotation : member.getDeclaredAnnotations()) {
				String name = annotation.annotationType().getSimpleName();
				if (name.equals("JsonValue") || name.equals("JsonFormat") || name.equals("JsonSerialize")) {
					return true;
				}
			}
		}
		return false;
	}

	private static Method @Nullable [] accessors(Class<?> type) {
		if (!type.isRecord()) {
			return null;
		}
		RecordComponent[] components = type.getRecordComponents();
		Method[] accessors = new Method[components.length];
		for (int i = 0; i < components.length; i++) {
			Method accessor = components[i].getAccessor();
			if (!accessor.trySetAccessible()) {
				return null;
			}
			accessors[i] = accessor;
		}
		return accessors;
	}

	/**
	 * An insertion-ordered copy of a map that cannot change, nulls allowed, serialized as
	 * the map would be; for payloads built as maps whose key order matters, which
	 * {@code Map.of} does not keep. It is deferred when its keys and values are
	 * immutable.
	 */
	public static <V> Map<String, V> frozenCopy(Map<String, ? extends V> map) {
		return new FrozenMap<>(map);
	}

	/**
	 * An insertion-ordered map of the given keys and values that cannot change, nulls
	 * allowed among the values; it takes the arrays as they are, so the caller must never
	 * change them.
	 * @throws IllegalArgumentException when the arrays differ in length
	 */
	public static <V> Map<String, V> frozenMap(String[] keys, Object[] values) {
		if (keys.length != values.length) {
			throw new IllegalArgumentException(keys.length + " keys for " + values.length + " values");
		}
		return new FrozenMap<>(keys, values);
	}

	/** Whether the value is a map made by {@link #frozenCopy} or {@link #frozenMap}. */
	static boolean isFrozenMap(@Nullable Object value) {
		return value instanceof FrozenMap;
	}

	/** An insertion-ordered map that cannot change. */
	private static final class FrozenMap<V> extends AbstractMap<String, V> {

		private final Object[] keys;

		private final Object[] values;

		FrozenMap(Object[] keys, Object[] values) {
			this.keys = keys;
			this.values = values;
		}

		FrozenMap(Map<String, ? extends V> map) {
			int size = map.size();
			Object[] keys = new Object[size];
			Object[] values = new Object[size];
			int i = 0;
			for (Map.Entry<String, ? extends V> entry : map.entrySet()) {
				keys[i] = Objects.requireNonNull(entry.getKey(), "key");
				values[i++] = entry.getValue();
			}
			this.keys = (i == size) ? keys : Arrays.copyOf(keys, i);
			this.values = (i == size) ? values : Arrays.copyOf(values, i);
		}

		@Override
		public int size() {
			return this.keys.length;
		}

		@Override
		public Set<Map.Entry<String, V>> entrySet() {
			return new AbstractSet<>() {

				@Override
				public Iterator<Map.Entry<String, V>> iterator() {
					return new Iterator<>() {

						private int next;

						@Override
						public boolean hasNext() {
							return this.next < FrozenMap.this.keys.length;
						}

						@Override
						@SuppressWarnings("unchecked")
						public Map.Entry<String, V> next() {
							if (!hasNext()) {
								throw new NoSuchElementException();
							}
							int i = this.next++;
							return new SimpleImmutableEntry<>((String) FrozenMap.this.keys[i],
									(V) FrozenMap.this.values[i]);
						}

					};
				}

				@Override
				public int size() {
					return FrozenMap.this.keys.length;
				}

			};
		}

	}

	/** How values of a class are decided. */
	private enum Kind {

		TEXT, LEAF, ENUM, CUSTOM_ENUM, RECORD, COLLECTION, MAP, MUTABLE

	}

	/** The walk over one value, with its estimate so far. */
	private static final class Walk {

		private final long maxBytes;

		private final boolean media;

		private long bytes;

		Walk(long maxBytes, boolean media) {
			this.maxBytes = maxBytes;
			this.media = media;
		}

		private boolean count(long more) {
			this.bytes += more;
			return this.bytes <= this.maxBytes;
		}

		boolean add(@Nullable Object value, int depth) throws ReflectiveOperationException {
			if (value == null) {
				return count(ENTRY_BYTES);
			}
			if (depth > MAX_DEPTH) {
				return false;
			}
			Kind kind = KINDS.get(value.getClass());
			return switch (kind) {
				case TEXT -> text((String) value);
				case LEAF -> count(LEAF_BYTES);
				case ENUM -> count(((Enum<?>) value).name().length() + 2L);
				case CUSTOM_ENUM -> !this.media && count(LEAF_BYTES);
				case RECORD -> record(value, depth);
				case COLLECTION -> collection((Collection<?>) value, depth);
				case MAP -> map((Map<?, ?>) value, depth);
				case MUTABLE -> false;
			};
		}

		private boolean text(String text) {
			if (this.media && text.length() > 5 && text.startsWith("data:")) {
				return false;
			}
			return count(text.length() + 2L);
		}

		private boolean record(Object value, int depth) throws ReflectiveOperationException {
			Method[] accessors = ACCESSORS.get(value.getClass());
			if (accessors == null || !count(2)) {
				return false;
			}
			for (Method accessor : accessors) {
				if (!count(accessor.getName().length() + 3L)) {
					return false;
				}
				if (accessor.getReturnType().isPrimitive()) {
					if (!count(LEAF_BYTES)) {
						return false;
					}
				}
				else if (!add(invoke(accessor, value), depth + 1)) {
					return false;
				}
			}
			return true;
		}

		private static @Nullable Object invoke(Method accessor, Object value) throws ReflectiveOperationException {
			return accessor.invoke(value);
		}

		private boolean collection(Collection<?> collection, int depth) throws ReflectiveOperationException {
			if (!count(2)) {
				return false;
			}
			for (Object element : collection) {
				if (!count(1) || !add(element, depth + 1)) {
					return false;
				}
			}
			return true;
		}

		private boolean map(Map<?, ?> map, int depth) throws ReflectiveOperationException {
			if (!count(2) || (this.media && mayHoldMedia(map))) {
				return false;
			}
			for (Map.Entry<?, ?> entry : map.entrySet()) {
				Object key = entry.getKey();
				Kind keyKind = (key != null) ? KINDS.get(key.getClass()) : Kind.MUTABLE;
				long keyBytes = (key instanceof String text) ? text.length() : LEAF_BYTES;
				if ((keyKind != Kind.TEXT && keyKind != Kind.LEAF && keyKind != Kind.ENUM)
						|| !count(keyBytes + ENTRY_BYTES) || !add(entry.getValue(), depth + 1)) {
					return false;
				}
			}
			return true;
		}

		/** Whether a map may be a provider message part whose data media replaces. */
		private static boolean mayHoldMedia(Map<?, ?> map) {
			if (map.size() > MAX_PART_ENTRIES) {
				return false;
			}
			Object type = map.get("type");
			return "base64".equals(type) || "media".equals(type) || map.containsKey("inline_data")
					|| map.containsKey("inlineData");
		}

	}

}
