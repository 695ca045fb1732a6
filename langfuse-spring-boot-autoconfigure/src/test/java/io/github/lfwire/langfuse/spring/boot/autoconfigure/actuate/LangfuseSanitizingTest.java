package io.github.lfwire.langfuse.spring.boot.autoconfigure.actuate;

import java.util.Map;

import io.github.lfwire.langfuse.spring.boot.autoconfigure.LangfuseAutoConfiguration;
import io.github.lfwire.langfuse.spring.boot.autoconfigure.LangfuseEnvironmentPostProcessor;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.actuate.autoconfigure.context.properties.ConfigurationPropertiesReportEndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.env.EnvironmentEndpointAutoConfiguration;
import org.springframework.boot.actuate.context.properties.ConfigurationPropertiesReportEndpoint;
import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.env.EnvironmentEndpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The keys and export headers never appear in {@code /actuator/env} or
 * {@code /actuator/configprops}, even with {@code show-values=ALWAYS}.
 */
class LangfuseSanitizingTest {

	private static final String SECRET_KEY = "sk-lf-env-secret-0042";

	private static final String PUBLIC_KEY = "pk-lf-env-public-0042";

	private static final String HEADER_TOKEN = "collector-token-9911";

	private static final String PROJECT_SECRET_KEY = "sk-lf-project-b-secret-0077";

	private static final String PROJECT_PUBLIC_KEY = "pk-lf-project-b-public-0077";

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(LangfuseAutoConfiguration.class, LangfuseSanitizingAutoConfiguration.class,
						EndpointAutoConfiguration.class, EnvironmentEndpointAutoConfiguration.class,
						ConfigurationPropertiesReportEndpointAutoConfiguration.class))
		.withPropertyValues("management.endpoints.web.exposure.include=env,configprops",
				"management.endpoint.env.show-values=ALWAYS", "management.endpoint.configprops.show-values=ALWAYS",
				"langfuse.export.basic-auth=false", "langfuse.export.headers.Authorization=Bearer " + HEADER_TOKEN,
				"langfuse.export.headers.x-proxy-token=" + HEADER_TOKEN)
		.withInitializer((context) -> {
			context.getEnvironment()
				.getPropertySources()
				.replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
						new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
								Map.of("LANGFUSE_SECRET_KEY", SECRET_KEY, "LANGFUSE_PUBLIC_KEY", PUBLIC_KEY)));
			new LangfuseEnvironmentPostProcessor().postProcessEnvironment(context.getEnvironment(),
					new SpringApplication());
		});

	@Test
	void shouldMaskTheKeysAndHeaderValuesInTheEnvEndpointWhateverShowValuesSays() {
		this.runner.run((context) -> {
			EnvironmentEndpoint endpoint = context.getBean(EnvironmentEndpoint.class);
			String environment = JsonMapper.builder().build().writeValueAsString(endpoint.environment(null));
			assertThat(environment).contains("LANGFUSE_SECRET_KEY", "langfuse.secret-key", "langfuse.public-key",
					"langfuse.export.headers.x-proxy-token", "pk-lf-en******");
			assertThat(environment).doesNotContain(SECRET_KEY, PUBLIC_KEY, HEADER_TOKEN);
			assertThat(
					JsonMapper.builder().build().writeValueAsString(endpoint.environmentEntry("langfuse.secret-key")))
				.contains("******")
				.doesNotContain(SECRET_KEY);
		});
	}

	@Test
	void shouldMaskTheKeysAndHeaderValuesInTheConfigpropsEndpointWhateverShowValuesSays() {
		this.runner.run((context) -> {
			String report = JsonMapper.builder()
				.build()
				.writeValueAsString(context.getBean(ConfigurationPropertiesReportEndpoint.class)
					.configurationPropertiesWithPrefix("langfuse"));
			assertThat(report).contains("secretKey", "x-proxy-token", "pk-lf-en******");
			assertThat(report).doesNotContain(SECRET_KEY, PUBLIC_KEY, HEADER_TOKEN);
		});
	}

	@Test
	void shouldMaskTheKeysOfFurtherProjectsInTheEnvAndConfigpropsEndpoints() {
		this.runner
			.withPropertyValues("langfuse.projects.b.public-key=" + PROJECT_PUBLIC_KEY,
					"langfuse.projects.b.secret-key=" + PROJECT_SECRET_KEY,
					"langfuse.projects.b.base-url=https://eu.example.com")
			.run((context) -> {
				JsonMapper json = JsonMapper.builder().build();
				String environment = json
					.writeValueAsString(context.getBean(EnvironmentEndpoint.class).environment(null));
				String report = json.writeValueAsString(context.getBean(ConfigurationPropertiesReportEndpoint.class)
					.configurationPropertiesWithPrefix("langfuse"));
				assertThat(environment).contains("langfuse.projects.b.secret-key", "pk-lf-pr******",
						"https://eu.example.com");
				assertThat(report).contains("\"secretKey\":\"******\"", "pk-lf-pr******", "https://eu.example.com");
				assertThat(environment + report).doesNotContain(PROJECT_SECRET_KEY, PROJECT_PUBLIC_KEY);
			});
	}

	@Test
	void shouldMaskTheKeysOfFurtherProjectsInAnyForm() {
		LangfuseSanitizingFunction function = new LangfuseSanitizingFunction();
		for (String key : new String[] { "langfuse.projects.b.secret-key", "langfuse.projects.b.secretKey",
				"LANGFUSE_PROJECTS_B_SECRETKEY", "langfuse.projects[eu-2].secret-key" }) {
			assertThat(function.apply(new SanitizableData(null, key, PROJECT_SECRET_KEY)).getValue()).as(key)
				.isEqualTo(SanitizableData.SANITIZED_VALUE);
		}
		assertThat(function.apply(new SanitizableData(null, "langfuse.projects.b.base-url", "https://eu.example.com"))
			.getValue()).isEqualTo("https://eu.example.com");
	}

	@Test
	void shouldLeaveOtherValuesShown() {
		this.runner.withPropertyValues("langfuse.export.flush-at=77").run((context) -> {
			String report = JsonMapper.builder()
				.build()
				.writeValueAsString(context.getBean(ConfigurationPropertiesReportEndpoint.class)
					.configurationPropertiesWithPrefix("langfuse"));
			assertThat(report).contains("\"flushAt\":77");
		});
	}

	@Test
	void shouldNotRegisterTheFunctionWithoutTheActuator() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(LangfuseSanitizingAutoConfiguration.class))
			.withClassLoader(new FilteredClassLoader("org.springframework.boot.actuate"))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(LangfuseSanitizingFunction.class));
	}

}
