package io.github.lfwire.langfuse.benchmarks;

import java.io.IOException;
import java.util.List;

import io.github.lfwire.langfuse.benchmarks.StartupLauncher.App;
import io.github.lfwire.langfuse.benchmarks.StartupLauncher.Configuration;
import io.github.lfwire.langfuse.benchmarks.StartupLauncher.Variant;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StartupLauncherTests {

	@Test
	void shouldReadArtifactIdsOfRepositoryJarsModuleJarsAndClassDirectories() {
		assertThat(StartupLauncher.artifactId(
				"/root/.m2/repository/io/opentelemetry/opentelemetry-sdk/1.55.0/" + "opentelemetry-sdk-1.55.0.jar"))
			.isEqualTo("opentelemetry-sdk");
		assertThat(StartupLauncher.artifactId("/work/langfuse-core/target/langfuse-core-0.1.0-SNAPSHOT.jar"))
			.isEqualTo("langfuse-core");
		assertThat(StartupLauncher.artifactId("/work/langfuse-core/target/classes")).isEqualTo("langfuse-core");
	}

	@Test
	void shouldLaunchTheWebApplicationWithTheStarterOnTheWholeClasspath() throws IOException {
		List<String> full = StartupLauncher.classpath();
		assertThat(new Configuration(App.WEB, Variant.KEYS).classpath(full)).isEqualTo(full);
		assertThat(artifacts(full)).contains("startup-app", "langfuse-spring-boot-starter", "langfuse-core",
				"opentelemetry-sdk", "spring-webmvc", "tomcat-embed-core", "jackson-databind");
	}

	@Test
	void shouldLeaveOutTheStarterAndWhatOnlyItBrings() throws IOException {
		List<String> web = artifacts(
				new Configuration(App.WEB, Variant.WITHOUT).classpath(StartupLauncher.classpath()));
		assertThat(web)
			.contains("startup-app", "spring-webmvc", "tomcat-embed-core", "jackson-databind", "spring-boot-jackson")
			.doesNotContain("langfuse-core", "langfuse-spring-boot-autoconfigure", "langfuse-spring-boot-starter",
					"opentelemetry-api", "opentelemetry-sdk", "aspectjweaver", "context-propagation");
	}

	@Test
	void shouldLaunchTheNonWebApplicationWithoutTheWebStarterAndJacksonOnlyWithTheStarter() throws IOException {
		List<String> full = StartupLauncher.classpath();
		List<String> plain = artifacts(new Configuration(App.PLAIN, Variant.WITHOUT).classpath(full));
		assertThat(plain).contains("startup-app", "spring-boot", "spring-context", "logback-classic")
			.doesNotContain("spring-web", "tomcat-embed-core", "spring-boot-jackson", "jackson-databind",
					"langfuse-core", "opentelemetry-api");
		List<String> plainWithStarter = artifacts(new Configuration(App.PLAIN, Variant.DISABLED).classpath(full));
		assertThat(plainWithStarter).contains("langfuse-spring-boot-starter", "jackson-databind", "opentelemetry-sdk")
			.doesNotContain("spring-web", "tomcat-embed-core", "spring-boot-jackson");
	}

	@Test
	void shouldPointTheKeysAtTheLoopbackCollectorOnly() {
		try (LoopbackCollector collector = LoopbackCollector.start()) {
			assertThat(new Configuration(App.WEB, Variant.KEYS).properties(collector))
				.contains("-Dlangfuse.host=" + collector.baseUrl());
			assertThat(new Configuration(App.WEB, Variant.DISABLED).properties(collector))
				.contains("-Dlangfuse.enabled=false");
			assertThat(new Configuration(App.WEB, Variant.NO_KEYS).properties(collector))
				.noneMatch((property) -> property.contains("key"));
		}
	}

	private static List<String> artifacts(List<String> classpath) {
		return classpath.stream().map(StartupLauncher::artifactId).toList();
	}

}
