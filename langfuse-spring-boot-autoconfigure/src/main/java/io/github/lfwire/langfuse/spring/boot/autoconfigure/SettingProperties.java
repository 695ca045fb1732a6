package io.github.lfwire.langfuse.spring.boot.autoconfigure;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
 * kebab case; a project's setting {@code projects.<id>...} is
 * {@code langfuse.projects.<id>...}.
 */
public final class SettingProperties {

	private static final Pattern SETTING = Pattern.compile("\\b[a-z]+(?:[A-Z][a-z0-9]*)+\\b");

	/** The one setting the starter takes from Spring's own properties. */
	private static final String SERVICE_NAME = "serviceName";

	/** The prefix of the settings of a further project, as its properties have it. */
	private static final String PROJECTS = "projects.";

	/** A project's setting in a message, {@code projects.<id>...} not after a dot. */
	private static final Pattern PROJECT_SETTING = Pattern
		.compile("(?<![\\w.-])" + Pattern.quote(PROJECTS) + "(?=[A-Za-z0-9])");

	private SettingProperties() {
	}

	/**
	 * The text of a core message with each camel-case setting that has a property
	 * replaced by the property, such as {@code secretKey} by {@code langfuse.secret-key}.
	 */
	public static String translate(String message) {
		Matcher matcher = SETTING.matcher(message);
		StringBuilder translated = new StringBuilder(message.length() + 16);
		while (matcher.find()) {
			String property = propertyOf(matcher.group());
			matcher.appendReplacement(translated,
					Matcher.quoteReplacement((property != null) ? property : matcher.group()));
		}
		matcher.appendTail(translated);
		return PROJECT_SETTING.matcher(translated).replaceAll(Matcher.quoteReplacement("langfuse." + PROJECTS));
	}

	/** The property of a setting, or {@code null} when the setting has none. */
	public static @Nullable String propertyOf(String setting) {
		if (SERVICE_NAME.equals(setting)) {
			return "spring.application.name";
		}
		if (setting.startsWith(PROJECTS)) {
			return "langfuse." + setting;
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

	static String kebab(String camel) {
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
