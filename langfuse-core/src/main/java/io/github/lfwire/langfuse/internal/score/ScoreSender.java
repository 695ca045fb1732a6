package io.github.lfwire.langfuse.internal.score;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

import io.github.lfwire.langfuse.internal.export.BatchSender;
import io.github.lfwire.langfuse.internal.export.SendOutcome;
import io.github.lfwire.langfuse.internal.LangfuseHttp;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Sends scores as {@code score-create} events to Langfuse's ingestion endpoint and reads
 * the 207 answer.
 */
final class ScoreSender implements BatchSender<ScoreEvent> {

	/** The path of the ingestion endpoint, used for scores only. */
	static final String PATH = "/api/public/ingestion";

	private static final Logger logger = System.getLogger(ScoreSender.class.getName());

	private static final int LOGGED_ERRORS_PER_BATCH = 3;

	private final LangfuseHttp http;

	private final ObjectMapper mapper = JsonMapper.builder().build();

	ScoreSender(LangfuseHttp http) {
		this.http = http;
	}

	@Override
	public byte[] encode(List<ScoreEvent> batch) {
		ObjectNode root = this.mapper.createObjectNode();
		ArrayNode events = root.putArray("batch");
		for (ScoreEvent score : batch) {
			ObjectNode event = events.addObject();
			event.put("id", score.id());
			event.put("timestamp", DateTimeFormatter.ISO_INSTANT.format(score.timestamp()));
			event.put("type", "score-create");
			ObjectNode body = event.putObject("body");
			body.put("id", score.id());
			body.put("name", score.name());
			body.put("dataType", score.dataType());
			if (score.value() instanceof Double number) {
				body.put("value", number);
			}
			else if (score.value() instanceof String text) {
				body.put("value", text);
			}
			putIfPresent(body, "traceId", score.traceId());
			putIfPresent(body, "observationId", score.observationId());
			putIfPresent(body, "sessionId", score.sessionId());
			putIfPresent(body, "datasetRunId", score.datasetRunId());
			putIfPresent(body, "comment", score.comment());
			putIfPresent(body, "environment", score.environment());
			if (score.metadata() != null) {
				try {
					body.set("metadata", this.mapper.valueToTree(score.metadata()));
				}
				catch (RuntimeException ex) {
					body.put("metadata", "<unserializable metadata: " + ex.getClass().getSimpleName() + ">");
				}
			}
		}
		return this.mapper.writeValueAsBytes(root);
	}

	private static void putIfPresent(ObjectNode node, String field, String value) {
		if (value != null) {
			node.put(field, value);
		}
	}

	@Override
	public SendOutcome send(byte[] body) throws IOException, InterruptedException {
		LangfuseHttp.Response response = this.http.post(PATH, "application/json", body, Map.of());
		int rejected = 0;
		if (response.status() == 207 || response.status() == 200) {
			rejected = countErrors(response.body());
		}
		return SendOutcome.ofStatus(response.status(), response.retryAfter(), rejected);
	}

	/** Posts an ingestion batch without events. */
	@Override
	public boolean probe() throws IOException, InterruptedException {
		return BatchSender.sendsEmptyBatch(this, encode(List.of()));
	}

	private int countErrors(byte[] body) {
		JsonNode errors;
		try {
			errors = this.mapper.readTree(body).path("errors");
		}
		catch (JacksonException ex) {
			logger.log(Level.WARNING, "Langfuse answered the score batch with a body that is not JSON; "
					+ "delivery of its scores is unconfirmed");
			return 0;
		}
		if (!errors.isArray()) {
			return 0;
		}
		int logged = 0;
		for (JsonNode error : errors) {
			if (logged++ < LOGGED_ERRORS_PER_BATCH) {
				logger.log(Level.WARNING, "Langfuse rejected score event " + error.path("id").asString("?") + ": "
						+ error.path("status").asString("?") + " " + error.path("message").asString(""));
			}
		}
		return errors.size();
	}

}
