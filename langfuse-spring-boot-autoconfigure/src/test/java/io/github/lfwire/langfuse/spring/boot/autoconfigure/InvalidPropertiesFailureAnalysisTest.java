package io.github.lfwire.langfuse.spring.boot.autoconfigure;

import io.github.lfwire.langfuse.config.LangfuseConfigException;
import io.github.lfwire.langfuse.spring.boot.autoconfigure.experiment.LangfuseExperimentAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every invalid setting stops startup with a failure analysis that names its property and
 * a fix.
 */
class InvalidPropertiesFailureAnalysisTest {

	private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(LangfuseAutoConfiguration.class, LangfuseExperimentAutoConfiguration.class));

	@ParameterizedTest(name = "{0}={1}")
	@CsvSource(delimiter = '|', value = { "langfuse.host|ftp://example.com", "langfuse.host|not a url",
			"langfuse.environment|langfuse-prod", "langfuse.sampling.probability|-0.1",
			"langfuse.sampling.probability|1.5", "langfuse.export.flush-at|0", "langfuse.export.flush-interval|0s",
			"langfuse.export.max-queue-size|0", "langfuse.export.max-queue-bytes|1KB",
			"langfuse.export.max-score-queue-size|0", "langfuse.export.max-score-queue-bytes|10B",
			"langfuse.export.timeout|-1s", "langfuse.export.timeout|50ms", "langfuse.export.flush-interval|5ms",
			"langfuse.shutdown.timeout|50ms", "langfuse.export.endpoint|http://otel-collector:4318/v1/traces",
			"langfuse.export.high-water-mark|1.5", "langfuse.export.endpoint|collector:4318",
			"langfuse.export.max-retries|-1", "langfuse.export.retry-initial-backoff|0ms",
			"langfuse.export.retry-max-backoff|1ms", "langfuse.capture.max-bytes|10B",
			"langfuse.capture.max-stream-elements|0", "langfuse.capture.deferred-max-bytes|-1B",
			"langfuse.shutdown.timeout|-5s", "langfuse.media.upload-threads|0", "langfuse.media.max-queue-size|0",
			"langfuse.media.max-queue-bytes|0B", "langfuse.media.max-retries|-1", "langfuse.media.upload-timeout|0s",
			"langfuse.experiment.max-concurrency|0", "langfuse.experiment.flush-timeout|0s",
			"langfuse.datasets.max-retries|-1", "langfuse.datasets.page-size|101", "langfuse.datasets.timeout|0s",
			"langfuse.datasets.retry-initial-backoff|-1s", "langfuse.datasets.retry-max-backoff|1ms" })
	void shouldFailStartupNamingTheProperty(String property, String value) {
		this.runner.withPropertyValues(property + "=" + value).run((context) -> {
			assertThat(context).hasFailed();
			Throwable failure = context.getStartupFailure();
			while (failure != null && !(failure instanceof LangfuseConfigException)) {
				failure = failure.getCause();
			}
			assertThat(failure).as("LangfuseConfigException in the startup failure").isNotNull();
			FailureAnalysis analysis = new LangfuseConfigFailureAnalyzer(null).analyze(context.getStartupFailure());
			assertThat(analysis.getDescription()).contains("'" + property + "'");
			assertThat(analysis.getAction()).contains(property);
		});
	}

	@ParameterizedTest(name = "{0}={1}")
	@CsvSource(delimiter = '|',
			value = { "langfuse.tracing.application-trace|merge", "langfuse.export.compression|zstd" })
	void shouldFailStartupNamingThePropertyWhenAChoiceIsUnknown(String property, String value) {
		this.runner.withPropertyValues(property + "=" + value).run((context) -> {
			assertThat(context).hasFailed();
			Throwable failure = context.getStartupFailure();
			while (failure != null && !(failure instanceof BindException)) {
				failure = failure.getCause();
			}
			assertThat(failure).isInstanceOf(BindException.class);
			assertThat(((BindException) failure).getProperty().getName()).hasToString(property);
		});
	}

}
