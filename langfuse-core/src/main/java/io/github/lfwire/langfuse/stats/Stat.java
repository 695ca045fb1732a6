package io.github.lfwire.langfuse.stats;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * One counter or gauge of a part's stats, named once for the actuator endpoint and the
 * meters.
 * <p>
 * A stat with a {@link #tag()} holds one count per constant of an enum, keyed by the
 * constant's lower-case name, such as the drops of a queue by reason; it becomes one
 * meter per key, tagged with that key.
 *
 * @param name the camel-case name, such as {@code queueBytesCapacity}; the meter is named
 * by {@link StatGroup#meterName(Stat)}
 * @param kind whether the value only grows or goes up and down
 * @param description what the value counts, for the meter's description
 * @param value the value, or the sum of the counts of a tagged stat
 * @param tag the tag that tells the counts apart, such as {@code reason}, or {@code null}
 * for a single value
 * @param counts the count of each enum constant, empty for a single value
 */
public record Stat(String name, Kind kind, String description, long value, @Nullable String tag,
		Map<String, Long> counts) {

	/** A value that only grows. */
	public static Stat counter(String name, String description, long value) {
		return new Stat(name, Kind.COUNTER, description, value, null, Map.of());
	}

	/** A value that goes up and down, such as the size of a queue. */
	public static Stat gauge(String name, String description, long value) {
		return new Stat(name, Kind.GAUGE, description, value, null, Map.of());
	}

	/**
	 * Counters by every constant of an enum, zero for the constants absent from the
	 * counts.
	 */
	public static <E extends Enum<E>> Stat counts(String name, String description, String tag, Class<E> type,
			Map<E, Long> counts) {
		Map<String, Long> keyed = new LinkedHashMap<>();
		long total = 0;
		for (E constant : type.getEnumConstants()) {
			long count = counts.getOrDefault(constant, 0L);
			keyed.put(constant.name().toLowerCase(Locale.ROOT), count);
			total += count;
		}
		return new Stat(name, Kind.COUNTER, description, total, tag, Collections.unmodifiableMap(keyed));
	}

	/** Whether the stat holds one count per key instead of a single value. */
	public boolean tagged() {
		return this.tag != null;
	}

	/** The count of one key of a tagged stat, zero for an unknown key. */
	public long count(String key) {
		return this.counts.getOrDefault(key, 0L);
	}

	/** How a stat's value changes. */
	public enum Kind {

		/** It only grows while the client runs. */
		COUNTER,
		/** It goes up and down. */
		GAUGE

	}

}
