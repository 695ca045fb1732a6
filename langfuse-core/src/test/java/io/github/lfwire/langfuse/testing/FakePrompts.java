package io.github.lfwire.langfuse.testing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The prompts of a {@link FakeLangfuseServer}: versions, labels and tags kept and
 * validated as the Langfuse server does (CONTRACT.md section 6).
 */
public final class FakePrompts {

	private static final Pattern LABEL = Pattern.compile("[a-z0-9_\\-.]+");

	private static final Pattern PLACEHOLDER_NAME = Pattern.compile("[a-zA-Z][a-zA-Z0-9_]*");

	private static final Pattern VARIABLE = Pattern.compile("\\{\\{\\s*(\\p{L}[\\p{L}\\p{N}_]*)\\s*}}");

	private static final Set<String> RESERVED_NAMES = Set.of("new", "metrics", "prompt-detail");

	private final JsonMapper json = JsonMapper.shared();

	private final Map<String, TreeMap<Integer, ObjectNode>> prompts = new TreeMap<>();

	FakePrompts() {
	}

	/**
	 * Creates a version of a text prompt as {@code POST /api/public/v2/prompts} does.
	 * @param name the prompt name
	 * @param text the template
	 * @param labels the labels of the new version
	 * @return the new version
	 */
	public int createText(String name, String text, String... labels) {
		ObjectNode body = this.json.createObjectNode().put("name", name).put("type", "text").put("prompt", text);
		body.set("labels", this.json.valueToTree(List.of(labels)));
		return created(create(body));
	}

	/**
	 * Creates a version of a chat prompt as {@code POST /api/public/v2/prompts} does.
	 * @param name the prompt name
	 * @param messages the messages: {@code {role, content}} or {@code {type:
	 * "placeholder", name}}
	 * @param labels the labels of the new version
	 * @return the new version
	 */
	public int createChat(String name, List<Map<String, String>> messages, String... labels) {
		ObjectNode body = this.json.createObjectNode().put("name", name).put("type", "chat");
		body.set("prompt", this.json.valueToTree(messages));
		body.set("labels", this.json.valueToTree(List.of(labels)));
		return created(create(body));
	}

	/**
	 * Returns the labels of one version.
	 * @param name the prompt name
	 * @param version the version
	 * @return the labels, empty when there is no such version
	 */
	public synchronized List<String> labels(String name, int version) {
		ObjectNode stored = this.prompts.getOrDefault(name, new TreeMap<>()).get(version);
		return (stored != null) ? strings(stored.path("labels")) : List.of();
	}

	synchronized void clear() {
		this.prompts.clear();
	}

	synchronized Reply get(String name, String label, String version) {
		if (label != null && version != null) {
			return error(400, "Cannot specify both version and label", "InvalidRequestError");
		}
		TreeMap<Integer, ObjectNode> versions = this.prompts.getOrDefault(name, new TreeMap<>());
		if (version != null) {
			int number;
			try {
				number = Integer.parseInt(version);
			}
			catch (NumberFormatException ex) {
				return error(400, "version must be an integer, got '" + version + "'", "InvalidRequestError");
			}
			ObjectNode found = versions.get(number);
			return (found != null) ? new Reply(200, found.toString())
					: error(404, "Prompt not found: '" + name + "' with version " + number, "LangfuseNotFoundError");
		}
		String wanted = (label != null) ? label : "production";
		for (ObjectNode stored : versions.values()) {
			if (strings(stored.path("labels")).contains(wanted)) {
				return new Reply(200, stored.toString());
			}
		}
		return error(404, "Prompt not found: '" + name + "' with label '" + wanted + "'", "LangfuseNotFoundError");
	}

