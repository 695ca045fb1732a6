package io.github.lfwire.sample.chat;

import java.util.List;

/**
 * The outcome of a guardrail check.
 *
 * @param allowed whether the text may pass
 * @param findings what the check objected to, empty when allowed
 */
public record GuardrailVerdict(boolean allowed, List<String> findings) {

	static GuardrailVerdict of(List<String> findings) {
		return new GuardrailVerdict(findings.isEmpty(), List.copyOf(findings));
	}

}
