package io.github.lfwire.sample.model;

import java.time.Duration;
import java.time.Instant;
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

import org.springframework.stereotype.Component;

/**
 * A deterministic stand-in for a chat completion API: it classifies when the system message starts with
 * "Classify", rewrites when it starts with "Rewrite", and otherwise answers from the {@code [id] Title} passages of
 * the system message.
 */
@Component
public class FakeChatModel {

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
		Duration firstTokenDelay = this.settings.latency().dividedBy(3);
		Latency.pause(firstTokenDelay);
		Instant firstTokenAt = Instant.now();
		String text = respond(request.messages());
		Latency.pause(this.settings.latency().minus(firstTokenDelay));
		long inputTokens = request.messages().stream().mapToLong((message) -> Words.tokens(message.content())).sum();
		long outputTokens = Math.min(Words.tokens(text), request.maxTokens());
		return new Completion(text, this.settings.name(), inputTokens, outputTokens,
				usd(inputTokens, this.settings.inputPrice()), usd(outputTokens, this.settings.outputPrice()),
				firstTokenAt);
	}

	static double usd(long tokens, double pricePerMillion) {
		return tokens * pricePerMillion / 1_000_000;
	}

	private String respond(List<Message> messages) {
		String instructions = messages.get(0).content();
		String question = messages.get(messages.size() - 1).content();
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
