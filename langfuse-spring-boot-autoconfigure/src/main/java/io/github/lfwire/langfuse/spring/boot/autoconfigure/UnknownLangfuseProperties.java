package io.github.lfwire.langfuse.spring.boot.autoconfigure;

import java.beans.PropertyDescriptor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.BeanUtils;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.core.ResolvableType;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.Environment;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * Reports at startup, one warning each, the {@code langfuse.*} properties that bind to
 * nothing, such as a misspelt {@code langfuse.exprot.flush-at}, with the closest known
 * property; known properties are the bean properties of {@link LangfuseProperties}, a map
 * or a list accepts any key below it, and a map of groups, such as
 * {@code langfuse.projects}, any key followed by a property of the group.
 */
final class UnknownLangfuseProperties implements SmartInitializingSingleton {

	private static final Log logger = LogFactory.getLog(UnknownLangfuseProperties.class);

	private static final String PREFIX = "langfuse";

	/** Known leaf properties, in kebab case. */
	private static final Set<String> LEAVES = new TreeSet<>();

	/** Known maps and lists, in kebab case, which accept any key below them. */
	private static final Set<String> CONTAINERS = new TreeSet<>();

	/**
	 * Known maps of groups, in kebab case, with the properties of the group each key
	 * accepts.
	 */
	private static final Map<String, Set<String>> GROUP_MAPS = new TreeMap<>();

	static {
		walk(LangfuseProperties.class, PREFIX);
	}

	private final List<String> warnings;

	UnknownLangfuseProperties(Environment environment) {
		this.warnings = warnings(environment);
	}

	/** The warnings, one for each unknown property. */
	List<String> warnings() {
		return this.warnings;
	}

	@Override
	public void afterSingletonsInstantiated() {
		this.warnings.forEach(logger::warn);
	}

	private static List<String> warnings(Environment environment) {
		if (!(environment instanceof ConfigurableEnvironment configurable)) {
			return List.of();
		}
		Set<String> unknown = new TreeSet<>();
		for (PropertySource<?> source : configurable.getPropertySources()) {
			if (source instanceof EnumerablePropertySource<?> enumerable && isChecked(source.getName())) {
				for (String name : enumerable.getPropertyNames()) {
					if (name.toLowerCase(Locale.ROOT).startsWith(PREFIX + ".") && !isKnown(name)) {
						unknown.add(name);
					}
				}
			}
		}
		List<String> warnings = new ArrayList<>();
		for (String name : unknown) {
			String closest = closest(name);
			warnings.add("Unknown Langfuse property '" + name + "' is ignored"
					+ ((closest != null) ? "; did you mean '" + closest + "'?" : "."));
		}
		return Collections.unmodifiableList(warnings);
	}

	/**
	 * Whether names in the source are property names: environment variables are named
	 * differently, and the starter's own copy of them holds known properties only.
	 */
	private static boolean isChecked(String source) {
		return !source.equals(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME)
				&& !source.equals(LangfuseEnvironmentPostProcessor.PROPERTY_SOURCE_NAME)
				&& !source.equals(LangfuseEnvironmentPostProcessor.OVERRIDES_PROPERTY_SOURCE_NAME);
	}

	static boolean isKnown(String name) {
		String normalized = normalize(name);
		for (String leaf : LEAVES) {
			if (normalize(leaf).equals(normalized)) {
				return true;
			}
		}
		for (String container : CONTAINERS) {
			if (normalized.startsWith(normalize(container) + ".")) {
				return true;
			}
		}
		for (Map.Entry<String, Set<String>> map : GROUP_MAPS.entrySet()) {
			String key = groupKey(normalized, map.getKey());
			if (key != null) {
				String rest = normalized.substring(normalize(map.getKey()).length() + key.length() + 2);
				return map.getValue().stream().anyMatch((leaf) -> normalize(leaf).equals(rest));
			}
		}
		return false;
	}

