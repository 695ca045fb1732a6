package io.github.lfwire.langfuse.prompt;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.github.lfwire.langfuse.semconv.LangfuseAttributes;
import io.github.lfwire.langfuse.LangfuseClient;
import io.github.lfwire.langfuse.Observation;
import io.github.lfwire.langfuse.ObservationType;
import io.github.lfwire.langfuse.testing.FakeLangfuseServer;
import io.github.lfwire.langfuse.testing.ReceivedSpan;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PromptLinkTest {

	private final FakeLangfuseServer server = FakeLangfuseServer.start();

	private final LangfuseClient client = LangfuseClient.create(this.server.clientConfig().build());

	private final LangfusePrompts prompts = LangfusePrompts.create(this.client.config());

	@AfterEach
	void stop() {
		this.prompts.close();
		this.client.shutdown(Duration.ofSeconds(2));
		this.server.close();
	}

	@Test
	void shouldLinkAGenerationToThePromptVersionItUsed() {
		this.server.prompts().createText("support/answer", "v1", "production");
		this.server.prompts().createText("support/answer", "v2", "production");
		TextPrompt prompt = this.prompts.getText("support/answer");

		try (Observation generation = this.client.generation("answer")) {
			generation.prompt(prompt);
		}

		ReceivedSpan span = this.server.awaitSpans(1, Duration.ofSeconds(10)).get(0);
		assertThat(span.attributes()).containsEntry(LangfuseAttributes.OBSERVATION_PROMPT_NAME, "support/answer")
			.containsEntry(LangfuseAttributes.OBSERVATION_PROMPT_VERSION, 2L);
		this.server.assertContractRespected();
	}

	@Test
	void shouldLinkTheCurrentGenerationFromCodeThatOnlyHasObservationCurrent() {
		this.server.prompts().createText("answer", "Hello", "production");

		try (Observation generation = this.client.start(ObservationType.GENERATION, "answer")) {
			answer();
		}

		ReceivedSpan span = this.server.awaitSpans(1, Duration.ofSeconds(10)).get(0);
		assertThat(span.attributes()).containsEntry(LangfuseAttributes.OBSERVATION_PROMPT_NAME, "answer")
			.containsEntry(LangfuseAttributes.OBSERVATION_PROMPT_VERSION, 1L);
	}

	private void answer() {
		Observation.current().prompt(this.prompts.text("answer").fallback("Hi").get());
	}

	@Test
	void shouldNotLinkAFallbackPromptNorAnObservationOtherThanAGeneration() {
		this.server.prompts().createText("answer", "Hello", "production");
		TextPrompt fetched = this.prompts.getText("answer");
		TextPrompt fallback = this.prompts.text("missing").fallback("Hi").get();

		try (Observation root = this.client.span("turn")) {
			root.prompt(fetched);
			try (Observation generation = this.client.generation("fallback-answer")) {
				generation.prompt(fallback);
			}
			try (Observation event = this.client.event("note")) {
				event.prompt(fetched);
			}
		}

		Map<String, ReceivedSpan> spans = this.server.awaitSpans(3, Duration.ofSeconds(10))
			.stream()
			.collect(Collectors.toMap(ReceivedSpan::name, (span) -> span));
		for (String name : List.of("turn", "fallback-answer", "note")) {
			assertThat(spans.get(name).attributes()).as(name)
				.doesNotContainKeys(LangfuseAttributes.OBSERVATION_PROMPT_NAME,
						LangfuseAttributes.OBSERVATION_PROMPT_VERSION);
		}
	}

	@Test
	void shouldLinkGenerationsStartedBeneathAnObservationGivenThePrompt() {
		this.server.prompts().createText("answer", "Hello", "production");
		TextPrompt fetched = this.prompts.getText("answer");

		try (Observation node = this.client.span("answer-node")) {
			node.prompt(fetched);
			try (Observation chain = this.client.start(ObservationType.CHAIN, "chain")) {
				try (Observation generation = this.client.generation("model-call")) {
					generation.model("gpt-test");
				}
			}
		}

		Map<String, ReceivedSpan> spans = this.server.awaitSpans(3, Duration.ofSeconds(10))
			.stream()
			.collect(Collectors.toMap(ReceivedSpan::name, (span) -> span));
		assertThat(spans.get("model-call").attributes())
			.containsEntry(LangfuseAttributes.OBSERVATION_PROMPT_NAME, "answer")
			.containsEntry(LangfuseAttributes.OBSERVATION_PROMPT_VERSION, 1L);
		for (String name : List.of("answer-node", "chain")) {
			assertThat(spans.get(name).attributes()).as(name)
				.doesNotContainKeys(LangfuseAttributes.OBSERVATION_PROMPT_NAME,
						LangfuseAttributes.OBSERVATION_PROMPT_VERSION);
		}
		this.server.assertContractRespected();
	}

	@Test
	void shouldNotPassALinkThroughAnObservationThatUsedAFallback() {
		this.server.prompts().createText("answer", "Hello", "production");
		TextPrompt fetched = this.prompts.getText("answer");
		TextPrompt fallback = this.prompts.text("missing").fallback("Hi").get();

		try (Observation turn = this.client.span("turn")) {
			turn.prompt(fetched);
			try (Observation node = this.client.span("fallback-node")) {
				node.prompt(fallback);
				try (Observation generation = this.client.generation("under-fallback")) {
					generation.model("gpt-test");
				}
			}
			try (Observation before = this.client.generation("sibling")) {
				before.model("gpt-test");
			}
		}

		Map<String, ReceivedSpan> spans = this.server.awaitSpans(4, Duration.ofSeconds(10))
			.stream()
			.collect(Collectors.toMap(ReceivedSpan::name, (span) -> span));
		assertThat(spans.get("under-fallback").attributes()).doesNotContainKeys(
				LangfuseAttributes.OBSERVATION_PROMPT_NAME, LangfuseAttributes.OBSERVATION_PROMPT_VERSION);
		assertThat(spans.get("sibling").attributes()).containsEntry(LangfuseAttributes.OBSERVATION_PROMPT_NAME,
				"answer");
	}

}
