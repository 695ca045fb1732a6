package io.github.lfwire.langfuse.spring.boot.autoconfigure;

import io.github.lfwire.langfuse.config.LangfuseConfigException;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.env.Environment;

/**
 * Explains an invalid Langfuse setting at startup in terms of the {@code langfuse.*}
 * property to change and where its value came from, such as the {@code LANGFUSE_BASE_URL}
 * environment variable.
 */
public final class LangfuseConfigFailureAnalyzer extends AbstractFailureAnalyzer<LangfuseConfigException> {

	@Nullable private final Environment environment;

	/**
	 * Creates the analyzer.
	 * @param environment the application's environment, to tell where a wrong value came
	 * from; {@code null} when startup failed before there was one
	 */
	public LangfuseConfigFailureAnalyzer(@Nullable Environment environment) {
		this.environment = environment;
	}

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, LangfuseConfigException cause) {
		String property = propertyName(cause.setting());
		PropertyOrigin origin = PropertyOrigin.of(this.environment, property);
		return new FailureAnalysis(
				"Invalid Langfuse configuration: property '" + property + "'" + origin.describe() + " is wrong: "
						+ SettingProperties.translate(cause.problem()) + ".",
				sentence(SettingProperties.translate(cause.fix())) + " " + origin.update(property), cause);
	}

	private static String sentence(String text) {
		return (text.endsWith(".") || text.endsWith("?") || text.endsWith("!")) ? text : text + ".";
	}

	/**
	 * The Spring Boot property for a setting; environment variable names are kept as they
	 * are.
	 */
	static String propertyName(String setting) {
		String property = SettingProperties.propertyOf(setting);
		return (property != null) ? property : setting;
	}

}
