package io.github.lfwire.langfuse.spring.boot.autoconfigure;

import java.util.Arrays;
import java.util.Map;

import io.github.lfwire.langfuse.LangfuseClient;
import io.github.lfwire.langfuse.LangfuseProjects;
import io.github.lfwire.langfuse.testing.FakeLangfuseServer;
import io.github.lfwire.langfuse.testing.FakeResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * What a user reads at startup and shutdown: which variable or property is wrong, which
 * key is missing, what was lost.
 */
@ExtendWith(OutputCaptureExtension.class)
class StartupMessagesTest {

	private static SpringApplication application(Map<String, Object> variables, String... arguments) {
		SpringApplication application = new SpringApplication(App.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, new SystemEnvironmentPropertySource(
					StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables));
		application.setEnvironment(environment);
		application.setDefaultProperties(Map.of("spring.main.banner-mode", "off"));
		return application;
	}

	private static void failsToStart(Map<String, Object> variables, String... arguments) {
		assertThatException().isThrownBy(() -> application(variables).run(arguments).close());
	}

	@Test
	void shouldNameTheEnvironmentVariableThatSetAWrongHost(CapturedOutput output) {
		failsToStart(Map.of("LANGFUSE_BASE_URL", "127.0.0.1:18555", "LANGFUSE_PUBLIC_KEY", "pk-lf-1",
				"LANGFUSE_SECRET_KEY", "sk-lf-1"));
		assertThat(output).contains(
				"Invalid Langfuse configuration: property 'langfuse.host'"
						+ " (set by environment variable LANGFUSE_BASE_URL) is wrong: '127.0.0.1:18555' is not a URL.",
				"Change or unset the environment variable LANGFUSE_BASE_URL.");
	}

	@Test
	void shouldExplainANonNumericSampleRateVariable(CapturedOutput output) {
		failsToStart(Map.of("LANGFUSE_SAMPLE_RATE", "abc"));
		assertThat(output)
			.contains("Invalid Langfuse configuration: property 'langfuse.sampling.probability'"
					+ " (set by environment variable LANGFUSE_SAMPLE_RATE) is wrong: 'abc' is not a number from 0.0"
					+ " to 1.0, such as 0.25.",
					"Use a number from 0.0 to 1.0, such as 0.25."
							+ " Change or unset the environment variable LANGFUSE_SAMPLE_RATE.")
			.doesNotContain("Failed to bind properties under");
	}

	@Test
	void shouldExplainAnUnreadableDurationProperty(CapturedOutput output) {
		failsToStart(Map.of(), "--langfuse.export.timeout=soon");
		assertThat(output)
			.contains("property 'langfuse.export.timeout' (set in \"langfuse.export.timeout\" from"
					+ " property source \"commandLineArgs\") is wrong: 'soon' is not a duration, such as 10s or 500ms.")
			.doesNotContain("Failed to bind properties under");
	}

	@Test
	void shouldPrintDurationsAsConfigured(CapturedOutput output) {
		failsToStart(Map.of(), "--langfuse.shutdown.timeout=-5s");
		failsToStart(Map.of(), "--langfuse.export.flush-interval=0ms");
		assertThat(output)
			.contains("is wrong: -5s is below the minimum 100ms.", "is wrong: 0s is not a positive duration.")
			.doesNotContain("PT-5S", "PT0S");
	}

	@Test
	void shouldSayWhichKeyIsMissing(CapturedOutput output) {
		try (ConfigurableApplicationContext context = application(Map.of("LANGFUSE_PUBLIC_KEY", "pk-lf-1")).run()) {
			String reason = context.getBean(LangfuseClient.class).disabledReason();
			assertThat(reason).startsWith("no secret key").contains("LANGFUSE_SECRET_KEY", "(secretKey)");
			assertThat(SettingProperties.translate(reason)).contains("LANGFUSE_SECRET_KEY (langfuse.secret-key)");
		}
		assertThat(output).contains("Langfuse tracing is off: no secret key: set LANGFUSE_SECRET_KEY")
			.doesNotContain("no credentials");
	}

