package io.github.lfwire.langfuse.spring.boot.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.lfwire.langfuse.EnvironmentVariable;
import io.github.lfwire.langfuse.capture.CaptureSettings;
import io.github.lfwire.langfuse.export.ExportSettings;
import io.github.lfwire.langfuse.media.MediaSettings;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.BeanWrapper;
import org.springframework.beans.BeanWrapperImpl;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.core.convert.ConversionService;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every core setting has a Spring Boot property with a description in the generated
 * metadata and a row in README's Properties table stating its actual default, and every
 * variable of {@link EnvironmentVariable} reaches a property.
 */
class SettingsCoverageTest {

	/**
	 * Settings given as beans rather than properties: a {@code CaptureMask}, the
	 * application's mapper and span exporters added by a
	 * {@code LangfuseConfigCustomizer}.
	 */
	private static final Set<String> BEAN_SETTINGS = Set.of("mask", "objectMapper");

	/**
	 * The settings of the server, its keys, tracing and the console, named as their
	 * exceptions name them.
	 */
	private static final Set<String> ROOT_SETTINGS = Set.of("host", "publicKey", "secretKey", "enabled", "environment",
			"release", "serviceName", "samplingProbability", "tracingApplicationTrace", "consoleEnabled");

	private static final Pattern README_DEFAULT = Pattern.compile("^\\| `(langfuse\\.[a-z0-9.-]+)` \\| `([^`{]+)` \\|",
			Pattern.MULTILINE);

	private static final Pattern README_ROW = Pattern.compile("^\\| `([a-z0-9.-]+)` \\|", Pattern.MULTILINE);

	@Test
	void shouldGiveEveryCoreSettingAPropertyWithADescriptionAndAReadmeRow() throws IOException {
		Map<String, JsonNode> metadata = langfuseMetadata();
		Set<String> readme = readmeProperties();
		List<String> problems = new ArrayList<>();
		for (String setting : coreSettings()) {
			String property = SettingProperties.propertyOf(setting);
			if (property == null) {
				problems.add(setting + ": no property in SettingProperties");
				continue;
			}
			if (!property.startsWith("langfuse.")) {
				if (!readmeText().contains("`" + property + "`")) {
					problems.add(setting + ": " + property + " is not mentioned in README");
				}
				continue;
			}
			JsonNode entry = metadata.get(property);
			if (entry == null || entry.path("description").asString("").isBlank()) {
				problems.add(setting + ": " + property + " has no description in the configuration metadata");
			}
			if (!readme.contains(property)) {
				problems.add(setting + ": " + property + " has no row in README's Properties table");
			}
		}
		assertThat(problems).isEmpty();
	}

	@Test
	void shouldGiveEveryPropertyAReadmeRow() throws IOException {
		assertThat(readmeProperties()).containsAll(langfuseMetadata().keySet());
	}

	@Test
	void shouldStateTheActualDefaultOfEveryPropertyInReadme() throws IOException {
		ConversionService conversion = ApplicationConversionService.getSharedInstance();
		Matcher row = README_DEFAULT.matcher(readmeText());
		List<String> problems = new ArrayList<>();
		int checked = 0;
		while (row.find()) {
			BeanWrapper defaults = new BeanWrapperImpl(new LangfuseProperties());
			String path = beanPath(row.group(1));
			Object actual = defaults.getPropertyValue(path);
			Object stated = conversion.convert(row.group(2), defaults.getPropertyTypeDescriptor(path));
			checked++;
			if (!stated.equals(actual)) {
				problems.add(row.group(1) + ": README says " + row.group(2) + ", the default is " + actual);
			}
		}
		assertThat(checked).as("README rows with a default").isGreaterThan(30);
		assertThat(problems).isEmpty();
	}

