package io.github.lfwire.langfuse.testing;

import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The rules a Langfuse server applies to OTLP spans, per span and across the spans of a
 * trace.
 */
final class SpanContract {

	static final String ENVIRONMENT = "langfuse.environment";

	private static final String OBSERVATION = "langfuse.observation.";

	private static final String TYPE = OBSERVATION + "type";

	private static final String LEVEL = OBSERVATION + "level";

	private static final String MODEL_PARAMETERS = OBSERVATION + "model.parameters";

	private static final String USAGE_DETAILS = OBSERVATION + "usage_details";

	private static final String COST_DETAILS = OBSERVATION + "cost_details";

	private static final String COMPLETION_START_TIME = OBSERVATION + "completion_start_time";

	private static final String PROMPT_NAME = OBSERVATION + "prompt.name";

	private static final String PROMPT_VERSION = OBSERVATION + "prompt.version";

	private static final String TRACE_METADATA = "langfuse.trace.metadata";

	private static final String TRACE_TAGS = "langfuse.trace.tags";

	private static final String TRACE_PUBLIC = "langfuse.trace.public";

	private static final Set<String> OBSERVATION_TYPES = Set.of("span", "generation", "event", "agent", "tool", "chain",
			"retriever", "evaluator", "embedding", "guardrail");

	private static final Set<String> LEVELS = Set.of("DEBUG", "DEFAULT", "WARNING", "ERROR");

	private static final List<String> JSON_VALUE_KEYS = List.of(OBSERVATION + "input", OBSERVATION + "output",
			"langfuse.trace.input", "langfuse.trace.output");

	private static final List<String> JSON_OBJECT_KEYS = List.of(OBSERVATION + "metadata", TRACE_METADATA,
			MODEL_PARAMETERS, USAGE_DETAILS, COST_DETAILS);

	private static final String EXPERIMENT = "langfuse.experiment.";

	private static final String EXPERIMENT_ROOT = EXPERIMENT + "item.root_observation_id";

	private static final List<String> TRACE_LEVEL_KEYS = List.of("user.id", "session.id", "langfuse.trace.name",
			TRACE_TAGS, TRACE_METADATA, "langfuse.release", "langfuse.version", ENVIRONMENT, EXPERIMENT + "id",
			EXPERIMENT + "name", EXPERIMENT + "dataset.id", EXPERIMENT + "item.id", EXPERIMENT_ROOT,
			EXPERIMENT + "metadata", EXPERIMENT + "item.metadata");

	private static final Pattern ENVIRONMENT_PATTERN = Pattern.compile("[a-z0-9_-]{1,40}");

	private SpanContract() {
	}

	static List<String> checkResource(Map<String, Object> resourceAttributes) {
		List<String> violations = new ArrayList<>();
		if (resourceAttributes.containsKey(ENVIRONMENT)) {
			String problem = environmentProblem(resourceAttributes.get(ENVIRONMENT));
			if (problem != null) {
				violations.add("resource attribute " + ENVIRONMENT + ": " + problem);
			}
		}
		return violations;
	}

