package io.github.lfwire.langfuse.prompt;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Reads and writes the JSON of the Langfuse prompts API. */
final class PromptJson {

	private final JsonMapper json = JsonMapper.builder().build();

	/**
	 * Reads a prompt as {@code GET /api/public/v2/prompts/{name}} and the creation answer
	 * it.
	 * @throws JacksonException when the body is not JSON
	 * @throws IllegalArgumentException when it is not a prompt
	 */
	@SuppressWarnings("unchecked")
	LangfusePrompt prompt(byte[] body) {
		JsonNode root = this.json.readTree(body);
		JsonNode version = root.path("version");
		if (!version.isIntegralNumber() || !root.path("name").isString()) {
			throw new IllegalArgumentException("no name or version");
		}
		JsonNode config = root.path("config");
		PromptMeta meta = new PromptMeta(root.path("name").asString(), version.asInt(), strings(root.path("labels")),
				strings(root.path("tags")),
				config.isObject() ? this.json.treeToValue(config, LinkedHashMap.class) : Map.of(), false);
		JsonNode prompt = root.path("prompt");
		if ("chat".equals(root.path("type").asString(null)) || prompt.isArray()) {
			if (!prompt.isArray()) {
				throw new IllegalArgumentException("a chat prompt without messages");
			}
			List<ChatMessage> messages = new ArrayList<>();
			for (JsonNode item : prompt) {
				if ("placeholder".equals(item.path("type").asString(null))) {
					messages.add(ChatMessage.placeholder(item.path("name").asString()));
				}
				else {
					JsonNode content = item.path("content");
					messages.add(ChatMessage.of(item.path("role").asString(),
							content.isString() ? content.asString() : content.toString()));
				}
			}
			return new ChatPrompt(meta, messages);
		}
		if (!prompt.isString()) {
			throw new IllegalArgumentException("a text prompt without text");
		}
		return new TextPrompt(meta, prompt.asString());
	}

	/** The {@code message} of an error answer, or {@code null}. */
	@Nullable String message(byte[] body) {
		try {
			JsonNode message = this.json.readTree(body).path("message");
			return message.isString() ? message.asString() : null;
		}
		catch (JacksonException ex) {
			return null;
		}
	}

	/** The body of {@code POST /api/public/v2/prompts} for a text prompt. */
	byte[] textBody(String name, String prompt, List<String> labels, Map<String, ?> config) {
		ObjectNode body = createBody(name, PromptType.TEXT, labels, config);
		body.put("prompt", prompt);
		return this.json.writeValueAsBytes(body);
	}

	/** The body of {@code POST /api/public/v2/prompts} for a chat prompt. */
	byte[] chatBody(String name, List<ChatMessage> messages, List<String> labels, Map<String, ?> config) {
		ObjectNode body = createBody(name, PromptType.CHAT, labels, config);
		ArrayNode items = body.putArray("prompt");
		for (ChatMessage message : messages) {
			if (message.isPlaceholder()) {
				items.addObject().put("type", "placeholder").put("name", message.placeholderName());
			}
			else {
				items.addObject().put("role", message.role()).put("content", message.content());
			}
		}
		return this.json.writeValueAsBytes(body);
	}

	private ObjectNode createBody(String name, PromptType type, List<String> labels, Map<String, ?> config) {
		ObjectNode body = this.json.createObjectNode();
		body.put("name", name);
		body.put("type", type.wireName());
		ArrayNode labelArray = body.putArray("labels");
		if (labels != null) {
			labels.forEach(labelArray::add);
		}
		if (config != null) {
			body.set("config", this.json.valueToTree(config));
		}
		return body;
	}

	private static List<String> strings(JsonNode array) {
		List<String> values = new ArrayList<>();
		for (JsonNode value : array) {
			if (value.isString()) {
				values.add(value.asString());
			}
		}
		return values;
	}

}
