package io.github.lfwire.langfuse.capture;

import java.lang.annotation.Annotation;
import java.lang.reflect.AccessibleObject;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

import io.github.lfwire.langfuse.capture.FrozenContainers.FrozenList;
import io.github.lfwire.langfuse.capture.FrozenContainers.FrozenMap;
import org.jspecify.annotations.Nullable;

/**
 * Decides whether a value can be serialized later on the export thread with the same
 * result as now, keeping it by reference when it cannot change or as a copy of its
 * mutable maps and lists, and estimates the size of its JSON.
 * <p>
 * Immutable are strings, boxed primitives, {@link BigInteger} and {@link BigDecimal},
 * enums, {@code java.time} values, {@link UUID}, records whose components hold such
 * values, and the JDK's immutable collections ({@code List.of}, {@code Set.of},
 * {@code Map.of}, {@code copyOf}, {@code Stream.toList()}, the empty and singleton
 * collections) whose elements are such values. The JDK's mutable maps with text keys
 * ({@code HashMap}, {@code LinkedHashMap}, {@code TreeMap}, {@code ConcurrentHashMap},
 * unmodifiable views of maps) and lists and sets ({@code ArrayList}, {@code LinkedList},
 * {@code Arrays.asList}, {@code CopyOnWriteArrayList}, {@code HashSet},
 * {@code LinkedHashSet}, unmodifiable views of them) may be copied: the copy holds the
 * same elements in the same order, the JSON-like shape applications pass, and is written
 * as they are. Arrays, beans and any other class are neither. The decision for a class is
 * taken once; the walk over a value's components stops as soon as its estimate passes a
 * bound, so its cost is proportional to that bound.
 */
public final class ImmutableValues {

	/** The estimate returned for a value that is not immutable or too large. */
	public static final long NOT_DEFERRABLE = -1;

	private static final int MAX_DEPTH = 32;

	private static final int LEAF_BYTES = 32;

	private static final int ENTRY_BYTES = 4;

	private static final int MAX_PART_ENTRIES = 16;

	private static final String FROZEN_MAP_TYPE = Map.class.getName();

	private static final Object REFUSED = new Object();

	private static final Set<String> JDK_MUTABLE_LISTS = Set.of("java.util.ArrayList", "java.util.LinkedList",
			"java.util.Arrays$ArrayList", "java.util.concurrent.CopyOnWriteArrayList", "java.util.HashSet",
			"java.util.LinkedHashSet", "java.util.Collections$UnmodifiableRandomAccessList",
			"java.util.Collections$UnmodifiableList", "java.util.Collections$UnmodifiableSet",
			"java.util.Collections$UnmodifiableCollection");

