package io.github.lfwire.langfuse.spring.boot.autoconfigure.experiment;

import java.time.Duration;
import java.util.List;

import io.github.lfwire.langfuse.LangfuseClient;
import io.github.lfwire.langfuse.ObservationType;
import io.github.lfwire.langfuse.dataset.LangfuseDatasets;
import io.github.lfwire.langfuse.experiment.Evaluation;
import io.github.lfwire.langfuse.experiment.Experiment;
import io.github.lfwire.langfuse.experiment.ExperimentResult;
import io.github.lfwire.langfuse.experiment.ItemResult;
import io.github.lfwire.langfuse.experiment.LangfuseExperiments;
import io.github.lfwire.langfuse.observe.Observe;
import io.github.lfwire.langfuse.spring.boot.autoconfigure.LangfuseAutoConfiguration;
import io.github.lfwire.langfuse.spring.boot.autoconfigure.observe.LangfuseObserveAutoConfiguration;
import io.github.lfwire.langfuse.testing.FakeLangfuseServer;
import io.github.lfwire.langfuse.testing.ReceivedSpan;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class LangfuseExperimentAutoConfigurationTest {

	private final FakeLangfuseServer server = FakeLangfuseServer.start();

	private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(LangfuseAutoConfiguration.class, LangfuseExperimentAutoConfiguration.class));

	@AfterEach
	void stop() {
		this.server.close();
	}

	private ApplicationContextRunner withServer() {
		return this.runner.withPropertyValues("langfuse.host=" + this.server.baseUrl(),
				"langfuse.public-key=" + FakeLangfuseServer.PUBLIC_KEY,
				"langfuse.secret-key=" + FakeLangfuseServer.SECRET_KEY, "langfuse.export.flush-interval=50ms");
	}

	@Test
	void shouldRunAnExperimentOverADatasetWithTheClientsServerAndKeys() {
		this.server.datasets().create("qa");
		this.server.datasets().addItem("qa", "2+2", "4");
		withServer().run((context) -> {
			ExperimentResult result = context.getBean(LangfuseExperiments.class)
				.run(Experiment.builder("math")
					.dataset("qa")
					.task((item) -> "4")
					.evaluator(
							(item, output) -> List.of(Evaluation.bool("exact", output.equals(item.expectedOutput()))))
					.build());
			assertThat(result.averageScore("exact")).hasValue(1.0);
			assertThat(result.datasetRunUrl()).startsWith(this.server.baseUrl() + "/project/fake-project/datasets/");
			assertThat(this.server.datasets().runItems()).hasSize(1);
			this.server.assertContractRespected();
		});
	}

	@Test
	void shouldUseTheDocumentedDefaults() {
		this.runner.run((context) -> {
			LangfuseExperiments experiments = context.getBean(LangfuseExperiments.class);
			assertThat(experiments.maxConcurrency()).isEqualTo(50);
			assertThat(experiments.flushTimeout()).isEqualTo(Duration.ofSeconds(30));
			assertThat(experiments.datasets()).isSameAs(context.getBean(LangfuseDatasets.class));
			assertThat(experiments.datasets().toString()).contains("maxRetries=3", "pageSize=50");
		});
	}

	@Test
	void shouldApplyTheProperties() {
		this.runner.withPropertyValues("langfuse.experiment.max-concurrency=8", "langfuse.experiment.flush-timeout=5s",
				"langfuse.datasets.max-retries=1", "langfuse.datasets.page-size=100", "langfuse.datasets.timeout=3s")
			.run((context) -> {
				LangfuseExperiments experiments = context.getBean(LangfuseExperiments.class);
				assertThat(experiments.maxConcurrency()).isEqualTo(8);
				assertThat(experiments.flushTimeout()).isEqualTo(Duration.ofSeconds(5));
				assertThat(experiments.datasets().toString()).contains("timeout=PT3S", "maxRetries=1", "pageSize=100");
			});
	}

	@Test
	void shouldBackOffWhenTheApplicationDefinesItsOwnRunner() {
		this.runner.withUserConfiguration(CustomExperiments.class).run((context) -> {
			assertThat(context).hasSingleBean(LangfuseExperiments.class);
			assertThat(context.getBean(LangfuseExperiments.class).maxConcurrency()).isEqualTo(2);
		});
	}

	@Test
	void shouldNestObservedBeansCalledByTheTaskUnderTheItemRoot() {
		withServer()
			.withConfiguration(
					AutoConfigurations.of(AopAutoConfiguration.class, LangfuseObserveAutoConfiguration.class))
			.withBean(Lookup.class, Lookup::new)
			.withBean(Assistant.class)
			.run((context) -> {
				Assistant assistant = context.getBean(Assistant.class);
				ExperimentResult result = context.getBean(LangfuseExperiments.class)
					.run(Experiment.builder("observed")
						.items(List.of(io.github.lfwire.langfuse.experiment.ExperimentItem.of("hi", null)))
						.task((item) -> assistant.answer((String) item.input()))
						.build());
				ItemResult item = result.itemResults().get(0);
				List<ReceivedSpan> trace = this.server.traces().get(item.traceId());
				ReceivedSpan answer = trace.stream()
					.filter((span) -> span.name().equals("Assistant.answer"))
					.findFirst()
					.orElseThrow();
				ReceivedSpan lookup = trace.stream()
					.filter((span) -> span.name().equals("Lookup.lookup"))
					.findFirst()
					.orElseThrow();
				assertThat(answer.parentSpanId()).isEqualTo(item.rootObservationId());
				assertThat(lookup.parentSpanId()).isEqualTo(answer.spanId());
				assertThat(trace).allSatisfy(
						(span) -> assertThat(span.attributes()).containsEntry("langfuse.environment", "sdk-experiment")
							.containsEntry("langfuse.experiment.id", result.experimentId())
							.containsEntry("langfuse.experiment.item.root_observation_id", item.rootObservationId()));
				this.server.assertContractRespected();
			});
	}

	static class Assistant {

		private final Lookup lookup;

		Assistant(Lookup lookup) {
			this.lookup = lookup;
		}

		@Observe(type = ObservationType.AGENT)
		public String answer(String question) {
			return "answer to " + question + this.lookup.lookup();
		}

	}

	static class Lookup {

		@Observe
		public String lookup() {
			return "!";
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class CustomExperiments {

		@Bean
		LangfuseExperiments customExperiments(LangfuseClient client) {
			return LangfuseExperiments.builder(client).maxConcurrency(2).build();
		}

	}

}
