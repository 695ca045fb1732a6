package io.github.lfwire.langfuse.testing;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import tools.jackson.databind.JsonNode;

/** The rules a Langfuse v4 server applies to one event of an ingestion batch. */
final class ScoreContract {

	static final String OPENAPI_RESOURCE = "contract/langfuse-openapi.yml";

	static final String SCORE_CREATE = "score-create";

	static final String INVALID_REQUEST_DATA = "Invalid request data";

	static final String EVENT_TYPE_NOT_ACCEPTED = "Event type not accepted";

	private static final Pattern TIMESTAMP = Pattern
		.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?(Z|[+-]\\d{2}:\\d{2})");

	private ScoreContract() {
	}

	/**
	 * What the server does with one event.
	 *
	 * @param eventId the envelope id, or {@code null} when it has none
	 * @param status 201 when acknowledged, 400 when rejected
	 * @param message the error message of a rejected event
	 * @param error the error details of a rejected event
	 * @param store whether the score is stored
	 * @param violations what the client did wrong
	 */
	record Verdict(String eventId, int status, String message, String error, boolean store, List<String> violations) {
	}

	static Verdict check(JsonNode event) {
		String eventId = event.path("id").isString() ? event.path("id").stringValue() : null;
		String label = "ingestion event " + ((eventId != null) ? "'" + eventId + "'" : "without id") + ": ";
		if (!event.isObject()) {
			return rejected(eventId, INVALID_REQUEST_DATA, List.of("event must be a JSON object"), label);
		}
		JsonNode type = event.path("type");
		if (type.isString() && !SCORE_CREATE.equals(type.stringValue())) {
			String error = "Event type '" + type.stringValue() + "' is not accepted by a v4 server; only "
					+ SCORE_CREATE + " is (send traces and observations over OTLP)";
			return new Verdict(eventId, 400, EVENT_TYPE_NOT_ACCEPTED, error, false, List.of(label + error));
		}
		List<String> problems = new ArrayList<>();
		Schemas.SCORE_CREATE_EVENT.validate(event).forEach((error) -> problems.add("schema: " + error));
		checkEnvelope(event, problems);
		JsonNode body = event.path("body");
		if (body.isObject()) {
			checkBody(body, problems);
		}
		if (!problems.isEmpty()) {
			return rejected(eventId, INVALID_REQUEST_DATA, problems, label);
		}
		JsonNode scoreId = body.path("id");
		if (!scoreId.isString() || scoreId.stringValue().isEmpty()) {
			return new Verdict(eventId, 201, null, null, false, List.of(label
					+ "body.id is missing: the server acknowledges the event with 201 but silently drops the score"));
		}
		return new Verdict(eventId, 201, null, null, true, List.of());
	}

	static void load() {
		Schemas.SCORE_CREATE_EVENT.getSchemaNode();
	}

	private static Verdict rejected(String eventId, String message, List<String> problems, String label) {
		String error = String.join("; ", problems);
		return new Verdict(eventId, 400, message, error, false, List.of(label + message + ": " + error));
	}

	private static void checkEnvelope(JsonNode event, List<String> problems) {
		JsonNode id = event.path("id");
		if (id.isString() && (id.stringValue().isEmpty() || id.stringValue().length() > 800)) {
			problems.add("id must be 1-800 characters, got " + id.stringValue().length());
		}
		JsonNode timestamp = event.path("timestamp");
		if (timestamp.isString() && !isTimestamp(timestamp.stringValue())) {
			problems.add("timestamp must be ISO-8601 with seconds and Z or an offset, got '" + timestamp.stringValue()
					+ "'");
		}
	}

	private static void checkBody(JsonNode body, List<String> problems) {
		JsonNode name = body.path("name");
		if (name.isString() && name.stringValue().isEmpty()) {
			problems.add("body.name must not be empty");
		}
		int targets = 0;
		for (String target : List.of("traceId", "sessionId", "datasetRunId")) {
			if (isPresent(body.path(target))) {
				targets++;
			}
		}
		if (targets != 1) {
			problems.add("body must have exactly one of traceId, sessionId, datasetRunId, got " + targets);
		}
		if (isPresent(body.path("observationId")) && !isPresent(body.path("traceId"))) {
			problems.add("body.observationId is only allowed together with body.traceId");
		}
		JsonNode environment = body.path("environment");
		if (environment.isString()) {
			String problem = SpanContract.environmentProblem(environment.stringValue());
			if (problem != null) {
				problems.add("body.environment " + problem);
			}
		}
		JsonNode dataType = body.path("dataType");
		if (dataType.isString()) {
			checkValue(dataType.stringValue(), body.path("value"), problems);
		}
	}

	private static void checkValue(String dataType, JsonNode value, List<String> problems) {
		switch (dataType) {
			case "NUMERIC" -> {
				if (!value.isNumber()) {
					problems.add("body.value of a NUMERIC score must be a number, got " + value);
				}
			}
			case "BOOLEAN" -> {
				if (!value.isNumber() || (value.decimalValue().compareTo(BigDecimal.ZERO) != 0
						&& value.decimalValue().compareTo(BigDecimal.ONE) != 0)) {
					problems.add("body.value of a BOOLEAN score must be the number 0 or 1, got " + value);
				}
			}
			case "CATEGORICAL" -> {
				if (!value.isString()) {
					problems.add("body.value of a CATEGORICAL score must be a string, got " + value);
				}
			}
			case "TEXT" -> {
				if (!value.isString() || value.stringValue().isEmpty() || value.stringValue().length() > 500) {
					problems.add("body.value of a TEXT score must be a string of 1-500 characters, got "
							+ (value.isString() ? value.stringValue().length() + " characters" : value.toString()));
				}
			}
			default -> {
			}
		}
	}

	private static boolean isPresent(JsonNode node) {
		return !node.isMissingNode() && !node.isNull();
	}

	private static boolean isTimestamp(String text) {
		if (!TIMESTAMP.matcher(text).matches()) {
			return false;
		}
		try {
			OffsetDateTime.parse(text);
			return true;
		}
		catch (DateTimeParseException ex) {
			return false;
		}
	}

	private static final class Schemas {

		static final Schema SCORE_CREATE_EVENT = loadScoreCreateEvent();

		private static Schema loadScoreCreateEvent() {
			if (ScoreContract.class.getClassLoader().getResource(OPENAPI_RESOURCE) == null) {
				throw new IllegalStateException("The Langfuse OpenAPI file /" + OPENAPI_RESOURCE
						+ " is not on the classpath; it ships in langfuse-core's test resources");
			}
			String document = "classpath:" + OPENAPI_RESOURCE + "#/components/schemas/IngestionEvent";
			SchemaRegistry registry = SchemaRegistry.withDialect(Dialects.getOpenApi30());
			JsonNode variants = registry.getSchema(SchemaLocation.of(document)).getSchemaNode().path("oneOf");
			for (int i = 0; i < variants.size(); i++) {
				for (JsonNode part : variants.get(i).path("allOf")) {
					for (JsonNode type : part.path("properties").path("type").path("enum")) {
						if (SCORE_CREATE.equals(type.asString())) {
							Schema schema = registry.getSchema(SchemaLocation.of(document + "/oneOf/" + i));
							schema.initializeValidators();
							return schema;
						}
					}
				}
			}
			throw new IllegalStateException("IngestionEvent in /" + OPENAPI_RESOURCE + " has no score-create variant");
		}

	}

}