	synchronized Reply create(JsonNode body) {
		String problem = invalid(body);
		if (problem != null) {
			return error(400, problem, "InvalidRequestError");
		}
		String name = body.path("name").asString();
		String type = body.path("type").asString("text");
		TreeMap<Integer, ObjectNode> versions = this.prompts.computeIfAbsent(name, (key) -> new TreeMap<>());
		if (!versions.isEmpty() && !versions.lastEntry().getValue().path("type").asString().equals(type)) {
			return error(400,
					"Previous versions of prompt '" + name + "' are of type "
							+ versions.lastEntry().getValue().path("type").asString() + ", not " + type,
					"InvalidRequestError");
		}
		Set<String> labels = new LinkedHashSet<>(strings(body.path("labels")));
		labels.add("latest");
		for (ObjectNode older : versions.values()) {
			List<String> kept = new ArrayList<>(strings(older.path("labels")));
			kept.removeAll(labels);
			older.set("labels", this.json.valueToTree(kept));
			older.put("isActive", kept.contains("production"));
		}
		int version = versions.isEmpty() ? 1 : versions.lastKey() + 1;
		String now = Instant.now().toString();
		ObjectNode stored = this.json.createObjectNode()
			.put("id", UUID.randomUUID().toString())
			.put("createdAt", now)
			.put("updatedAt", now)
			.put("projectId", "fake-project")
			.put("createdBy", "API")
			.put("name", name)
			.put("version", version)
			.put("type", type);
		stored.set("prompt", body.path("prompt").deepCopy());
		stored.set("config",
				body.path("config").isObject() ? body.path("config").deepCopy() : this.json.createObjectNode());
		stored.set("labels", this.json.valueToTree(List.copyOf(labels)));
		JsonNode tags = body.path("tags").isArray() ? body.path("tags")
				: (versions.isEmpty() ? this.json.createArrayNode() : versions.lastEntry().getValue().path("tags"));
		for (ObjectNode older : versions.values()) {
			older.set("tags", tags.deepCopy());
		}
		stored.set("tags", tags.deepCopy());
		stored.set("commitMessage",
				body.path("commitMessage").isString() ? body.path("commitMessage").deepCopy() : this.json.nullNode());
		stored.putNull("resolutionGraph");
		stored.put("isActive", labels.contains("production"));
		versions.put(version, stored);
		return new Reply(201, stored.toString());
	}

	private String invalid(JsonNode body) {
		JsonNode name = body.path("name");
		if (!name.isString() || name.asString().isEmpty()) {
			return "name must be a non-empty string";
		}
		String text = name.asString();
		if (text.contains("|") || text.startsWith("/") || text.endsWith("/") || text.contains("//")
				|| RESERVED_NAMES.contains(text)) {
			return "name '" + text + "' is not allowed";
		}
		String type = body.path("type").asString("text");
		if (!type.equals("text") && !type.equals("chat")) {
			return "type must be text or chat";
		}
		for (String label : strings(body.path("labels"))) {
			if (label.length() > 36 || !LABEL.matcher(label).matches()) {
				return "label '" + label + "' must match ^[a-z0-9_\\-.]+$ with at most 36 characters";
			}
		}
		if (body.path("commitMessage").isString() && body.path("commitMessage").asString().length() > 500) {
			return "commitMessage is longer than 500 characters";
		}
		JsonNode prompt = body.path("prompt");
		if (type.equals("text")) {
			return prompt.isString() ? null : "a text prompt must be a string";
		}
		if (!prompt.isArray()) {
			return "a chat prompt must be an array of messages";
		}
		Set<String> variables = new LinkedHashSet<>();
		Set<String> placeholders = new LinkedHashSet<>();
		for (JsonNode item : prompt) {
			if ("placeholder".equals(item.path("type").asString(null))) {
				if (!PLACEHOLDER_NAME.matcher(item.path("name").asString("")).matches()) {
					return "placeholder name '" + item.path("name").asString("") + "' is not allowed";
				}
				placeholders.add(item.path("name").asString());
			}
			else if (item.path("role").isString() && item.path("content").isString()) {
				Matcher matcher = VARIABLE.matcher(item.path("content").asString());
				while (matcher.find()) {
					variables.add(matcher.group(1));
				}
			}
			else {
				return "a chat message must have a string role and content, or be a placeholder";
			}
		}
		variables.retainAll(placeholders);
		return variables.isEmpty() ? null : "variables and placeholders share the names " + variables;
	}

	private static int created(Reply reply) {
		if (reply.status() != 201) {
			throw new IllegalArgumentException("Prompt not created: " + reply.body());
		}
		return JsonMapper.shared().readTree(reply.body()).path("version").asInt();
	}

	private Reply error(int status, String message, String error) {
		return new Reply(status, this.json.createObjectNode().put("message", message).put("error", error).toString());
	}

	private static List<String> strings(JsonNode array) {
		List<String> values = new ArrayList<>();
		if (array instanceof ArrayNode) {
			array.forEach((value) -> values.add(value.asString()));
		}
		return values;
	}

	record Reply(int status, String body) {
	}

}
