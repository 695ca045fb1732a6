package io.github.lfwire.langfuse.prompt;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PromptCompileTest {

	@Test
	void shouldReplaceVariablesIgnoringSpacesInsideTheBraces() {
		TextPrompt prompt = TextPrompt.fallback("p", "Hello {{name}}, you have {{ count }} messages.");

		assertThat(prompt.compile(Map.of("name", "Ada", "count", 3))).isEqualTo("Hello Ada, you have 3 messages.");
	}

	@Test
	void shouldKeepAMissingVariableAsWrittenSoItIsVisible() {
		TextPrompt prompt = TextPrompt.fallback("p", "Hello {{name}}, about {{ topic }}.");

		assertThat(prompt.compile(Map.of("name", "Ada"))).isEqualTo("Hello Ada, about {{ topic }}.");
		assertThat(prompt.compile(Map.of())).isEqualTo("Hello {{name}}, about {{ topic }}.");
		assertThat(prompt.compile(null)).isEqualTo("Hello {{name}}, about {{ topic }}.");
	}

	@Test
	void shouldReplaceANullVariableByNothing() {
		Map<String, Object> variables = new HashMap<>();
		variables.put("name", null);

		assertThat(TextPrompt.fallback("p", "Hello {{name}}!").compile(variables)).isEqualTo("Hello !");
	}

	@Test
	void shouldNotScanInsertedValuesForMoreVariables() {
		TextPrompt prompt = TextPrompt.fallback("p", "Q: {{question}} Secret: {{secret}}");

		assertThat(prompt.compile(Map.of("question", "{{secret}}"))).isEqualTo("Q: {{secret}} Secret: {{secret}}");
	}

	@Test
	void shouldLeaveUnclosedBracesAlone() {
		assertThat(TextPrompt.fallback("p", "a {{x}} b {{y").compile(Map.of("x", 1, "y", 2))).isEqualTo("a 1 b {{y");
	}

	@Test
	void shouldCompileChatVariablesAndReplacePlaceholdersByTheGivenMessages() {
		ChatPrompt prompt = ChatPrompt.fallback("chat", List.of(ChatMessage.system("You help {{user}}."),
				ChatMessage.placeholder("history"), ChatMessage.user("{{question}}")));
		List<ChatMessage> history = List.of(ChatMessage.user("Hi {{user}}"), ChatMessage.assistant("Hello"));

		List<ChatMessage> compiled = prompt.compile(Map.of("user", "Ada", "question", "Why?"),
				Map.of("history", history));

		assertThat(compiled).containsExactly(ChatMessage.system("You help Ada."), ChatMessage.user("Hi {{user}}"),
				ChatMessage.assistant("Hello"), ChatMessage.user("Why?"));
	}

	@Test
	void shouldRemoveAPlaceholderGivenAnEmptyListAndKeepOneNotGiven() {
		ChatPrompt prompt = ChatPrompt.fallback("chat", List.of(ChatMessage.placeholder("examples"),
				ChatMessage.system("Be brief."), ChatMessage.placeholder("history")));

		assertThat(prompt.compile(Map.of(), Map.of("examples", List.of())))
			.containsExactly(ChatMessage.system("Be brief."), ChatMessage.placeholder("history"));
		assertThat(prompt.compile(Map.of())).containsExactly(ChatMessage.placeholder("examples"),
				ChatMessage.system("Be brief."), ChatMessage.placeholder("history"));
	}

	@Test
	void shouldMarkFallbacksWithVersionZeroAndTheProductionLabel() {
		TextPrompt prompt = TextPrompt.fallback("p", "x");

		assertThat(prompt.isFallback()).isTrue();
		assertThat(prompt.version()).isZero();
		assertThat(prompt.labels()).containsExactly("production");
		assertThat(prompt.config()).isEmpty();
		assertThat(prompt.type()).isEqualTo(PromptType.TEXT);
	}

	@Test
	void shouldNameTheVariablesOfAChatPromptButNotItsPlaceholders() {
		ChatPrompt prompt = ChatPrompt.fallback("p", List.of(ChatMessage.system("Be {{ tone }} and {{tone}}."),
				ChatMessage.placeholder("history"), ChatMessage.user("{{question}} {{unclosed")));
		assertThat(prompt.variables()).containsExactly("tone", "question");
	}

}
