package io.github.lfwire.langfuse.spring.boot.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;

import io.github.lfwire.langfuse.EnvironmentVariable;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.OriginTrackedMapPropertySource;
import org.springframework.boot.origin.OriginTrackedValue;
import org.springframework.boot.origin.SystemEnvironmentOrigin;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * Maps the official {@code LANGFUSE_*} environment variables
 * ({@link EnvironmentVariable}) onto {@code langfuse.*} properties, at the lowest
 * precedence so that any explicit property wins; each value keeps the variable as its
 * origin, so a wrong value is reported with the variable's name. Where Boot itself binds
 * a variable to the same property ({@code LANGFUSE_HOST} to {@code langfuse.host}) and
 * the table prefers another one, the preferred value sits just above the system
 * environment, as the variable it replaces would.
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
		Map<String, Object> mapped = new LinkedHashMap<>();
		for (EnvironmentVariable variable : EnvironmentVariable.values()) {
			Object value = variables.getProperty(variable.name());
			String property = SettingProperties.propertyOf(variable.setting());
			if (value != null && !value.toString().isBlank() && property != null) {
				mapped.put(property, OriginTrackedValue.of(variable.propertyValue(value.toString().trim()),
						new SystemEnvironmentOrigin(variable.name())));
			}
		}
		Map<String, Object> overriding = new LinkedHashMap<>();
		mapped.forEach((property, value) -> {
			Object direct = variables.getProperty(property);
			if (direct != null && !direct.toString().equals(((OriginTrackedValue) value).getValue().toString())) {
				overriding.put(property, value);
			}
		});
		overriding.keySet().forEach(mapped::remove);
		if (!overriding.isEmpty()) {
			environment.getPropertySources()
				.addBefore(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
						new OriginTrackedMapPropertySource(OVERRIDES_PROPERTY_SOURCE_NAME, overriding));
		}
		if (!mapped.isEmpty()) {
			environment.getPropertySources().addLast(new OriginTrackedMapPropertySource(PROPERTY_SOURCE_NAME, mapped));
		}
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
