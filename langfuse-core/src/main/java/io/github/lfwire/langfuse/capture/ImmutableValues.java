package io.github.lfwire.langfuse.capture;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import io.github.lfwire.langfuse.capture.FrozenContainers.FrozenMap;
import org.jspecify.annotations.Nullable;

/**
 * Decides whether a value can be serialized later on the export thread with the same
 * result as now, keeping it by reference when it cannot change or as a copy of its
 * mutable maps and lists, and estimates the size of its JSON.
 * <p>
 * Immutable are strings, boxed primitives, {@link BigInteger} and {@link BigDecimal},
 * enums, {@code java.time} values, {@link UUID}, records whose components hold such
 * values (components marked {@code @JsonIgnore} are never written, so they may hold
 * anything), and the JDK's immutable collections ({@code List.of}, {@code Set.of},
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

	private static final String FROZEN_MAP_TYPE = Map.class.getName();

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
		DeferralWalk walk = new DeferralWalk(maxBytes, media, copies);
		try {
			Object kept = walk.keep(value, 0);
			if (kept != DeferralWalk.REFUSED) {
				return new Deferral(kept, walk.bytes(), false);
			}
		}
		catch (ReflectiveOperationException | RuntimeException | LinkageError | StackOverflowError ex) {
			return Deferral.REFUSED;
		}
		return walk.tooLarge() ? Deferral.TOO_LARGE : Deferral.REFUSED;
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
	 * @param tooLarge whether the value was refused only because its estimate passed the
	 * bound
	 */
	public record Deferral(@Nullable Object value, long bytes, boolean tooLarge) {

		/** Nothing kept: the value must be serialized now. */
		public static final Deferral REFUSED = new Deferral(null, NOT_DEFERRABLE, false);

		static final Deferral TOO_LARGE = new Deferral(null, NOT_DEFERRABLE, true);

		/** Whether the value is kept for later. */
		public boolean isKept() {
			return this.bytes != NOT_DEFERRABLE;
		}

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

}
