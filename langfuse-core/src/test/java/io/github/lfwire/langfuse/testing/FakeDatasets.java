package io.github.lfwire.langfuse.testing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The datasets, items, runs and run items of a {@link FakeLangfuseServer}, kept and
 * validated as a v4 server in events-only mode does (CONTRACT.md section 9).
 */
public final class FakeDatasets {

	/** The project id that {@code GET /api/public/projects} lists. */
	public static final String PROJECT_ID = "fake-project";

	private static final Pattern TRACE_ID = Pattern.compile("[0-9a-f]{32}");

	private static final Pattern SPAN_ID = Pattern.compile("[0-9a-f]{16}");

	private final JsonMapper json = JsonMapper.shared();

	private final Map<String, ObjectNode> datasets = new LinkedHashMap<>();

	private final Map<String, ObjectNode> items = new LinkedHashMap<>();

	private final List<RunItem> runItems = new ArrayList<>();

	FakeDatasets() {
	}

	/**
	 * One link of a dataset item to a trace that the server stored.
	 *
	 * @param id the link id
	 * @param datasetRunId the run id
	 * @param runName the run name
	 * @param datasetId the dataset id
	 * @param datasetItemId the item id
	 * @param traceId the trace id
	 * @param observationId the observation id
	 * @param body the request body as received
	 */
	public record RunItem(String id, String datasetRunId, String runName, String datasetId, String datasetItemId,
			String traceId, String observationId, JsonNode body) {
	}

	/**
	 * Creates a dataset as {@code POST /api/public/v2/datasets} does.
	 * @param name the name
	 * @return the dataset id
	 */
	public synchronized String create(String name) {
		Reply reply = createDataset(this.json.createObjectNode().put("name", name));
		return this.json.readTree(reply.body()).path("id").asString();
	}

	/**
	 * Adds an active item as {@code POST /api/public/dataset-items} does.
	 * @param datasetName the dataset, which must exist
	 * @param input the input
	 * @param expectedOutput the expected output, or {@code null}
	 * @return the item id
	 */
	public synchronized String addItem(String datasetName, Object input, Object expectedOutput) {
		ObjectNode body = this.json.createObjectNode().put("datasetName", datasetName);
		body.set("input", this.json.valueToTree(input));
		body.set("expectedOutput", this.json.valueToTree(expectedOutput));
		Reply reply = createItem(body);
		if (reply.status() != 200) {
			throw new IllegalArgumentException("Item not created: " + reply.body());
		}
		return this.json.readTree(reply.body()).path("id").asString();
	}

	/**
	 * Returns the stored run items in arrival order.
	 * @return a snapshot
	 */
	public synchronized List<RunItem> runItems() {
		return List.copyOf(this.runItems);
	}

	/**
	 * Returns the run id the server gives a run name of a dataset.
	 * @param datasetId the dataset id
	 * @param runName the run name
	 * @return the first 16 hex of SHA-256 of the run's key, as a v4 server in events-only
	 * mode derives it
	 */
	public static String runId(String datasetId, String runName) {
		String key = JsonMapper.shared()
			.writeValueAsString(List.of("langfuse-experiment-v1", PROJECT_ID, datasetId, runName));
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest, 0, 8);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	synchronized void clear() {
		this.datasets.clear();
		this.items.clear();
		this.runItems.clear();
	}

	synchronized Reply projects() {
		ObjectNode root = this.json.createObjectNode();
		root.putArray("data").addObject().put("id", PROJECT_ID).put("name", "Fake project");
		return new Reply(200, root.toString());
	}

	synchronized Reply createDataset(JsonNode body) {
		JsonNode name = body.path("name");
		if (!name.isString() || name.asString().isEmpty()) {
			return error(400, "name must be a non-empty string");
		}
		ObjectNode dataset = this.datasets.get(name.asString());
		String now = Instant.now().toString();
		if (dataset == null) {
			dataset = this.json.createObjectNode()
				.put("id", UUID.randomUUID().toString())
				.put("projectId", PROJECT_ID)
				.put("name", name.asString())
				.put("createdAt", now);
			dataset.putNull("description");
			dataset.putNull("metadata");
			this.datasets.put(name.asString(), dataset);
		}
		for (String field : List.of("description", "metadata", "inputSchema", "expectedOutputSchema")) {
			if (body.has(field)) {
				dataset.set(field, body.path(field).deepCopy());
			}
		}
		dataset.put("updatedAt", now);
		return new Reply(200, dataset.toString());
	}

	synchronized Reply getDataset(String name) {
		ObjectNode dataset = this.datasets.get(name);
		return (dataset != null) ? new Reply(200, dataset.toString()) : error(404, "Dataset not found: '" + name + "'");
	}

	synchronized Reply createItem(JsonNode body) {
		JsonNode datasetName = body.path("datasetName");
		if (!datasetName.isString()) {
			return error(400, "datasetName must be a string");
		}
		ObjectNode dataset = this.datasets.get(datasetName.asString());
		if (dataset == null) {
			return error(404, "Dataset not found: '" + datasetName.asString() + "'");
		}
		String status = body.path("status").asString("ACTIVE");
		if (!status.equals("ACTIVE") && !status.equals("ARCHIVED")) {
			return error(400, "status must be ACTIVE or ARCHIVED, got '" + status + "'");
		}
		String id = body.path("id").isString() ? body.path("id").asString() : UUID.randomUUID().toString();
		ObjectNode existing = this.items.get(id);
		if (existing != null && !existing.path("datasetId").asString().equals(dataset.path("id").asString())) {
			return error(400, "item " + id + " belongs to another dataset");
		}
		String now = Instant.now().toString();
		ObjectNode item = (existing != null) ? existing
				: this.json.createObjectNode().put("id", id).put("createdAt", now);
		item.put("datasetId", dataset.path("id").asString())
			.put("datasetName", datasetName.asString())
			.put("status", status)
			.put("updatedAt", now);
		for (String field : List.of("input", "expectedOutput", "metadata", "sourceTraceId", "sourceObservationId")) {
			item.set(field, body.has(field) ? body.path(field).deepCopy() : this.json.nullNode());
		}
		this.items.put(id, item);
		return new Reply(200, item.toString());
	}

