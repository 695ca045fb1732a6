package io.github.lfwire.langfuse.spring.boot.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;

import io.github.lfwire.langfuse.EnvironmentVariable;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.origin.Origin;
import org.springframework.boot.origin.OriginLookup;
import org.springframework.boot.origin.SystemEnvironmentOrigin;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * Maps the official {@code LANGFUSE_*} environment variables
 * ({@link EnvironmentVariable}) onto {@code langfuse.*} properties, at the lowest
 * precedence so that any explicit property wins; values are read from the variables on
 * each access, so no secret is copied, and each keeps the variable as its origin, so a
 * wrong value is reported with the variable's name. Where Boot itself binds a variable to
 * the same property ({@code LANGFUSE_HOST} to {@code langfuse.host}) and the table
 * prefers another one, the preferred value sits just above the system environment, as the
 * variable it replaces would.
 */
public final class LangfuseEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	/** The name of the property source holding the mapped variables. */
	public static final String PROPERTY_SOURCE_NAME = "langfuseEnvironmentVariables";

	/**
	 * The name of the property source, just above the system environment, holding a
	 * variable that wins over another one which Boot binds by itself
	 * ({@code LANGFUSE_BASE_URL} over {@code LANGFUSE_HOST}).
	 */
	public static final String OVERRIDES_PROPERTY_SOURCE_NAME = "langfuseEnvironmentVariableOverrides";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		PropertySource<?> variables = environment.getPropertySources()
			.get(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
		if (variables == null) {
			return;
		}
		Map<String, EnvironmentVariable> mapped = new LinkedHashMap<>();
		for (EnvironmentVariable variable : EnvironmentVariable.values()) {
			Object value = variables.getProperty(variable.name());
			String property = SettingProperties.propertyOf(variable.setting());
			if (value != null && !value.toString().isBlank() && property != null) {
				mapped.put(property, variable);
			}
		}
		Map<String, EnvironmentVariable> overriding = new LinkedHashMap<>();
		VariablesPropertySource all = new VariablesPropertySource(PROPERTY_SOURCE_NAME, variables, mapped);
		mapped.forEach((property, variable) -> {
			Object direct = variables.getProperty(property);
			if (direct != null && !direct.toString().equals(String.valueOf(all.getProperty(property)))) {
				overriding.put(property, variable);
			}
		});
		overriding.keySet().forEach(mapped::remove);
		if (!overriding.isEmpty()) {
			environment.getPropertySources()
				.addBefore(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
						new VariablesPropertySource(OVERRIDES_PROPERTY_SOURCE_NAME, variables, overriding));
		}
		if (!mapped.isEmpty()) {
			environment.getPropertySources()
				.addLast(new VariablesPropertySource(PROPERTY_SOURCE_NAME, variables, mapped));
		}
	}

	/**
	 * The {@code langfuse.*} properties of the variables, read from the system
	 * environment on each access, so that no copy of a secret is held; each value has its
	 * variable as its origin.
	 */
	private static final class VariablesPropertySource extends EnumerablePropertySource<PropertySource<?>>
			implements OriginLookup<String> {

		private final Map<String, EnvironmentVariable> variables;

		VariablesPropertySource(String name, PropertySource<?> environment,
				Map<String, EnvironmentVariable> variables) {
			super(name, environment);
			this.variables = new LinkedHashMap<>(variables);
		}

		@Override
		public String[] getPropertyNames() {
			return this.variables.keySet().toArray(new String[0]);
		}

		@Override
		public @Nullable Object getProperty(String name) {
			EnvironmentVariable variable = this.variables.get(name);
			Object value = (variable != null) ? getSource().getProperty(variable.name()) : null;
			return (value != null) ? variable.propertyValue(value.toString().trim()) : null;
		}

		@Override
		public @Nullable Origin getOrigin(String name) {
			EnvironmentVariable variable = this.variables.get(name);
			return (variable != null) ? new SystemEnvironmentOrigin(variable.name()) : null;
		}

	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
