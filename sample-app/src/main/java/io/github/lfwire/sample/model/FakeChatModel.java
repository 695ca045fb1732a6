package io.github.lfwire.sample.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.lfwire.sample.SampleProperties;

/**
 * A deterministic stand-in for a chat model, served by {@link FakeOpenAiServer}: it calls
 * the first offered tool with the user's message and then answers with the tool's result,
 * describes an attached image, classifies when the system message starts with "Classify",
 * rewrites when it starts with "Rewrite", and otherwise answers from the
 * {@code [id] Title} passages of the system message.
 */
public class FakeChatModel {

	static final String SCREENSHOT_DESCRIPTION = "The screenshot shows a small red error banner; open Settings, "
			+ "Security and sign in again to clear it.";

	private static final Map<String, List<String>> INTENT_KEYWORDS = intentKeywords();

	private static final Set<String> BACK_REFERENCES = Set.of("it", "them", "that", "this", "those", "these", "and");

	private static final Pattern PASSAGE = Pattern.compile("^\\[([\\w-]+)\\] .+\\R(.+)$", Pattern.MULTILINE);

	private static final Pattern SENTENCE = Pattern.compile("[^.!?]+[.!?]");

	private final SampleProperties.Model settings;

	public FakeChatModel(SampleProperties properties) {
		this.settings = properties.model();
	}

	/** Completes a conversation, taking the configured latency. */
	public Completion complete(CompletionRequest request) {
		Latency.pause(this.settings.latency());
		long inputTokens = request.messages().stream().mapToLong((message) -> Words.tokens(message.content())).sum()
				+ 85L * request.images();
		Completion.ToolCall toolCall = toolCall(request);
		if (toolCall != null) {
			return new Completion(null, toolCall, this.settings.name(), inputTokens,
					Words.tokens(toolCall.argument()) + 5);
		}
		String text = respond(request);
		long outputTokens = Math.min(Words.tokens(text), request.maxTokens());
		return new Completion(text, null, this.settings.name(), inputTokens, outputTokens);
	}

	private static Completion.ToolCall toolCall(CompletionRequest request) {
		List<Message> messages = request.messages();
		if (request.tools().isEmpty() || messages.stream().anyMatch((message) -> "tool".equals(message.role()))) {
			return null;
		}
		CompletionRequest.Tool tool = request.tools().get(0);
		String question = lastUserMessage(messages);
		return new Completion.ToolCall(tool.name(), tool.parameter(), question.lines().findFirst().orElse("").trim());
	}

	private static String lastUserMessage(List<Message> messages) {
		return messages.stream()
			.filter((message) -> "user".equals(message.role()))
			.reduce((first, second) -> second)
			.map(Message::content)
			.orElse("");
	}

	private String respond(CompletionRequest request) {
		List<Message> messages = request.messages();
		Message last = messages.get(messages.size() - 1);
		if ("tool".equals(last.role())) {
			return last.content();
		}
		if (request.images() > 0) {
			return SCREENSHOT_DESCRIPTION;
		}
		String instructions = messages.get(0).content();
		String question = lastUserMessage(messages);
		if (instructions.startsWith("Classify")) {
			return classify(question);
		}
		if (instructions.startsWith("Rewrite")) {
			return rewrite(messages, question);
		}
		return answer(instructions);
	}

	private static String classify(String question) {
		Set<String> stems = Words.stems(question);
		return INTENT_KEYWORDS.entrySet()
			.stream()
			.filter((intent) -> intent.getValue().stream().anyMatch(stems::contains))
			.map(Map.Entry::getKey)
			.findFirst()
			.orElse("other");
	}

	private static String rewrite(List<Message> messages, String question) {
		Set<String> words = new LinkedHashSet<>();
		if (Arrays.stream(question.toLowerCase(Locale.ROOT).split("[^a-z]+")).anyMatch(BACK_REFERENCES::contains)) {
			messages.subList(1, messages.size() - 1)
				.stream()
				.filter((message) -> "user".equals(message.role()))
				.reduce((first, second) -> second)
				.ifPresent((previous) -> words.addAll(Words.content(previous.content())));
		}
		words.addAll(Words.content(question));
		return String.join(" ", words);
	}

	private static String answer(String instructions) {
		Set<String> seen = new HashSet<>();
		List<String> cited = new ArrayList<>();
		Matcher passage = PASSAGE.matcher(instructions);
		while (passage.find() && cited.size() < 3) {
			Matcher sentence = SENTENCE.matcher(passage.group(2));
			while (sentence.find()) {
				String text = sentence.group().trim();
				if (seen.add(text)) {
					cited.add(text + " [" + passage.group(1) + "]");
					break;
				}
			}
		}
		if (cited.isEmpty()) {
			return "I could not find this in the help center, so I have asked a support agent to follow up.";
		}
		return String.join(" ", cited);
	}

	private static Map<String, List<String>> intentKeywords() {
		Map<String, List<String>> keywords = new LinkedHashMap<>();
		keywords.put("billing", List.of("char", "invo", "bill", "refu", "paym", "plan", "pric", "canc"));
		keywords.put("sharing", List.of("shar", "link", "perm", "read", "team", "invi", "acce"));
		keywords.put("sync", List.of("sync", "desk", "conf", "offl", "uplo"));
		keywords.put("security", List.of("pass", "two", "2fa", "logi", "sign", "secu", "hack"));
		return keywords;
	}

}
