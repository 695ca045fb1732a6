package io.github.lfwire.langfuse.spring.boot.autoconfigure.langchain4j;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.Content;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.listener.ChatModelErrorContext;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.listener.ChatModelRequestContext;
import dev.langchain4j.model.chat.listener.ChatModelResponseContext;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.TokenUsage;
import io.github.lfwire.langfuse.LangfuseClient;
import io.github.lfwire.langfuse.Observation;
import io.github.lfwire.langfuse.capture.ImmutableValues;
import io.github.lfwire.langfuse.spring.boot.autoconfigure.llm.FinishReasons;
import io.github.lfwire.langfuse.spring.boot.autoconfigure.llm.PromptCompilation;
import io.github.lfwire.langfuse.ObservationType;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * A LangChain4j {@link ChatModelListener} that records each chat request as a Langfuse
 * generation (model, parameters, usage, messages, answer, errors), a child of the current
 * observation.
 * <p>
 * Spring Boot starters for LangChain4j hand {@code ChatModelListener} beans to the models
 * they build; for a model built by hand, pass it with
 * {@code .listeners(List.of(listener))}. Tracing never throws into the application.
 */
public final class LangfuseChatModelListener implements ChatModelListener {

	private static final Log logger = LogFactory.getLog(LangfuseChatModelListener.class);

	private static final String OBSERVATION = LangfuseChatModelListener.class.getName() + ".observation";

	private final LangfuseClient client;

	/** Creates a listener that records with the given client. */
	public LangfuseChatModelListener(LangfuseClient client) {
		this.client = client;
	}

	@Override
	public void onRequest(ChatModelRequestContext requestContext) {
		try {
			if (requestContext.attributes().containsKey(OBSERVATION)) {
				return;
			}
			ChatRequest request = requestContext.chatRequest();
			String model = request.modelName();
			Observation observation = this.client.start(ObservationType.GENERATION,
					(model != null) ? "chat " + model : "chat");
			observation.detach();
			requestContext.attributes().put(OBSERVATION, observation);
			if (!observation.isRecording()) {
				return;
			}
			observation.model(model);
			Map<String, Object> parameters = parameters(request);
			if (!parameters.isEmpty()) {
				observation.modelParameters(parameters);
			}
			if (requestContext.modelProvider() != null) {
				observation.metadata("provider", requestContext.modelProvider().name().toLowerCase(Locale.ROOT));
			}
			if (this.client.config().capture().input()) {
				observation.input(messages(request.messages()));
			}
			linkPrompt(request, observation);
		}
		catch (RuntimeException | LinkageError ex) {
			logger.debug("Could not start a Langfuse generation for a LangChain4j chat request", ex);
		}
	}

	/**
	 * Links the generation to the prompt that {@link LangChain4jPrompts} made the
	 * messages of.
	 */
	private static void linkPrompt(ChatRequest request, Observation observation) {
		for (ChatMessage message : request.messages()) {
			if (message instanceof UserMessage user
					&& user.attributes().get(PromptCompilation.PROMPT_NAME) instanceof String name
					&& user.attributes().get(PromptCompilation.PROMPT_VERSION) instanceof Integer version) {
				observation.prompt(name, version);
				return;
			}
		}
	}

	@Override
	public void onResponse(ChatModelResponseContext responseContext) {
		Object stored = responseContext.attributes().remove(OBSERVATION);
		if (!(stored instanceof Observation observation)) {
			return;
		}
		try {
			ChatResponse response = responseContext.chatResponse();
			if (observation.isRecording() && response != null) {
				String requested = responseContext.chatRequest().modelName();
				if (response.modelName() != null) {
					if (requested != null && !requested.equals(response.modelName())) {
						observation.metadata("requested_model", requested);
					}
					observation.model(response.modelName());
				}
				Map<String, Long> usage = usage(response.tokenUsage());
				if (!usage.isEmpty()) {
					observation.usageDetails(usage);
				}
				if (response.finishReason() != null) {
					FinishReasons.record(observation, response.finishReason().name());
				}
				if (this.client.config().capture().output() && response.aiMessage() != null) {
					observation.output(message(response.aiMessage()));
				}
			}
		}
		catch (RuntimeException | LinkageError ex) {
			logger.debug("Could not complete a Langfuse generation for a LangChain4j chat response", ex);
		}
		finally {
			observation.end();
		}
	}

