package io.github.lfwire.langfuse.capture;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;

import io.github.lfwire.langfuse.capture.FrozenContainers.FrozenList;
import io.github.lfwire.langfuse.capture.FrozenContainers.FrozenMap;
import io.github.lfwire.langfuse.internal.media.MediaSerializers;
import org.jspecify.annotations.Nullable;

/**
 * The walk over one value for deferral, with its estimate so far: each step returns what
 * to keep of a part, itself or its copy, or {@link #REFUSED}; it stops past a bound, so
 * its cost is proportional to that bound.
 */
final class DeferralWalk {

	/** What a step returns for a part that cannot be kept. */
	static final Object REFUSED = new Object();

	private static final int MAX_DEPTH = 32;

	private static final int LEAF_BYTES = 32;

	private static final int ENTRY_BYTES = 4;

	private static final int MAX_PART_ENTRIES = 16;

	/** How many parts of a large container are walked before its size is projected. */
	private static final int SAMPLED = 16;

	private final long maxBytes;

	private final boolean media;

	private final boolean copies;

	private long bytes;

	private boolean tooLarge;

	private @Nullable Class<?> lastType;

	private ValueKind lastKind = ValueKind.MUTABLE;

	private @Nullable Class<?> lastRecord;

	private Method @Nullable [] lastAccessors;

	DeferralWalk(long maxBytes, boolean media, boolean copies) {
		this.maxBytes = maxBytes;
		this.media = media;
		this.copies = copies;
	}

	/** The estimate so far. */
	long bytes() {
		return this.bytes;
	}

	/** Whether the walk stopped because the estimate passed the bound. */
	boolean tooLarge() {
		return this.tooLarge;
	}

	/**
	 * Whether a container whose first {@value #SAMPLED} parts were walked is projected
	 * over the bound at their average size: refused then as too large, so a value far
	 * over the bound is not walked up to it before being serialized on the caller's
	 * thread.
	 */
	private boolean projectedOver(long start, int index, int size) {
		if (index != SAMPLED - 1 || size <= SAMPLED) {
			return false;
		}
		long projected = start + (this.bytes - start) / SAMPLED * size;
		if (projected <= this.maxBytes) {
			return false;
		}
		this.tooLarge = true;
		return true;
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
		ValueKind kind = kindOf(value);
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

	/**
	 * The kind of a value, remembered for the last class met: the parts of a container
	 * are mostly of one class.
	 */
	private ValueKind kindOf(Object value) {
		Class<?> type = value.getClass();
		if (type != this.lastType) {
			this.lastKind = ValueKind.of(value);
			this.lastType = type;
		}
		return this.lastKind;
	}

	private boolean text(String text) {
		if (this.media && MediaSerializers.mayBeDataUri(text)) {
			return false;
		}
		return count(text.length() + 2L);
	}

	private boolean record(Object value, int depth) throws ReflectiveOperationException {
		Class<?> type = value.getClass();
		if (type != this.lastRecord) {
			this.lastAccessors = ValueKind.accessorsOf(type);
			this.lastRecord = type;
		}
		Method[] accessors = this.lastAccessors;
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
	 * The collection itself when it cannot change and holds no copy, else a frozen list
	 * of what is kept of its elements.
	 */
	private Object collection(Collection<?> collection, int depth, boolean copy) throws ReflectiveOperationException {
		if (!count(2)) {
			return REFUSED;
		}
		int size = collection.size();
		@Nullable Object[] elements = copy ? new Object[size] : null;
		long start = this.bytes;
		int i = 0;
		for (Object element : collection) {
			Object kept;
			if (!count(1) || (kept = keep(element, depth + 1)) == REFUSED || projectedOver(start, i, size)) {
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
	 * The map itself when it cannot change and holds no copy, else a frozen map of what
	 * is kept of its values; a copy needs text keys.
	 */
	private Object map(Map<?, ?> map, int depth, boolean copy) throws ReflectiveOperationException {
		int size = map.size();
		if (!count(2)) {
			return REFUSED;
		}
		boolean mayHoldMedia = this.media && size <= MAX_PART_ENTRIES;
		long start = this.bytes;
		Object[] keys = copy ? new Object[size] : null;
		@Nullable Object[] values = copy ? new Object[size] : null;
		int i = 0;
		for (Map.Entry<?, ?> entry : map.entrySet()) {
			Object key = entry.getKey();
			ValueKind keyKind = (key != null) ? ValueKind.of(key) : ValueKind.MUTABLE;
			long keyBytes = (key instanceof String text) ? text.length() : LEAF_BYTES;
			if ((keyKind != ValueKind.TEXT && keyKind != ValueKind.LEAF && keyKind != ValueKind.ENUM)
					|| !count(keyBytes + ENTRY_BYTES)) {
				return REFUSED;
			}
			Object value = entry.getValue();
			if (mayHoldMedia && keyKind == ValueKind.TEXT && isMediaPartEntry((String) key, value)) {
				return REFUSED;
			}
			Object kept = keep(value, depth + 1);
			if (kept == REFUSED || projectedOver(start, i, size)) {
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
				if (keyKind != ValueKind.TEXT) {
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
