package io.github.lfwire.sample;

import java.util.Map;

import io.github.lfwire.sample.experiment.ExperimentCommand;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.core.env.CommandLinePropertySource;
import org.springframework.core.env.MapPropertySource;

/**
 * A support chatbot whose 16-step workflow is traced to Langfuse with {@code @Observe};
 * with {@code --sample.experiment.dataset=NAME} it runs that workflow as an experiment
 * over a Langfuse dataset instead, then exits.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class SampleApplication {

	public static void main(String[] args) {
		if (ExperimentCommand.isRequested(args)) {
			System.exit(runExperiment(args));
		}
		SpringApplication.run(SampleApplication.class, args);
	}

	/**
	 * Runs the experiment the arguments ask for, without the web server and the scripted
	 * demo, and returns the exit code.
	 */
	public static int runExperiment(String... args) {
		SpringApplication application = new SpringApplication(SampleApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		application.addInitializers((context) -> context.getEnvironment()
			.getPropertySources()
			.addAfter(CommandLinePropertySource.COMMAND_LINE_PROPERTY_SOURCE_NAME,
					new MapPropertySource("sampleExperimentMode",
							Map.of("sample.demo.conversations", "0", "sample.demo.screenshot", "false"))));
		return SpringApplication.exit(application.run(args));
	}

}
