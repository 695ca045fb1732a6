package io.github.lfwire.langfuse.spring.boot.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;

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
 * Maps the official {@code LANGFUSE_*} environment variables onto {@code langfuse.*} properties, at the lowest
 * precedence so that any explicit property wins; each value keeps the variable as its origin, so a wrong value is
 * reported with the variable's name.
 */
public final class LangfuseEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	/** The name of the property source holding the mapped variables. */
	public static final String PROPERTY_SOURCE_NAME = "langfuseEnvironmentVariables";

	private static final Map<String, String> NAMES = Map.ofEntries(
			Map.entry("LANGFUSE_PUBLIC_KEY", "langfuse.public-key"),
			Map.entry("LANGFUSE_SECRET_KEY", "langfuse.secret-key"),
			Map.entry("LANGFUSE_TRACING_ENVIRONMENT", "langfuse.environment"),
			Map.entry("LANGFUSE_RELEASE", "langfuse.release"),
			Map.entry("LANGFUSE_SAMPLE_RATE", "langfuse.sampling.probability"),
			Map.entry("LANGFUSE_FLUSH_AT", "langfuse.export.flush-at"),
			Map.entry("LANGFUSE_TRACING_ENABLED", "langfuse.enabled"),
			Map.entry("LANGFUSE_MEDIA_UPLOAD_ENABLED", "langfuse.media.enabled"),
			Map.entry("LANGFUSE_MEDIA_UPLOAD_THREAD_COUNT", "langfuse.media.upload-threads"));

	private static final Map<String, String> SECONDS = Map.of("LANGFUSE_FLUSH_INTERVAL",
			"langfuse.export.flush-interval", "LANGFUSE_TIMEOUT", "langfuse.export.timeout");

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		PropertySource<?> variables = environment.getPropertySources()
			.get(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
		if (variables == null) {
			return;
		}
		Map<String, Object> mapped = new LinkedHashMap<>();
		String hostVariable = (variables.getProperty("LANGFUSE_BASE_URL") != null) ? "LANGFUSE_BASE_URL"
				: "LANGFUSE_HOST";
		put(mapped, "langfuse.host", hostVariable, variables.getProperty(hostVariable));
		NAMES.forEach((variable, property) -> put(mapped, property, variable, variables.getProperty(variable)));
		SECONDS.forEach((variable, property) -> {
			Object value = variables.getProperty(variable);
			put(mapped, property, variable, (value != null) ? seconds(value.toString()) : null);
		});
		if (!mapped.isEmpty()) {
			environment.getPropertySources().addLast(new OriginTrackedMapPropertySource(PROPERTY_SOURCE_NAME, mapped));
		}
	}

	private static void put(Map<String, Object> mapped, String property, String variable, Object value) {
		if (value != null) {
			mapped.put(property, OriginTrackedValue.of(value, new SystemEnvironmentOrigin(variable)));
		}
	}

	private static String seconds(String value) {
		try {
			return Math.round(Double.parseDouble(value.trim()) * 1000) + "ms";
		}
		catch (NumberFormatException ex) {
			return value;
		}
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