	@Test
	void shouldGiveIdesTheActualDefaultOfEveryPropertyThatHasOne() throws IOException {
		ConversionService conversion = ApplicationConversionService.getSharedInstance();
		Map<String, JsonNode> metadata = langfuseMetadata();
		Matcher row = README_DEFAULT.matcher(readmeText());
		List<String> problems = new ArrayList<>();
		while (row.find()) {
			BeanWrapper defaults = new BeanWrapperImpl(new LangfuseProperties());
			JsonNode stated = metadata.get(row.group(1)).path("defaultValue");
			if (stated.isMissingNode()) {
				problems.add(row.group(1) + ": no default in the configuration metadata");
				continue;
			}
			String path = beanPath(row.group(1));
			Object value = conversion.convert(stated.asString(), defaults.getPropertyTypeDescriptor(path));
			if (!value.equals(defaults.getPropertyValue(path))) {
				problems.add(row.group(1) + ": the metadata says " + stated + ", the default is "
						+ defaults.getPropertyValue(path));
			}
		}
		assertThat(problems).isEmpty();
	}

	@Test
	void shouldMapEveryVariableOntoAProperty() {
		assertThat(EnvironmentVariable.values())
			.allSatisfy((variable) -> assertThat(SettingProperties.propertyOf(variable.setting())).as(variable.name())
				.startsWith("langfuse."));
	}

	@Test
	void shouldFindTheSettingsOfTheBuilder() {
		assertThat(coreSettings())
			.contains("host", "exportEndpoint", "exportHeaders", "exportBasicAuth", "serviceName",
					"exportRetryMaxBackoff", "captureMaxBytes", "mediaUploadTimeout")
			.doesNotContain("media", "mask", "captureMask", "build");
	}

	/** The defaults of the properties class that binds the property. */
	private static String beanPath(String property) {
		StringBuilder path = new StringBuilder();
		boolean upper = false;
		for (char c : property.substring("langfuse.".length()).toCharArray()) {
			if (c == '-') {
				upper = true;
				continue;
			}
			path.append(upper ? Character.toUpperCase(c) : c);
			upper = false;
		}
		return path.toString();
	}

	/**
	 * The core settings as their exceptions name them: the server and its keys, the
	 * tracing settings, and {@code <concern><Setting>} for each setter of the capture and
	 * export builders and each component of the media settings.
	 */
	private static Set<String> coreSettings() {
		Set<String> settings = new TreeSet<>(ROOT_SETTINGS);
		settings.addAll(concernSettings("capture", CaptureSettings.Builder.class));
		settings.addAll(concernSettings("export", ExportSettings.Builder.class));
		for (RecordComponent component : MediaSettings.class.getRecordComponents()) {
			settings.add("media" + capitalized(component.getName()));
		}
		return settings;
	}

	private static Set<String> concernSettings(String concern, Class<?> builder) {
		Set<String> settings = new TreeSet<>();
		for (Method method : builder.getDeclaredMethods()) {
			if (Modifier.isPublic(method.getModifiers()) && method.getParameterCount() == 1
					&& method.getReturnType() == builder && !BEAN_SETTINGS.contains(method.getName())) {
				settings.add(concern + capitalized(method.getName()));
			}
		}
		return settings;
	}

	private static String capitalized(String name) {
		return Character.toUpperCase(name.charAt(0)) + name.substring(1);
	}

	private static Map<String, JsonNode> langfuseMetadata() throws IOException {
		Map<String, JsonNode> properties = new HashMap<>();
		JsonMapper mapper = JsonMapper.builder().build();
		for (URL url : Collections.list(SettingsCoverageTest.class.getClassLoader()
			.getResources("META-INF/spring-configuration-metadata.json"))) {
			try (InputStream in = url.openStream()) {
				for (JsonNode property : mapper.readTree(in).path("properties")) {
					String name = property.path("name").asString();
					if (name.startsWith("langfuse.")) {
						properties.put(name, property);
					}
				}
			}
		}
		assertThat(properties).as("langfuse properties in the generated metadata").isNotEmpty();
		return properties;
	}

	private static Set<String> readmeProperties() throws IOException {
		String readme = readmeText();
		String table = readme.substring(readme.indexOf("### Properties"));
		table = table.substring(0, table.indexOf("\n\n", table.indexOf("| --- |")));
		Set<String> rows = new TreeSet<>();
		Matcher matcher = README_ROW.matcher(table);
		while (matcher.find()) {
			rows.add(matcher.group(1));
		}
		return rows;
	}

	private static String readmeText() throws IOException {
		return Files.readString(Path.of("..", "README.md"));
	}

}
