package io.github.lfwire.langfuse.spring.boot.autoconfigure;

import java.util.Locale;

import io.github.lfwire.langfuse.EnvironmentVariable;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.BeanWrapper;
import org.springframework.beans.BeanWrapperImpl;

/**
 * The Spring Boot property of each setting named by
 * {@link io.github.lfwire.langfuse.config.LangfuseConfigException} or an
 * {@link EnvironmentVariable}, found by rule in {@link LangfuseProperties}, whose nested
 * classes mirror the settings of each concern: a setting {@code <group><Name>} is
 * {@code langfuse.<group>.<name>} (the group may be singular, {@code promptCacheTtl} is
 * {@code langfuse.prompts.cache-ttl}), any other is {@code langfuse.<setting>}, both in
 * kebab case.
 */
final class SettingProperties {

	/** The one setting the starter takes from Spring's own properties. */
	private static final String SERVICE_NAME = "serviceName";

	private SettingProperties() {
	}

	/** The property of a setting, or {@code null} when the setting has none. */
	static @Nullable String propertyOf(String setting) {
		if (SERVICE_NAME.equals(setting)) {
			return "spring.application.name";
		}
		BeanWrapper properties = new BeanWrapperImpl(new LangfuseProperties());
		if (isLeaf(properties, setting)) {
			return "langfuse." + kebab(setting);
		}
		int split = firstUpperCase(setting);
		if (split < 0) {
			return null;
		}
		String group = setting.substring(0, split);
		String name = Character.toLowerCase(setting.charAt(split)) + setting.substring(split + 1);
		for (String candidate : new String[] { group, group + "s" }) {
			if (properties.isReadableProperty(candidate) && !isLeaf(properties, candidate)
					&& properties.isReadableProperty(candidate + "." + name)) {
				return "langfuse." + candidate + "." + kebab(name);
			}
		}
		return null;
	}

	private static boolean isLeaf(BeanWrapper properties, String path) {
		return properties.isReadableProperty(path) && properties.isWritableProperty(path);
	}

	private static int firstUpperCase(String text) {
		for (int i = 0; i < text.length(); i++) {
			if (Character.isUpperCase(text.charAt(i))) {
				return i;
			}
		}
		return -1;
	}

	private static String kebab(String camel) {
		StringBuilder kebab = new StringBuilder();
		for (char c : camel.toCharArray()) {
			if (Character.isUpperCase(c)) {
				kebab.append('-').append(Character.toLowerCase(c));
			}
			else {
				kebab.append(c);
			}
		}
		return kebab.toString().toLowerCase(Locale.ROOT);
	}

}
