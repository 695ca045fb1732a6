package io.github.lfwire.sample.chat;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import io.github.lfwire.langfuse.Observation;
import io.github.lfwire.langfuse.ObservationLevel;
import io.github.lfwire.langfuse.ObservationType;
import io.github.lfwire.langfuse.observe.Observe;

import org.springframework.stereotype.Component;

/** Step 13: stops answers that leak email addresses, card numbers or credentials. */
@Component
public class OutputGuardrail {

	private static final Pattern EMAIL = Pattern.compile("[\\w.+-]+@[\\w-]+\\.[\\w.]+");

	private static final Pattern CARD_NUMBER = Pattern.compile("\\b(?:\\d[ -]?){13,16}\\b");

	private static final Pattern CREDENTIAL = Pattern.compile("(?i)\\b(password|api key|secret)\\s*(is|:)\\s*\\S+");

	@Observe(type = ObservationType.GUARDRAIL)
	public GuardrailVerdict check(String answer) {
		List<String> findings = new ArrayList<>();
		if (EMAIL.matcher(answer).find()) {
			findings.add("email address");
		}
		if (CARD_NUMBER.matcher(answer).find()) {
			findings.add("card number");
		}
		if (CREDENTIAL.matcher(answer).find()) {
			findings.add("credential");
		}
		GuardrailVerdict verdict = GuardrailVerdict.of(findings);
		if (!verdict.allowed()) {
			Observation.current().level(ObservationLevel.WARNING).statusMessage("blocked: " + findings);
		}
		return verdict;
	}

}