	static List<String> check(ReceivedSpan span) {
		Map<String, Object> attributes = span.attributes();
		List<String> problems = new ArrayList<>();
		BiConsumer<String, String> problem = (key, text) -> problems.add(key + " " + text);
		Object type = attributes.get(TYPE);
		if (type != null && !OBSERVATION_TYPES.contains(type)) {
			problem.accept(TYPE, "is " + describe(type) + ", not one of " + new TreeSet<>(OBSERVATION_TYPES));
		}
		Object level = attributes.get(LEVEL);
		if (level != null && !LEVELS.contains(level)) {
			problem.accept(LEVEL, "is " + describe(level) + ", not one of DEBUG, DEFAULT, WARNING, ERROR");
		}
		for (String key : JSON_VALUE_KEYS) {
			json(attributes, key, problem);
		}
		for (String key : JSON_OBJECT_KEYS) {
			JsonNode object = json(attributes, key, problem);
			if (object != null && !object.isObject()) {
				problem.accept(key, "must hold a JSON object, got " + abbreviate(object.toString()));
			}
		}
		checkModelParameters(attributes, problem);
		checkUsageDetails(attributes, problem);
		checkCostDetails(attributes, problem);
		checkCompletionStartTime(attributes, problem);
		checkPrompt(attributes, type, problem);
		Object tags = attributes.get(TRACE_TAGS);
		if (tags != null && !(tags instanceof List<?> list && list.stream().allMatch(String.class::isInstance))) {
			problem.accept(TRACE_TAGS, "must be a string array attribute, got " + describe(tags));
		}
		Object isPublic = attributes.get(TRACE_PUBLIC);
		if (isPublic != null && !(isPublic instanceof Boolean)) {
			problem.accept(TRACE_PUBLIC, "must be a boolean attribute, got " + describe(isPublic));
		}
		if (attributes.containsKey(ENVIRONMENT)) {
			String environmentProblem = environmentProblem(attributes.get(ENVIRONMENT));
			if (environmentProblem != null) {
				problem.accept(ENVIRONMENT, environmentProblem);
			}
		}
		String label = label(span) + " (trace " + span.traceId() + "): ";
		return problems.stream().map((text) -> label + text).toList();
	}

	static String environmentProblem(Object environment) {
		if (!(environment instanceof String text)) {
			return "must be a string, got " + describe(environment);
		}
		if (!ENVIRONMENT_PATTERN.matcher(text).matches() || text.startsWith("langfuse")) {
			return "is " + describe(text) + "; the server turns anything but lowercase [a-z0-9-_]{1,40} "
					+ "not starting with 'langfuse' into 'default'";
		}
		return null;
	}

	static List<String> parentLinkViolations(List<ReceivedSpan> spans) {
		List<String> violations = new ArrayList<>();
		byTrace(spans).forEach((traceId, trace) -> {
			Set<String> spanIds = new LinkedHashSet<>();
			Set<String> roots = new LinkedHashSet<>();
			Set<String> appRoots = new LinkedHashSet<>();
			for (ReceivedSpan span : trace) {
				spanIds.add(span.spanId());
				if (span.isRoot()) {
					roots.add(label(span));
				}
				else if (span.isAppRoot()) {
					appRoots.add(label(span));
				}
			}
			for (ReceivedSpan span : trace) {
				if (!span.isRoot() && !span.isAppRoot() && !spanIds.contains(span.parentSpanId())) {
					violations.add("trace " + traceId + ": " + label(span) + " has parent " + span.parentSpanId()
							+ ", which was not received in this trace");
				}
			}
			if (!appRoots.isEmpty()) {
				if (!roots.isEmpty()) {
					violations.add("trace " + traceId + " mixes root spans " + roots
							+ " with roots joined to an application span " + appRoots);
				}
			}
			else if (roots.size() != 1) {
				violations.add("trace " + traceId + " has " + roots.size() + " root spans (spans without parent), "
						+ "expected exactly one" + (roots.isEmpty() ? "" : ": " + roots));
			}
		});
		return violations;
	}

	static List<String> traceAttributeViolations(List<ReceivedSpan> spans) {
		List<String> violations = new ArrayList<>();
		byTrace(spans).forEach((traceId, trace) -> {
			Set<String> keys = new LinkedHashSet<>();
			for (ReceivedSpan span : trace) {
				for (String key : span.attributes().keySet()) {
					if (TRACE_LEVEL_KEYS.contains(key) || key.startsWith(TRACE_METADATA + ".")) {
						keys.add(key);
					}
				}
				if (span.resourceAttributes().containsKey(ENVIRONMENT)) {
					keys.add(ENVIRONMENT);
				}
			}
			for (String key : keys) {
				Map<Object, List<String>> spansByValue = new LinkedHashMap<>();
				for (ReceivedSpan span : trace) {
					spansByValue.computeIfAbsent(traceLevelValue(span, key), (ignored) -> new ArrayList<>())
						.add(label(span));
				}
				if (spansByValue.size() > 1) {
					StringBuilder text = new StringBuilder(
							"trace " + traceId + ": " + key + " must be the same on every span of the trace, but is");
					spansByValue.forEach((value, labels) -> text.append(' ')
						.append((value != null) ? describe(value) : "absent")
						.append(" on ")
						.append(labels)
						.append(';'));
					violations.add(text.substring(0, text.length() - 1));
				}
			}
			experimentViolations(traceId, trace, violations);
		});
		return violations;
	}

