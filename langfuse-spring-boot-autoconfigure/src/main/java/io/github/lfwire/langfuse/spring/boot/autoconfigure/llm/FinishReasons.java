package io.github.lfwire.langfuse.spring.boot.autoconfigure.llm;

import java.util.Locale;

import io.github.lfwire.langfuse.Observation;
import org.jspecify.annotations.Nullable;

/**
 * Records a generation's finish reason as the framework reports it
 * ({@code finish_reason}: Spring AI's {@code STOP}, LangChain4j's {@code TOOL_EXECUTION})
 * and in one vocabulary for every framework ({@code finish_reason_normalized}: OpenAI's
 * {@code stop}, {@code length}, {@code tool_calls}, {@code content_filter}, anything else
 * lower-cased).
 */
public final class FinishReasons {

	private FinishReasons() {
	}

	/**
	 * Adds both forms of the finish reason to the observation's metadata.
	 * @param observation the generation
	 * @param reported the finish reason as the framework reports it, ignored when blank
	 */
	public static void record(Observation observation, @Nullable String reported) {
		if (reported == null || reported.isBlank()) {
			return;
		}
		observation.metadata("finish_reason", reported);
		observation.metadata("finish_reason_normalized", normalized(reported));
	}

	/**
	 * The OpenAI form of a finish reason.
	 * @param reported the finish reason as a framework reports it
	 * @return {@code stop}, {@code length}, {@code tool_calls}, {@code content_filter} or
	 * the reported one lower-cased
	 */
	public static String normalized(String reported) {
		String lower = reported.strip().toLowerCase(Locale.ROOT).replace('-', '_');
		return switch (lower) {
			case "stop", "end_turn", "stop_sequence", "completed" -> "stop";
			case "length", "max_tokens", "max_output_tokens" -> "length";
			case "tool_calls", "tool_call", "tool_execution", "tool_use", "function_call" -> "tool_calls";
			case "content_filter", "safety", "content_filtered" -> "content_filter";
			default -> lower;
		};
	}

}
