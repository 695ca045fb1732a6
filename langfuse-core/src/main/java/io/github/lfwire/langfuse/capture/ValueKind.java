package io.github.lfwire.langfuse.capture;

import java.lang.annotation.Annotation;
import java.lang.reflect.AccessibleObject;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.github.lfwire.langfuse.capture.FrozenContainers.FrozenList;
import io.github.lfwire.langfuse.capture.FrozenContainers.FrozenMap;
import org.jspecify.annotations.Nullable;

/** How the values of a class are decided for deferral, taken once per class. */
enum ValueKind {

	TEXT, LEAF, ENUM, CUSTOM_ENUM, RECORD, COLLECTION, MAP, COLLECTION_TO_COPY, MAP_TO_COPY, MUTABLE;

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

	private static final ClassValue<ValueKind> KINDS = new ClassValue<>() {
		@Override
		protected ValueKind computeValue(Class<?> type) {
			return kindOf(type);
		}
	};

	private static final ClassValue<Method @Nullable []> ACCESSORS = new ClassValue<>() {
		@Override
		protected Method @Nullable [] computeValue(Class<?> type) {
			return accessors(type);
		}
	};

	/**
	 * The kind of a value's class: the classes JSON-like payloads are made of are
	 * recognized at once, any other is looked up in the classes decided so far.
	 */
	static ValueKind of(Object value) {
		Class<?> type = value.getClass();
		if (type == String.class) {
			return TEXT;
		}
		if (type == Integer.class || type == Long.class || type == Double.class || type == Boolean.class) {
			return LEAF;
		}
		if (type == LinkedHashMap.class || type == HashMap.class) {
			return MAP_TO_COPY;
		}
		if (type == ArrayList.class) {
			return COLLECTION_TO_COPY;
		}
		return KINDS.get(type);
	}

	private static ValueKind kindOf(Class<?> type) {
		if (type == String.class) {
			return TEXT;
		}
		if (LEAVES.contains(type) || (ZoneId.class.isAssignableFrom(type) && type.getPackageName().equals("java.time")
				&& type.getClassLoader() == null)) {
			return LEAF;
		}
		if (Enum.class.isAssignableFrom(type)) {
			return plainEnum(type) ? ENUM : CUSTOM_ENUM;
		}
		if (type.isRecord()) {
			return (accessors(type) != null) ? RECORD : MUTABLE;
		}
		if (type == FrozenMap.class) {
			return MAP;
		}
		if (type == FrozenList.class) {
			return COLLECTION;
		}
		if (type.getClassLoader() != null) {
			return MUTABLE;
		}
		if (JDK_IMMUTABLE_COLLECTIONS.contains(type.getName())) {
			return Map.class.isAssignableFrom(type) ? MAP : COLLECTION;
		}
		if (JDK_MUTABLE_MAPS.contains(type.getName())) {
			return MAP_TO_COPY;
		}
		return JDK_MUTABLE_LISTS.contains(type.getName()) ? COLLECTION_TO_COPY : MUTABLE;
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

	/**
	 * The accessors of the components of a record that its JSON holds, or {@code null}
	 * when one holds an array, which may always change: a component marked
	 * {@code @JsonIgnore} is never written, so whether it may change does not matter.
	 */
	private static Method @Nullable [] accessors(Class<?> type) {
		if (!type.isRecord()) {
			return null;
		}
		RecordComponent[] components = type.getRecordComponents();
		List<Method> accessors = new ArrayList<>(components.length);
		for (RecordComponent component : components) {
			Method accessor = component.getAccessor();
			if (ignored(accessor)) {
				continue;
			}
			if (accessor.getReturnType().isArray() || !accessor.trySetAccessible()) {
				return null;
			}
			accessors.add(accessor);
		}
		return accessors.toArray(new Method[0]);
	}

	private static boolean ignored(Method accessor) {
		JsonIgnore ignore = accessor.getAnnotation(JsonIgnore.class);
		return ignore != null && ignore.value();
	}

	/**
	 * The accessors of a record's components, or {@code null} when one is not accessible.
	 */
	static Method @Nullable [] accessorsOf(Class<?> type) {
		return ACCESSORS.get(type);
	}

}
