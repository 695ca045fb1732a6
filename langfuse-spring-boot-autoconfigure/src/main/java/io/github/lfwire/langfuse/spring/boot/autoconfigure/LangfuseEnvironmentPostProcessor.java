package io.github.lfwire.langfuse.spring.boot.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * Maps the official {@code LANGFUSE_*} environment variables onto {@code langfuse.*} properties, at the lowest
 * precedence so that any explicit property wins.
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
		Object host = firstPresent(variables, "LANGFUSE_BASE_URL", "LANGFUSE_HOST");
		if (host != null) {
			mapped.put("langfuse.host", host);
		}
		NAMES.forEach((variable, property) -> {
			Object value = variables.getProperty(variable);
			if (value != null) {
				mapped.put(property, value);
			}
		});
		SECONDS.forEach((variable, property) -> {
			Object value = variables.getProperty(variable);
			if (value != null) {
				mapped.put(property, seconds(value.toString()));
			}
		});
		if (!mapped.isEmpty()) {
			environment.getPropertySources().addLast(new MapPropertySource(PROPERTY_SOURCE_NAME, mapped));
		}
	}

	private static Object firstPresent(PropertySource<?> source, String first, String second) {
		Object value = source.getProperty(first);
		return (value != null) ? value : source.getProperty(second);
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
