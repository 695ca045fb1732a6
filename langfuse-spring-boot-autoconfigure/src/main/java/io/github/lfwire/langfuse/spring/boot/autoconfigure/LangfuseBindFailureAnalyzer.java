package io.github.lfwire.langfuse.spring.boot.autoconfigure;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;

import io.github.lfwire.langfuse.EnvironmentVariable;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.origin.Origin;
import org.springframework.core.Ordered;
import org.springframework.util.unit.DataSize;

/**
 * Explains a {@code langfuse.*} value that cannot be converted, such as
 * {@code LANGFUSE_SAMPLE_RATE=abc}, naming the property, the environment variable or file
 * it came from, and a valid example; it runs before Boot's generic bind failure analysis.
 */
public final class LangfuseBindFailureAnalyzer extends AbstractFailureAnalyzer<BindException> implements Ordered {

	private static final Map<String, String> EXAMPLES = Map.of("langfuse.sampling.probability",
			"a number from 0.0 to 1.0, such as 0.25");

	@Override
	protected @Nullable FailureAnalysis analyze(Throwable rootFailure, BindException cause) {
		String property = cause.getName().toString();
		if (!property.startsWith("langfuse.")) {
			return null;
		}
		ConfigurationProperty bound = cause.getProperty();
		Origin origin = (bound != null) ? bound.getOrigin() : cause.getOrigin();
		PropertyOrigin where = new PropertyOrigin(origin);
		String value = (bound != null && bound.getValue() != null && !property.endsWith("-key"))
				? "'" + bound.getValue() + "'" : "the value";
		String expected = expected(property, cause.getTarget().getType().resolve(Object.class), where.variable());
		return new FailureAnalysis("Invalid Langfuse configuration: property '" + property + "'" + where.describe()
				+ " is wrong: " + value + " is not " + expected + ".",
				"Use " + expected + ". " + where.update(property), cause);
	}

	private static String expected(String property, Class<?> type, @Nullable String variable) {
		if (variable != null && Arrays.stream(EnvironmentVariable.values())
			.anyMatch((candidate) -> candidate.name().equals(variable) && candidate.inSeconds())) {
			return "a number of seconds, such as 1.5";
		}
		String example = EXAMPLES.get(property);
		if (example != null) {
			return example;
		}
		if (type == Duration.class) {
			return "a duration, such as 10s or 500ms";
		}
		if (type == DataSize.class) {
			return "a size, such as 64MB or 32KB";
		}
		if (type == boolean.class || type == Boolean.class) {
			return "true or false";
		}
		if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
			return "a whole number";
		}
		if (type == double.class || type == Double.class) {
			return "a number";
		}
		return "a valid " + type.getSimpleName();
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