	/**
	 * The server counts a trace as an experiment item only when its root observation id
	 * names a span of the trace, and the item id and experiment id are set.
	 */
	private static void experimentViolations(String traceId, List<ReceivedSpan> trace, List<String> violations) {
		ReceivedSpan any = trace.stream()
			.filter((span) -> span.attribute(EXPERIMENT + "id") != null)
			.findFirst()
			.orElse(null);
		if (any == null) {
			return;
		}
		String rootId = any.attribute(EXPERIMENT_ROOT);
		if (rootId == null || trace.stream().noneMatch((span) -> span.spanId().equals(rootId))) {
			violations.add("trace " + traceId + ": " + EXPERIMENT_ROOT + " is " + describe(rootId)
					+ ", not the id of a span of the trace; the server silently hides the experiment item");
		}
		if (any.attribute(EXPERIMENT + "item.id") == null) {
			violations.add("trace " + traceId + ": " + EXPERIMENT + "item.id is missing");
		}
		if (!"sdk-experiment".equals(any.attribute(ENVIRONMENT))) {
			violations.add("trace " + traceId + ": an experiment trace has environment "
					+ describe(any.attribute(ENVIRONMENT)) + ", expected 'sdk-experiment'");
		}
	}

	static Map<String, List<ReceivedSpan>> byTrace(List<ReceivedSpan> spans) {
		Map<String, List<ReceivedSpan>> traces = new LinkedHashMap<>();
		for (ReceivedSpan span : spans) {
			traces.computeIfAbsent(span.traceId(), (ignored) -> new ArrayList<>()).add(span);
		}
		return traces;
	}

	private static Object traceLevelValue(ReceivedSpan span, String key) {
		Object value = span.attributes().get(key);
		if (value == null && ENVIRONMENT.equals(key)) {
			return span.resourceAttributes().get(ENVIRONMENT);
		}
		return value;
	}

	private static JsonNode json(Map<String, Object> attributes, String key, BiConsumer<String, String> problem) {
		if (!attributes.containsKey(key)) {
			return null;
		}
		Object value = attributes.get(key);
		if (!(value instanceof String text)) {
			problem.accept(key, "must be a string attribute holding JSON, got " + describe(value));
			return null;
		}
		try {
			return JsonMapper.shared().readTree(text);
		}
		catch (JacksonException ex) {
			problem.accept(key, "must hold valid JSON, got " + describe(text));
			return null;
		}
	}

	private static JsonNode jsonObject(Map<String, Object> attributes, String key) {
		Object value = attributes.get(key);
		if (value instanceof String text) {
			try {
				JsonNode node = JsonMapper.shared().readTree(text);
				return node.isObject() ? node : null;
			}
			catch (JacksonException ex) {
				return null;
			}
		}
		return null;
	}

	private static void checkModelParameters(Map<String, Object> attributes, BiConsumer<String, String> problem) {
		JsonNode parameters = jsonObject(attributes, MODEL_PARAMETERS);
		if (parameters == null) {
			return;
		}
		for (Map.Entry<String, JsonNode> parameter : parameters.properties()) {
			JsonNode value = parameter.getValue();
			boolean allowed = value.isString() || value.isNumber() || value.isBoolean()
					|| (value.isArray() && value.values().stream().allMatch(JsonNode::isString))
					|| (value.isObject() && value.values().stream().allMatch(JsonNode::isString));
			if (!allowed) {
				problem.accept(MODEL_PARAMETERS,
						"parameter '" + parameter.getKey()
								+ "' must be a string, number, boolean, string list or string map, got "
								+ abbreviate(value.toString()));
			}
		}
	}

