package io.github.lfwire.langfuse.spring.boot.autoconfigure;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.origin.Origin;
import org.springframework.boot.origin.PropertySourceOrigin;
import org.springframework.boot.origin.SystemEnvironmentOrigin;
import org.springframework.core.env.Environment;

/** Where a {@code langfuse.*} value came from, worded for a failure analysis. */
record PropertyOrigin(@Nullable Origin origin) {

	static PropertyOrigin of(@Nullable Environment environment, String property) {
		if (environment == null || !ConfigurationPropertyName.isValid(property)) {
			return new PropertyOrigin(null);
		}
		ConfigurationPropertyName name = ConfigurationPropertyName.of(property);
		for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
			ConfigurationProperty found = source.getConfigurationProperty(name);
			if (found != null) {
				return new PropertyOrigin(found.getOrigin());
			}
		}
		return new PropertyOrigin(null);
	}

	/** The environment variable that set the value, or {@code null}. */
	@Nullable String variable() {
		Origin current = this.origin;
		while (current != null) {
			if (current instanceof SystemEnvironmentOrigin environmentOrigin) {
				return environmentOrigin.getProperty();
			}
			current = (current instanceof PropertySourceOrigin propertySourceOrigin
					&& propertySourceOrigin.getOrigin() != null) ? propertySourceOrigin.getOrigin()
							: current.getParent();
		}
		return null;
	}

	/**
	 * For example {@code " (set by environment variable LANGFUSE_BASE_URL)"}, or empty
	 * when unknown.
	 */
	String describe() {
		String variable = variable();
		if (variable != null) {
			return " (set by environment variable " + variable + ")";
		}
		return (this.origin != null) ? " (set in " + this.origin + ")" : "";
	}

	/** What to edit: the variable, the file, or the property. */
	String update(String property) {
		String variable = variable();
		if (variable != null) {
			return "Change or unset the environment variable " + variable + ".";
		}
		if (this.origin != null) {
			return "Update '" + property + "' in " + this.origin + ".";
		}
		return "Update '" + property + "' in your configuration.";
	}

}
