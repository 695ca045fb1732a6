package io.github.lfwire.langfuse.stats;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The stats of one part of the client, such as the span pipeline or the media uploads.
 * <p>
 * The endpoint shows a group as an entry named {@link #name()}, holding each stat under
 * its name and then the details; a group with tags is shown under its name and the value
 * of its first tag, such as one span destination. Each stat becomes the meter named by
 * {@link #meterName(Stat)}, with the group's tags.
 *
 * @param name the camel-case name of the part, such as {@code spans}
 * @param tags tags that tell apart groups of the same name, such as {@code destination},
 * empty for a single group
 * @param stats the counters and gauges
 * @param details values shown by the endpoint but not measured, such as the last error; a
 * value may be {@code null}
 */
public record StatGroup(String name, Map<String, String> tags, List<Stat> stats,
		Map<String, @Nullable Object> details) {

	/** A group without tags or details. */
	public StatGroup(String name, List<Stat> stats) {
		this(name, Map.of(), stats, Map.of());
	}

	/** The stat of the given name, or {@code null}. */
	public @Nullable Stat stat(String statName) {
		for (Stat stat : this.stats) {
			if (stat.name().equals(statName)) {
				return stat;
			}
		}
		return null;
	}

	/** This group with one more stat. */
	public StatGroup with(Stat stat) {
		List<Stat> more = new ArrayList<>(this.stats);
		more.add(stat);
		return new StatGroup(this.name, this.tags, List.copyOf(more), this.details);
	}

	/** This group with the given tags. */
	public StatGroup tagged(Map<String, String> groupTags) {
		return new StatGroup(this.name, Map.copyOf(groupTags), this.stats, this.details);
	}

	/**
	 * The meter of a stat: {@code langfuse.}, the group's name, a dot and the stat's
	 * name, each camel-case word lower-case after a dot, such as
	 * {@code langfuse.spans.queue.bytes.capacity} for {@code queueBytesCapacity}.
	 */
	public String meterName(Stat stat) {
		return "langfuse." + dotted(this.name) + "." + dotted(stat.name());
	}

	/**
	 * The endpoint's entry: each stat under its name, a tagged stat as a map of its
	 * counts, then the details.
	 */
	public Map<String, @Nullable Object> describe() {
		Map<String, @Nullable Object> entry = new LinkedHashMap<>();
		for (Stat stat : this.stats) {
			entry.put(stat.name(), stat.tagged() ? stat.counts() : stat.value());
		}
		entry.putAll(this.details);
		return Collections.unmodifiableMap(entry);
	}

	/** Details that keep {@code null} values, in the given order. */
	public static Map<String, @Nullable Object> details(@Nullable Object... namesAndValues) {
		Map<String, @Nullable Object> details = new LinkedHashMap<>();
		for (int i = 0; i + 1 < namesAndValues.length; i += 2) {
			details.put(String.valueOf(namesAndValues[i]), namesAndValues[i + 1]);
		}
		return Collections.unmodifiableMap(details);
	}

	private static String dotted(String camelCase) {
		StringBuilder dotted = new StringBuilder(camelCase.length() + 4);
		for (int i = 0; i < camelCase.length(); i++) {
			char c = camelCase.charAt(i);
			if (Character.isUpperCase(c)) {
				dotted.append('.').append(Character.toLowerCase(c));
			}
			else {
				dotted.append(c);
			}
		}
		return dotted.toString();
	}

}