	private static void checkUsageDetails(Map<String, Object> attributes, BiConsumer<String, String> problem) {
		JsonNode usage = jsonObject(attributes, USAGE_DETAILS);
		if (usage == null) {
			return;
		}
		for (Map.Entry<String, JsonNode> entry : usage.properties()) {
			JsonNode value = entry.getValue();
			boolean allowed = value.isNumber() && value.canConvertToExactIntegral()
					&& value.decimalValue().signum() >= 0;
			if (!allowed) {
				problem.accept(USAGE_DETAILS,
						"'" + entry.getKey() + "' must be a non-negative integer, got " + abbreviate(value.toString()));
			}
		}
	}

	private static void checkCostDetails(Map<String, Object> attributes, BiConsumer<String, String> problem) {
		JsonNode cost = jsonObject(attributes, COST_DETAILS);
		if (cost == null) {
			return;
		}
		for (Map.Entry<String, JsonNode> entry : cost.properties()) {
			if (!entry.getValue().isNumber()) {
				problem.accept(COST_DETAILS, "'" + entry.getKey() + "' must be a number (USD), got "
						+ abbreviate(entry.getValue().toString()));
			}
		}
	}

	private static void checkCompletionStartTime(Map<String, Object> attributes, BiConsumer<String, String> problem) {
		if (!attributes.containsKey(COMPLETION_START_TIME)) {
			return;
		}
		Object value = attributes.get(COMPLETION_START_TIME);
		if (!(value instanceof String text) || !isInstantWithZone(text)) {
			problem.accept(COMPLETION_START_TIME,
					"must be an ISO-8601 instant with a zone or offset, got " + describe(value));
		}
	}

	private static void checkPrompt(Map<String, Object> attributes, Object type, BiConsumer<String, String> problem) {
		boolean hasName = attributes.containsKey(PROMPT_NAME);
		boolean hasVersion = attributes.containsKey(PROMPT_VERSION);
		if (hasName != hasVersion) {
			problem.accept(hasName ? PROMPT_NAME : PROMPT_VERSION,
					"is set without " + (hasName ? PROMPT_VERSION : PROMPT_NAME) + "; send both or neither");
		}
		if (hasName && !(attributes.get(PROMPT_NAME) instanceof String name && !name.isEmpty())) {
			problem.accept(PROMPT_NAME, "must be a non-empty string, got " + describe(attributes.get(PROMPT_NAME)));
		}
		if (hasVersion) {
			Object version = attributes.get(PROMPT_VERSION);
			boolean integer = version instanceof Long
					|| (version instanceof String text && text.matches("-?[0-9]{1,18}"));
			if (!integer) {
				problem.accept(PROMPT_VERSION, "must be an integer, got " + describe(version));
			}
		}
		if ((hasName || hasVersion) && !"generation".equals(type)) {
			problem.accept(PROMPT_NAME, "links a prompt, which the server keeps for generations only, but " + TYPE
					+ " is " + describe(type));
		}
	}

	static boolean isInstantWithZone(String text) {
		try {
			OffsetDateTime.parse(text);
			return true;
		}
		catch (DateTimeParseException ex) {
			try {
				ZonedDateTime.parse(text);
				return true;
			}
			catch (DateTimeParseException ignored) {
				return false;
			}
		}
	}

	private static String label(ReceivedSpan span) {
		return "span " + span.spanId() + " '" + span.name() + "'";
	}

	static String describe(Object value) {
		if (value == null) {
			return "null";
		}
		if (value instanceof String text) {
			return "\"" + abbreviate(text) + "\"";
		}
		String kind = (value instanceof List) ? "array" : (value instanceof Map) ? "kvlist"
				: (value instanceof byte[]) ? "bytes" : value.getClass().getSimpleName().toLowerCase(Locale.ROOT);
		return kind + " "
				+ abbreviate((value instanceof byte[] bytes) ? bytes.length + " bytes" : String.valueOf(value));
	}

	private static String abbreviate(String text) {
		return (text.length() <= 120) ? text : text.substring(0, 117) + "...";
	}

}
