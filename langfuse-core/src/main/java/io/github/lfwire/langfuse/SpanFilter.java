package io.github.lfwire.langfuse;

import java.util.List;

import io.opentelemetry.sdk.trace.ReadableSpan;

/**
 * Decides which of the application's own OpenTelemetry spans travel to Langfuse in
 * {@link ApplicationTrace#JOIN} mode; the ancestors of a kept span are kept whatever it
 * decides, so a filtered trace is never broken.
 */
@FunctionalInterface
public interface SpanFilter {

	/**
	 * The instrumentation scopes of LLM libraries whose spans {@link #LLM} keeps, each
	 * also with its dotted children (Spring AI, LangChain4j, OpenLLMetry, OpenInference,
	 * the OpenTelemetry GenAI instrumentations and the Langfuse SDKs, whose scopes
	 * starting with {@code langfuse-sdk} are all kept).
	 */
	List<String> LLM_SCOPES = List.of("langfuse-sdk", "io.github.lfwire.langfuse", "org.springframework.ai",
			"spring-ai", "dev.langchain4j", "langchain4j", "io.opentelemetry.openai", "io.opentelemetry.genai",
			"openinference", "opentelemetry.instrumentation.openai", "opentelemetry.instrumentation.anthropic",
			"opentelemetry.instrumentation.bedrock", "opentelemetry.instrumentation.vertexai", "litellm", "traceloop");

	/**
	 * Keeps the spans of Langfuse and of the LLM scopes in {@link #LLM_SCOPES}, and spans
	 * with an attribute starting with {@code gen_ai.} or {@code langfuse.}; the default.
	 */
	SpanFilter LLM = SpanFilter::isLlmSpan;

	/** Keeps every application span. */
	SpanFilter ALL = (span) -> true;

	/** Keeps no application span: only the ancestors of Langfuse observations travel. */
	SpanFilter NONE = (span) -> false;

	/** Whether this application span goes to Langfuse; called when it ends. */
	boolean keep(ReadableSpan span);

	/** Whether a span is one {@link #LLM} keeps. */
	static boolean isLlmSpan(ReadableSpan span) {
		String scope = span.getInstrumentationScopeInfo().getName();
		if (scope.startsWith("langfuse-sdk")) {
			return true;
		}
		for (String llm : LLM_SCOPES) {
			if (scope.equals(llm) || (scope.startsWith(llm) && scope.charAt(llm.length()) == '.')) {
				return true;
			}
		}
		boolean[] llm = new boolean[1];
		span.getAttributes().forEach((key, value) -> {
			String name = key.getKey();
			llm[0] |= name.startsWith("gen_ai.") || name.startsWith("langfuse.");
		});
		return llm[0];
	}

}