	@Override
	public void onError(ChatModelErrorContext errorContext) {
		Object stored = errorContext.attributes().remove(OBSERVATION);
		if (stored instanceof Observation observation) {
			try {
				observation.recordException(errorContext.error());
			}
			finally {
				observation.end();
			}
		}
	}

	static Map<String, Object> parameters(ChatRequest request) {
		Map<String, Object> parameters = new LinkedHashMap<>();
		putIfPresent(parameters, "temperature", request.temperature());
		putIfPresent(parameters, "max_tokens", request.maxOutputTokens());
		putIfPresent(parameters, "top_p", request.topP());
		putIfPresent(parameters, "top_k", request.topK());
		putIfPresent(parameters, "frequency_penalty", request.frequencyPenalty());
		putIfPresent(parameters, "presence_penalty", request.presencePenalty());
		if (request.stopSequences() != null && !request.stopSequences().isEmpty()) {
			parameters.put("stop", request.stopSequences());
		}
		if (request.toolSpecifications() != null && !request.toolSpecifications().isEmpty()) {
			parameters.put("tools", request.toolSpecifications().stream().map((tool) -> tool.name()).toList());
		}
		return parameters;
	}

	static Map<String, Long> usage(TokenUsage usage) {
		Map<String, Long> details = new LinkedHashMap<>();
		if (usage == null) {
			return details;
		}
		if (usage.inputTokenCount() != null) {
			details.put("input", usage.inputTokenCount().longValue());
		}
		if (usage.outputTokenCount() != null) {
			details.put("output", usage.outputTokenCount().longValue());
		}
		if (usage.totalTokenCount() != null) {
			details.put("total", usage.totalTokenCount().longValue());
		}
		return details;
	}

	static List<Map<String, Object>> messages(List<ChatMessage> messages) {
		List<Map<String, Object>> result = new ArrayList<>();
		if (messages != null) {
			for (ChatMessage message : messages) {
				result.add(message(message));
			}
		}
		return List.copyOf(result);
	}

	static Map<String, Object> message(ChatMessage message) {
		Map<String, Object> entry = new LinkedHashMap<>();
		if (message instanceof SystemMessage system) {
			entry.put("role", "system");
			entry.put("content", system.text());
		}
		else if (message instanceof UserMessage user) {
			entry.put("role", "user");
			entry.put("content", user.hasSingleText() ? user.singleText() : contents(user.contents()));
		}
		else if (message instanceof AiMessage ai) {
			entry.put("role", "assistant");
			entry.put("content", ai.text());
			if (ai.hasToolExecutionRequests()) {
				List<Map<String, Object>> calls = new ArrayList<>();
				for (ToolExecutionRequest request : ai.toolExecutionRequests()) {
					Map<String, Object> function = new LinkedHashMap<>();
					function.put("name", request.name());
					function.put("arguments", request.arguments());
					Map<String, Object> call = new LinkedHashMap<>();
					call.put("id", request.id());
					call.put("type", "function");
					call.put("function", ImmutableValues.frozenCopy(function));
					calls.add(ImmutableValues.frozenCopy(call));
				}
				entry.put("tool_calls", List.copyOf(calls));
			}
		}
		else if (message instanceof ToolExecutionResultMessage tool) {
			entry.put("role", "tool");
			entry.put("tool_call_id", tool.id());
			entry.put("name", tool.toolName());
			entry.put("content", tool.text());
		}
		else {
			entry.put("role", message.type().name().toLowerCase(Locale.ROOT));
		}
		return ImmutableValues.frozenCopy(entry);
	}

	private static List<Map<String, Object>> contents(List<Content> contents) {
		List<Map<String, Object>> parts = new ArrayList<>();
		for (Content content : contents) {
			Map<String, Object> part = new LinkedHashMap<>();
			part.put("type", content.type().name().toLowerCase(Locale.ROOT));
			if (content instanceof TextContent text) {
				part.put("text", text.text());
			}
			parts.add(ImmutableValues.frozenCopy(part));
		}
		return List.copyOf(parts);
	}

	private static void putIfPresent(Map<String, Object> map, String key, Object value) {
		if (value != null) {
			map.put(key, value);
		}
	}

	@Override
	public String toString() {
		return "LangfuseChatModelListener{client=" + this.client + "}";
	}

}