	private static final Set<String> JDK_MUTABLE_MAPS = Set.of("java.util.HashMap", "java.util.LinkedHashMap",
			"java.util.TreeMap", "java.util.concurrent.ConcurrentHashMap", "java.util.Collections$UnmodifiableMap");

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
		Deferral deferral = deferral(value, maxBytes, media, false);
		return deferral.isKept() ? deferral.bytes() : NOT_DEFERRABLE;
	}

	/**
	 * What to keep of a value so it can be serialized later with the same JSON: the value
	 * itself when it cannot change, a copy of its mutable maps and lists when
	 * {@code copies} allows and its other parts cannot change, or nothing; never throws.
	 * @param maxBytes the largest estimate accepted; the walk stops past it
	 * @param media whether media in values is replaced by references, so that values that
	 * may hold media are not accepted
	 * @param copies whether mutable maps and lists may be copied
	 */
	public static Deferral deferral(@Nullable Object value, long maxBytes, boolean media, boolean copies) {
		if (value == null) {
			return Deferral.REFUSED;
		}
		Walk walk = new Walk(maxBytes, media, copies);
		try {
			Object kept = walk.keep(value, 0);
			if (kept != REFUSED) {
				return new Deferral(kept, walk.bytes);
			}
		}
		catch (ReflectiveOperationException | RuntimeException | LinkageError | StackOverflowError ex) {
			return Deferral.REFUSED;
		}
		return walk.tooLarge ? Deferral.TOO_LARGE : Deferral.REFUSED;
	}

	/**
	 * The type a truncation wrapper names for a value: the type a frozen map or copy was
	 * made from, else the value's class.
	 */
	static String typeName(Object value) {
		return FrozenContainers.typeName(value);
	}

	/**
	 * What {@link #deferral} keeps of a value.
	 *
	 * @param value the value itself or its copy; {@code null} when nothing is kept
	 * @param bytes the estimated size of its JSON, or {@link #NOT_DEFERRABLE}
	 */
	public record Deferral(@Nullable Object value, long bytes) {

		static final Deferral REFUSED = new Deferral(null, NOT_DEFERRABLE);

		static final Deferral TOO_LARGE = new Deferral(null, NOT_DEFERRABLE);

		/** Whether the value is kept for later. */
		public boolean isKept() {
			return this.bytes != NOT_DEFERRABLE;
		}

		/** Whether the value was refused only because its estimate passed the bound. */
		public boolean isTooLarge() {
			return this == TOO_LARGE;
		}

	}

	/**
	 * The kind of a value's class: the classes JSON-like payloads are made of are
	 * recognized at once, any other is looked up in the classes decided so far.
	 */
	private static Kind kindOf(Object value) {
		Class<?> type = value.getClass();
		if (type == String.class) {
			return Kind.TEXT;
		}
		if (type == Integer.class || type == Long.class || type == Double.class || type == Boolean.class) {
			return Kind.LEAF;
		}
		if (type == LinkedHashMap.class || type == HashMap.class) {
			return Kind.MAP_TO_COPY;
		}
		if (type == ArrayList.class) {
			return Kind.COLLECTION_TO_COPY;
		}
		return KINDS.get(type);
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
		if (type == FrozenList.class) {
			return Kind.COLLECTION;
		}
		if (type.getClassLoader() != null) {
			return Kind.MUTABLE;
		}
		if (JDK_IMMUTABLE_COLLECTIONS.contains(type.getName())) {
			return Map.class.isAssignableFrom(type) ? Kind.MAP : Kind.COLLECTION;
		}
		if (JDK_MUTABLE_MAPS.contains(type.getName())) {
			return Kind.MAP_TO_COPY;
		}
		return JDK_MUTABLE_LISTS.contains(type.getName()) ? Kind.COLLECTION_TO_COPY : Kind.MUTABLE;
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
		int size = map.size();
		Object[] keys = new Object[size];
		Object[] values = new Object[size];
		int i = 0;
		for (Map.Entry<String, ? extends V> entry : map.entrySet()) {
			keys[i] = Objects.requireNonNull(entry.getKey(), "key");
			values[i++] = entry.getValue();
		}
		return new FrozenMap<>((i == size) ? keys : Arrays.copyOf(keys, i),
				(i == size) ? values : Arrays.copyOf(values, i), FROZEN_MAP_TYPE);
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
		return new FrozenMap<>(keys, values, FROZEN_MAP_TYPE);
	}

	/** How values of a class are decided. */
	private enum Kind {

		TEXT, LEAF, ENUM, CUSTOM_ENUM, RECORD, COLLECTION, MAP, COLLECTION_TO_COPY, MAP_TO_COPY, MUTABLE

	}

	/**
	 * The walk over one value, with its estimate so far: each step returns what to keep
	 * of a part, itself or its copy, or {@link #REFUSED}.
	 */
	private static final class Walk {

		private final long maxBytes;

		private final boolean media;

		private final boolean copies;

		private long bytes;

		private boolean tooLarge;

		Walk(long maxBytes, boolean media, boolean copies) {
			this.maxBytes = maxBytes;
			this.media = media;
			this.copies = copies;
		}

		private boolean count(long more) {
			this.bytes += more;
			if (this.bytes <= this.maxBytes) {
				return true;
			}
			this.tooLarge = true;
			return false;
		}

		@Nullable Object keep(@Nullable Object value, int depth) throws ReflectiveOperationException {
			if (value == null) {
				return count(ENTRY_BYTES) ? null : REFUSED;
			}
			if (depth > MAX_DEPTH) {
				return REFUSED;
			}
			Kind kind = kindOf(value);
			boolean kept = switch (kind) {
				case TEXT -> text((String) value);
				case LEAF -> count(LEAF_BYTES);
				case ENUM -> count(((Enum<?>) value).name().length() + 2L);
				case CUSTOM_ENUM -> !this.media && count(LEAF_BYTES);
				case RECORD -> record(value, depth);
				case COLLECTION, COLLECTION_TO_COPY, MAP, MAP_TO_COPY, MUTABLE -> true;
			};
			if (!kept) {
				return REFUSED;
			}
			return switch (kind) {
				case COLLECTION -> collection((Collection<?>) value, depth, false);
				case COLLECTION_TO_COPY -> this.copies ? collection((Collection<?>) value, depth, true) : REFUSED;
				case MAP -> map((Map<?, ?>) value, depth, false);
				case MAP_TO_COPY -> this.copies ? map((Map<?, ?>) value, depth, true) : REFUSED;
				case MUTABLE -> REFUSED;
				default -> value;
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
				else {
					Object component = invoke(accessor, value);
					if (keep(component, depth + 1) != component) {
						return false;
					}
				}
			}
			return true;
		}

		private static @Nullable Object invoke(Method accessor, Object value) throws ReflectiveOperationException {
			return accessor.invoke(value);
		}

		/**
		 * The collection itself when it cannot change and holds no copy, else a frozen
		 * list of what is kept of its elements.
		 */
		private Object collection(Collection<?> collection, int depth, boolean copy)
				throws ReflectiveOperationException {
			if (!count(2)) {
				return REFUSED;
			}
			@Nullable Object[] elements = copy ? new Object[collection.size()] : null;
			int i = 0;
			for (Object element : collection) {
				Object kept;
				if (!count(1) || (kept = keep(element, depth + 1)) == REFUSED) {
					return REFUSED;
				}
				if (elements == null && kept != element) {
					elements = keptSoFar(collection, i);
				}
				if (elements != null) {
					elements[i] = kept;
				}
				i++;
			}
			if (elements == null) {
				return collection;
			}
			return new FrozenList((i == elements.length) ? elements : Arrays.copyOf(elements, i),
					FrozenContainers.typeName(collection));
		}

		private static @Nullable Object[] keptSoFar(Collection<?> collection, int count) {
			@Nullable Object[] elements = new Object[collection.size()];
			Iterator<?> iterator = collection.iterator();
			for (int i = 0; i < count; i++) {
				elements[i] = iterator.next();
			}
			return elements;
		}

		/**
		 * The map itself when it cannot change and holds no copy, else a frozen map of
		 * what is kept of its values; a copy needs text keys.
		 */
		private Object map(Map<?, ?> map, int depth, boolean copy) throws ReflectiveOperationException {
			int size = map.size();
			if (!count(2)) {
				return REFUSED;
			}
			boolean mayHoldMedia = this.media && size <= MAX_PART_ENTRIES;
			Object[] keys = copy ? new Object[size] : null;
			@Nullable Object[] values = copy ? new Object[size] : null;
			int i = 0;
			for (Map.Entry<?, ?> entry : map.entrySet()) {
				Object key = entry.getKey();
				Kind keyKind = (key != null) ? kindOf(key) : Kind.MUTABLE;
				long keyBytes = (key instanceof String text) ? text.length() : LEAF_BYTES;
				if ((keyKind != Kind.TEXT && keyKind != Kind.LEAF && keyKind != Kind.ENUM)
						|| !count(keyBytes + ENTRY_BYTES)) {
					return REFUSED;
				}
				Object value = entry.getValue();
				if (mayHoldMedia && keyKind == Kind.TEXT && isMediaPartEntry((String) key, value)) {
					return REFUSED;
				}
				Object kept = keep(value, depth + 1);
				if (kept == REFUSED) {
					return REFUSED;
				}
				if (keys == null && kept != value) {
					keys = new Object[size];
					values = new Object[size];
					if (!keptSoFar(map, i, keys, values)) {
						return REFUSED;
					}
				}
				if (keys != null) {
					if (keyKind != Kind.TEXT) {
						return REFUSED;
					}
					keys[i] = key;
					values[i] = kept;
				}
				i++;
			}
			if (keys == null) {
				return map;
			}
			return new FrozenMap<>((i == keys.length) ? keys : Arrays.copyOf(keys, i),
					(i == values.length) ? values : Arrays.copyOf(values, i), FrozenContainers.typeName(map));
		}

		private static boolean keptSoFar(Map<?, ?> map, int count, Object[] keys, @Nullable Object[] values) {
			Iterator<? extends Map.Entry<?, ?>> iterator = map.entrySet().iterator();
			for (int i = 0; i < count; i++) {
				Map.Entry<?, ?> entry = iterator.next();
				if (!(entry.getKey() instanceof String key)) {
					return false;
				}
				keys[i] = key;
				values[i] = entry.getValue();
			}
			return true;
		}

		/**
		 * Whether a map entry marks a provider message part whose data media replaces: a
		 * {@code type} of {@code base64} or {@code media}, or inline data.
		 */
		private static boolean isMediaPartEntry(String key, @Nullable Object value) {
			return switch (key.length()) {
				case 4 -> key.equals("type") && ("base64".equals(value) || "media".equals(value));
				case 10 -> key.equals("inlineData");
				case 11 -> key.equals("inline_data");
				default -> false;
			};
		}

	}

}
