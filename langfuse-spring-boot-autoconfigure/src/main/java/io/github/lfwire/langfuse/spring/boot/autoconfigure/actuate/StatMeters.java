package io.github.lfwire.langfuse.spring.boot.autoconfigure.actuate;

import java.util.List;
import java.util.function.Function;

import io.github.lfwire.langfuse.stats.Stat;
import io.github.lfwire.langfuse.stats.StatGroup;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import org.jspecify.annotations.Nullable;

/**
 * Binds one meter per stat of the client's {@link StatGroup}s, named by
 * {@link StatGroup#meterName(Stat)}, so every stat the core describes is measured.
 */
public final class StatMeters {

	private StatMeters() {
	}

	/**
	 * Binds a meter for every stat of the given groups: a gauge or a function counter,
	 * one counter per key of a tagged stat; each meter reads its value from the groups
	 * that {@code read} gives for the long-lived {@code source} when the registry is
	 * scraped.
	 */
	public static <T> void bind(MeterRegistry registry, List<StatGroup> groups, T source,
			Function<T, List<StatGroup>> read) {
		bind(registry, groups, source, read, Tags.empty());
	}

	/**
	 * Binds the meters as {@link #bind(MeterRegistry, List, Object, Function)} does, each
	 * with the given tags too, such as the {@code project} of a client.
	 */
	public static <T> void bind(MeterRegistry registry, List<StatGroup> groups, T source,
			Function<T, List<StatGroup>> read, Tags common) {
		for (StatGroup group : groups) {
			Tags tags = common.and(Tags
				.of(group.tags().entrySet().stream().map((tag) -> Tag.of(tag.getKey(), tag.getValue())).toList()));
			for (Stat stat : group.stats()) {
				String name = group.meterName(stat);
				if (stat.tagged()) {
					for (String key : stat.counts().keySet()) {
						FunctionCounter.builder(name, source, (value) -> count(read.apply(value), group, stat, key))
							.description(stat.description())
							.tags(tags)
							.tag(stat.tag(), key)
							.register(registry);
					}
				}
				else if (stat.kind() == Stat.Kind.GAUGE) {
					Gauge.builder(name, source, (value) -> count(read.apply(value), group, stat, null))
						.description(stat.description())
						.tags(tags)
						.register(registry);
				}
				else {
					FunctionCounter.builder(name, source, (value) -> count(read.apply(value), group, stat, null))
						.description(stat.description())
						.tags(tags)
						.register(registry);
				}
			}
		}
	}

	private static double count(List<StatGroup> groups, StatGroup bound, Stat boundStat, @Nullable String key) {
		for (StatGroup group : groups) {
			if (group.name().equals(bound.name()) && group.tags().equals(bound.tags())) {
				Stat stat = group.stat(boundStat.name());
				if (stat == null) {
					return 0;
				}
				return (key != null) ? stat.count(key) : stat.value();
			}
		}
		return 0;
	}

}