	/**
	 * The key of a map of groups that the normalized name is below, such as {@code b} of
	 * {@code langfuse.projects.b.secretkey}, or {@code null}.
	 */
	private static @Nullable String groupKey(String normalized, String map) {
		String prefix = normalize(map) + ".";
		int end = normalized.indexOf('.', prefix.length());
		return (normalized.startsWith(prefix) && end > prefix.length()) ? normalized.substring(prefix.length(), end)
				: null;
	}

	/** The known property closest to the name, or {@code null} when none is close. */
	static @Nullable String closest(String name) {
		String normalized = normalize(name);
		String best = null;
		int bestDistance = Integer.MAX_VALUE;
		for (String known : known(normalized)) {
			int distance = distance(normalized, normalize(known));
			if (distance < bestDistance) {
				best = known;
				bestDistance = distance;
			}
		}
		return (best != null && bestDistance <= Math.max(3, normalized.length() / 3)) ? best : null;
	}

	private static Collection<String> known(String normalized) {
		Set<String> known = new TreeSet<>(LEAVES);
		CONTAINERS.forEach((container) -> known.add(container + ".*"));
		GROUP_MAPS.forEach((map, leaves) -> {
			String key = groupKey(normalized, map);
			leaves.forEach((leaf) -> known.add(map + "." + ((key != null) ? key : "*") + "." + leaf));
		});
		return known;
	}

	private static void walk(Class<?> type, String prefix) {
		for (PropertyDescriptor property : BeanUtils.getPropertyDescriptors(type)) {
			if (property.getReadMethod() == null || property.getName().equals("class")) {
				continue;
			}
			String name = prefix + "." + SettingProperties.kebab(property.getName());
			Class<?> propertyType = property.getPropertyType();
			if (propertyType.getDeclaringClass() == LangfuseProperties.class) {
				walk(propertyType, name);
			}
			else if (Map.class.isAssignableFrom(propertyType) && groupOf(property) != null) {
				Set<String> leaves = new TreeSet<>();
				for (PropertyDescriptor leaf : BeanUtils.getPropertyDescriptors(groupOf(property))) {
					if (leaf.getWriteMethod() != null) {
						leaves.add(SettingProperties.kebab(leaf.getName()));
					}
				}
				GROUP_MAPS.put(name, leaves);
			}
			else if (Map.class.isAssignableFrom(propertyType) || Collection.class.isAssignableFrom(propertyType)) {
				CONTAINERS.add(name);
				if (Collection.class.isAssignableFrom(propertyType)) {
					LEAVES.add(name);
				}
			}
			else if (property.getWriteMethod() != null) {
				LEAVES.add(name);
			}
		}
	}

	/** The group class of a map's values, or {@code null} for a map of plain values. */
	private static @Nullable Class<?> groupOf(PropertyDescriptor map) {
		ResolvableType value = ResolvableType.forMethodReturnType(map.getReadMethod()).asMap().getGeneric(1);
		Class<?> type = value.resolve();
		return (type != null && type.getDeclaringClass() == LangfuseProperties.class) ? type : null;
	}

	/** Lower case without dashes or underscores, with {@code [key]} as {@code .key}. */
	private static String normalize(String name) {
		return name.toLowerCase(Locale.ROOT).replace("[", ".").replace("]", "").replace("-", "").replace("_", "");
	}

	/** The Levenshtein distance of two names. */
	private static int distance(String a, String b) {
		int[] previous = new int[b.length() + 1];
		int[] current = new int[b.length() + 1];
		for (int j = 0; j <= b.length(); j++) {
			previous[j] = j;
		}
		for (int i = 1; i <= a.length(); i++) {
			current[0] = i;
			for (int j = 1; j <= b.length(); j++) {
				int substitution = previous[j - 1] + ((a.charAt(i - 1) == b.charAt(j - 1)) ? 0 : 1);
				current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
			}
			int[] swap = previous;
			previous = current;
			current = swap;
		}
		return previous[b.length()];
	}

}