	@Test
	void shouldSayWhatWasDeliveredAndWhatWasLostAtShutdown(CapturedOutput output) {
		try (FakeLangfuseServer server = FakeLangfuseServer.start()) {
			FakeResponse[] unavailable = new FakeResponse[1000];
			Arrays.fill(unavailable, FakeResponse.status(503));
			server.enqueueTraceResponses(unavailable);
			try (ConfigurableApplicationContext context = application(Map.of()).run(
					"--langfuse.host=" + server.baseUrl(), "--langfuse.public-key=" + FakeLangfuseServer.PUBLIC_KEY,
					"--langfuse.secret-key=" + FakeLangfuseServer.SECRET_KEY, "--langfuse.shutdown.timeout=300ms",
					"--langfuse.export.max-retries=1000", "--langfuse.export.retry-initial-backoff=20ms",
					"--langfuse.export.retry-max-backoff=20ms")) {
				LangfuseClient client = context.getBean(LangfuseClient.class);
				for (int i = 0; i < 5; i++) {
					client.span("lost-" + i).close();
				}
			}
		}
		assertThat(output).contains("Langfuse shutdown: 5 spans since start: 0 delivered to",
				"0 dropped, 5 lost at shutdown (still queued or being sent when the shutdown timeout of 300ms ended);"
						+ " raise langfuse.shutdown.timeout to wait longer at shutdown",
				"Langfuse shutdown: 0 scores since start: 0 delivered to")
			.doesNotContain("PT0.3S", "not delivered");
		assertThat(output.toString().lines().filter((line) -> line.contains("Langfuse shutdown: 5 spans")))
			.as("written once, by the lifecycle through Spring's logging")
			.singleElement()
			.asString()
			.contains("WARN", LangfuseLifecycle.class.getSimpleName());
	}

	@Test
	void shouldAccountForEveryProjectAtShutdownEachLineNamingItsProject(CapturedOutput output) {
		try (FakeLangfuseServer a = FakeLangfuseServer.start();
				FakeLangfuseServer b = FakeLangfuseServer.start("pk-lf-b-2222", "sk-lf-b-2222")) {
			FakeResponse[] unavailable = new FakeResponse[1000];
			Arrays.fill(unavailable, FakeResponse.status(503));
			b.enqueueTraceResponses(unavailable);
			try (ConfigurableApplicationContext context = application(Map.of()).run("--langfuse.host=" + a.baseUrl(),
					"--langfuse.public-key=" + FakeLangfuseServer.PUBLIC_KEY,
					"--langfuse.secret-key=" + FakeLangfuseServer.SECRET_KEY,
					"--langfuse.projects.b.base-url=" + b.baseUrl(), "--langfuse.projects.b.public-key=pk-lf-b-2222",
					"--langfuse.projects.b.secret-key=sk-lf-b-2222", "--langfuse.shutdown.timeout=300ms",
					"--langfuse.export.max-retries=1000", "--langfuse.export.retry-initial-backoff=20ms",
					"--langfuse.export.retry-max-backoff=20ms")) {
				LangfuseProjects projects = context.getBean(LangfuseProjects.class);
				projects.defaultClient().span("delivered").close();
				for (int i = 0; i < 4; i++) {
					projects.client("b").span("lost-" + i).close();
				}
			}
			assertThat(a.spans()).hasSize(1);
		}
		assertThat(output).contains("Langfuse shutdown: 1 spans since start: 1 delivered to",
				"Langfuse project b: Langfuse shutdown: 4 spans since start: 0 delivered to",
				"4 lost at shutdown (still queued or being sent when the shutdown timeout of 300ms ended);"
						+ " raise langfuse.shutdown.timeout to wait longer at shutdown",
				"Langfuse project b: Langfuse shutdown: 0 scores since start");
		assertThat(output.toString().lines().filter((line) -> line.contains("Langfuse shutdown: 4 spans")))
			.as("written once, by the lifecycle through Spring's logging")
			.singleElement()
			.asString()
			.contains("WARN", LangfuseLifecycle.class.getSimpleName());
	}

	@SpringBootConfiguration
	@ImportAutoConfiguration(LangfuseAutoConfiguration.class)
	static class App {

	}

}