	synchronized Reply listItems(Map<String, String> query, List<String> violations) {
		String datasetName = query.get("datasetName");
		int page = integer(query.get("page"), 1);
		int limit = integer(query.get("limit"), 50);
		if (page < 1 || limit < 1 || limit > 100) {
			violations.add("dataset items request: page must be >= 1 and limit 1-100, got page=" + query.get("page")
					+ " limit=" + query.get("limit"));
			return error(400, "page must be >= 1 and limit between 1 and 100");
		}
		Instant version = null;
		if (query.containsKey("version")) {
			if (datasetName == null) {
				violations.add("dataset items request: version needs datasetName");
				return error(400, "version needs datasetName");
			}
			try {
				version = Instant.parse(query.get("version"));
			}
			catch (DateTimeParseException ex) {
				violations.add(
						"dataset items request: version '" + query.get("version") + "' is not an ISO-8601 UTC instant");
				return error(400, "version must be an ISO-8601 UTC timestamp");
			}
		}
		ObjectNode dataset = (datasetName != null) ? this.datasets.get(datasetName) : null;
		if (datasetName != null && dataset == null) {
			return error(404, "Dataset not found: '" + datasetName + "'");
		}
		List<ObjectNode> active = new ArrayList<>();
		for (ObjectNode item : this.items.values()) {
			boolean inDataset = dataset == null
					|| item.path("datasetId").asString().equals(dataset.path("id").asString());
			boolean visible = version == null || !Instant.parse(item.path("createdAt").asString()).isAfter(version);
			if (inDataset && visible && "ACTIVE".equals(item.path("status").asString())) {
				active.add(item);
			}
		}
		ObjectNode root = this.json.createObjectNode();
		ArrayNode data = root.putArray("data");
		int from = Math.min((page - 1) * limit, active.size());
		active.subList(from, Math.min(from + limit, active.size())).forEach(data::add);
		root.putObject("meta")
			.put("page", page)
			.put("limit", limit)
			.put("totalItems", active.size())
			.put("totalPages", (active.size() + limit - 1) / limit);
		return new Reply(200, root.toString());
	}

	synchronized Reply createRunItem(JsonNode body, List<String> violations) {
		List<String> problems = new ArrayList<>();
		String runName = body.path("runName").asString("");
		if (runName.isEmpty()) {
			problems.add("runName must be a non-empty string");
		}
		String traceId = body.path("traceId").asString("");
		if (!TRACE_ID.matcher(traceId).matches()) {
			problems.add("traceId must be 32 lowercase hex characters, got '" + traceId + "'");
		}
		String observationId = body.path("observationId").asString("");
		if (!SPAN_ID.matcher(observationId).matches()) {
			problems.add("observationId must be the 16 lowercase hex id of the item's root observation, got '"
					+ observationId + "'");
		}
		if (body.has("datasetVersion") && !body.path("datasetVersion").isNull()) {
			try {
				Instant.parse(body.path("datasetVersion").asString(""));
			}
			catch (DateTimeParseException ex) {
				problems.add("datasetVersion must be an ISO-8601 UTC instant");
			}
		}
		String itemId = body.path("datasetItemId").asString("");
		if (itemId.isEmpty()) {
			problems.add("datasetItemId is missing");
		}
		if (!problems.isEmpty()) {
			problems.forEach((problem) -> violations.add("dataset run item request: " + problem));
			return error(400, String.join("; ", problems));
		}
		ObjectNode item = this.items.get(itemId);
		if (item == null) {
			violations.add("dataset run item request: dataset item " + itemId + " does not exist");
			return error(404, "Dataset item not found");
		}
		String datasetId = item.path("datasetId").asString();
		String runId = runId(datasetId, runName);
		String id = UUID.randomUUID().toString();
		this.runItems.add(new RunItem(id, runId, runName, datasetId, itemId, traceId, observationId, body.deepCopy()));
		String now = Instant.now().toString();
		ObjectNode answer = this.json.createObjectNode()
			.put("id", id)
			.put("datasetRunId", runId)
			.put("datasetRunName", runName)
			.put("datasetItemId", itemId)
			.put("traceId", traceId)
			.put("observationId", observationId)
			.put("createdAt", now)
			.put("updatedAt", now);
		return new Reply(200, answer.toString());
	}

	private static int integer(String value, int fallback) {
		if (value == null) {
			return fallback;
		}
		try {
			return Integer.parseInt(value);
		}
		catch (NumberFormatException ex) {
			return -1;
		}
	}

	private Reply error(int status, String message) {
		return new Reply(status,
				this.json.createObjectNode()
					.put("message", message)
					.put("error", (status == 404) ? "LangfuseNotFoundError" : "InvalidRequestError")
					.toString());
	}

	record Reply(int status, String body) {
	}

}
