package io.github.lfwire.sample.chat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.github.lfwire.langfuse.Observation;
import io.github.lfwire.langfuse.ObservationLevel;
import io.github.lfwire.langfuse.ObservationType;
import io.github.lfwire.langfuse.observe.Observe;

import org.springframework.stereotype.Component;

/**
 * Step 1: rejects messages that are too long or try to override the assistant's
 * instructions.
 */
@Component
public class InputGuardrail {

	private static final int MAX_LENGTH = 4000;

	private static final List<String> INJECTION_PHRASES = List.of("ignore previous instructions", "ignore all previous",
			"disregard your instructions", "reveal your system prompt", "you are now");

	@Observe(type = ObservationType.GUARDRAIL)
	public GuardrailVerdict check(String message) {
		List<String> findings = new ArrayList<>();
		if (message.length() > MAX_LENGTH) {
			findings.add("longer than " + MAX_LENGTH + " characters");
		}
		String lower = message.toLowerCase(Locale.ROOT);
		INJECTION_PHRASES.stream()
			.filter(lower::contains)
			.forEach((phrase) -> findings.add("prompt injection: \"" + phrase + "\""));
		GuardrailVerdict verdict = GuardrailVerdict.of(findings);
		if (!verdict.allowed()) {
			Observation.current().level(ObservationLevel.WARNING).statusMessage(String.join("; ", findings));
		}
		return verdict;
	}

}
