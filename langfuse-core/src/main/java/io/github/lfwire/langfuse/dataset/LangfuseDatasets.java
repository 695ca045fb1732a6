package io.github.lfwire.langfuse.dataset;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import io.github.lfwire.langfuse.LangfuseConfig;
import io.github.lfwire.langfuse.config.LangfuseConfigException;
import io.github.lfwire.langfuse.internal.RetryPolicy;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads and writes Langfuse datasets over the public REST API, and links the traces of an
 * experiment to a dataset run.
 * <p>
 * Every call waits for the server at most the request timeout per attempt and retries
 * network errors, 408, 429 and 5xx with exponential backoff, honouring
 * {@code Retry-After}; other answers fail at once with a
 * {@link LangfuseDatasetException}. Thread-safe; create one per application and share it.
 */
public final class LangfuseDatasets {

	/** How many times a failed call is retried, by default. */
	public static final int DEFAULT_MAX_RETRIES = 3;

	/** The first wait before a retry, doubled on each further one, by default. */
	public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(500);

	/** The longest wait before a retry, by default. */
	public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(8);

	/** How many items are read per page, by default, as the official SDKs do. */
	public static final int DEFAULT_PAGE_SIZE = 50;

	static final String DATASETS_PATH = "/api/public/v2/datasets";

	static final String ITEMS_PATH = "/api/public/dataset-items";

	static final String RUN_ITEMS_PATH = "/api/public/dataset-run-items";

	static final String PROJECTS_PATH = "/api/public/projects";

	private final JsonMapper json = JsonMapper.builder().build();

	private final @Nullable String unavailableReason;

	private final LangfuseConfig config;

	private final Duration timeout;

	private final int maxRetries;

	private final int pageSize;

	private final DatasetCalls calls;

	private volatile @Nullable String projectId;

	private LangfuseDatasets(Builder builder) {
		LangfuseConfig config = builder.config;
		this.unavailableReason = !config.enabled() ? "Langfuse is disabled by configuration (enabled=false)"
				: !config.hasCredentials() ? "no Langfuse credentials are set" : null;
		this.config = config;
		this.timeout = (builder.timeout != null) ? builder.timeout : config.export().timeout();
		this.maxRetries = builder.maxRetries;
		this.calls = new DatasetCalls(config, this.unavailableReason, this.timeout,
				new RetryPolicy(builder.maxRetries, builder.initialBackoff, builder.maxBackoff));
		this.pageSize = builder.pageSize;
	}

	/** Datasets reached with the server and keys of the given settings, at defaults. */
	public static LangfuseDatasets create(LangfuseConfig config) {
		return builder(config).build();
	}

	/** A builder that reaches the server with the keys of the given settings. */
	public static Builder builder(LangfuseConfig config) {
		return new Builder(Objects.requireNonNull(config, "config"));
	}

	/** Whether datasets can be reached; without keys or with Langfuse disabled, no. */
	public boolean isAvailable() {
		return this.unavailableReason == null;
	}

	/** Why datasets cannot be reached, or {@code null} when they can. */
	public @Nullable String unavailableReason() {
		return this.unavailableReason;
	}

	/** How many calls were retried so far; each retry counts once. */
	public long retries() {
		return this.calls.retries();
	}

	/**
	 * The dataset of that name.
	 * @throws LangfuseDatasetException with status 404 when there is none, or when
	 * Langfuse cannot be reached
	 */
	public Dataset get(String name) {
		Objects.requireNonNull(name, "name");
		return dataset(this.calls.call("dataset '" + name + "'", "GET", DATASETS_PATH + "/" + encode(name), null));
	}

	/**
	 * Creates a dataset, or updates the description and metadata of the one with that
	 * name.
	 */
	public Dataset create(String name, @Nullable String description, @Nullable Map<String, ?> metadata) {
		ObjectNode body = this.json.createObjectNode().put("name", Objects.requireNonNull(name, "name"));
		if (description != null) {
			body.put("description", description);
		}
		if (metadata != null) {
			body.set("metadata", this.json.valueToTree(metadata));
		}
		return dataset(this.calls.call("creating dataset '" + name + "'", "POST", DATASETS_PATH, body));
	}

	/** Creates an item, or updates the item with the same id. */
	public DatasetItem upsertItem(NewDatasetItem item) {
		ObjectNode body = this.json.createObjectNode()
			.put("datasetName", item.datasetName())
			.put("id", (item.id() != null) ? item.id() : UUID.randomUUID().toString())
			.put("status", item.archived() ? "ARCHIVED" : "ACTIVE");
		body.set("input", this.json.valueToTree(item.input()));
		if (item.expectedOutput() != null) {
			body.set("expectedOutput", this.json.valueToTree(item.expectedOutput()));
		}
		if (!item.metadata().isEmpty()) {
			body.set("metadata", this.json.valueToTree(item.metadata()));
		}
		return item(
				this.calls.call("creating an item of dataset '" + item.datasetName() + "'", "POST", ITEMS_PATH, body));
	}

	/**
	 * One page of the active items of a dataset, from 1.
	 * @param version the dataset version to read, or {@code null} for the current one
	 */
	public DatasetItemPage itemsPage(String datasetName, int page, @Nullable Instant version) {
		String path = ITEMS_PATH + "?datasetName=" + encode(datasetName) + "&page=" + page + "&limit=" + this.pageSize
				+ ((version != null) ? "&version=" + encode(version.toString()) : "");
		JsonNode root = this.calls.call("page " + page + " of dataset '" + datasetName + "'", "GET", path, null);
		List<DatasetItem> items = new ArrayList<>();
		for (JsonNode item : root.path("data")) {
			items.add(item(item));
		}
		JsonNode meta = root.path("meta");
		return new DatasetItemPage(items, meta.path("page").asInt(page), meta.path("limit").asInt(this.pageSize),
				meta.path("totalItems").asInt(items.size()), meta.path("totalPages").asInt(0));
	}

	/** Every active item of a dataset, in the server's order, read page by page. */
	public List<DatasetItem> items(String datasetName) {
		return items(datasetName, null);
	}

	/**
	 * Every active item of a dataset as it was at the given version, read page by page.
	 */
	public List<DatasetItem> items(String datasetName, @Nullable Instant version) {
		List<DatasetItem> items = new ArrayList<>();
		for (int page = 1;; page++) {
			DatasetItemPage read = itemsPage(datasetName, page, version);
			items.addAll(read.items());
			if (!read.hasNext() || read.items().isEmpty()) {
				return items;
			}
		}
	}

	/** Links a dataset item to the trace that ran it, creating the run on first use. */
	public DatasetRunItem linkRunItem(DatasetRunItemRequest request) {
		ObjectNode body = this.json.createObjectNode()
			.put("runName", request.runName())
			.put("datasetItemId", request.datasetItemId())
			.put("traceId", request.traceId())
			.put("observationId", request.observationId());
		if (request.runDescription() != null) {
			body.put("runDescription", request.runDescription());
		}
		if (!request.metadata().isEmpty()) {
			body.set("metadata", this.json.valueToTree(request.metadata()));
		}
		if (request.datasetVersion() != null) {
			body.put("datasetVersion", request.datasetVersion().toString());
		}
		JsonNode root = this.calls.call(
				"linking item " + request.datasetItemId() + " to run '" + request.runName() + "'", "POST",
				RUN_ITEMS_PATH, body);
		String runId = root.path("datasetRunId").asString(null);
		if (runId == null || runId.isEmpty()) {
			throw new LangfuseDatasetException(
					"Langfuse answered the link of item " + request.datasetItemId() + " without a datasetRunId", 200);
		}
		return new DatasetRunItem(root.path("id").asString(""), runId,
				root.path("datasetRunName").asString(request.runName()),
				root.path("datasetItemId").asString(request.datasetItemId()),
				root.path("traceId").asString(request.traceId()),
				root.path("observationId").asString(request.observationId()));
	}

	/** The id of the project the keys belong to, asked once and then remembered. */
	public String projectId() {
		String known = this.projectId;
		if (known == null) {
			JsonNode projects = this.calls.call("the project of the keys", "GET", PROJECTS_PATH, null).path("data");
			known = projects.path(0).path("id").asString(null);
			if (known == null) {
				throw new LangfuseDatasetException("Langfuse listed no project for these keys", 200);
			}
			this.projectId = known;
		}
		return known;
	}

	/**
	 * The web page of a dataset run: {@code {host}/project/{p}/datasets/{d}/runs/{r}}.
	 */
	public String datasetRunUrl(String datasetId, String datasetRunId) {
		String host = this.config.host().toString().replaceAll("/+$", "");
		return host + "/project/" + projectId() + "/datasets/" + datasetId + "/runs/" + datasetRunId;
	}

	@Override
	public String toString() {
		return "LangfuseDatasets{host=" + (isAvailable() ? this.config.host() : "none") + ", timeout=" + this.timeout
				+ ", maxRetries=" + this.maxRetries + ", pageSize=" + this.pageSize + "}";
	}

	private Dataset dataset(JsonNode node) {
		return new Dataset(node.path("id").asString(""), node.path("projectId").asString(""),
				node.path("name").asString(""), node.path("description").asString(null), map(node.path("metadata")));
	}

	private DatasetItem item(JsonNode node) {
		return new DatasetItem(node.path("id").asString(""), node.path("datasetId").asString(""),
				node.path("datasetName").asString(""), node.path("status").asString("ACTIVE"),
				value(node.path("input")), value(node.path("expectedOutput")), map(node.path("metadata")),
				node.path("sourceTraceId").asString(null), node.path("sourceObservationId").asString(null));
	}

	private @Nullable Object value(JsonNode node) {
		return (node.isMissingNode() || node.isNull()) ? null : this.json.treeToValue(node, Object.class);
	}

	@SuppressWarnings("unchecked")
	private Map<String, Object> map(JsonNode node) {
		return node.isObject() ? this.json.treeToValue(node, Map.class) : Map.of();
	}

	static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A");
	}

	/** Builds {@link LangfuseDatasets}; every setting is checked in {@link #build()}. */
	public static final class Builder {

		private final LangfuseConfig config;

		private @Nullable Duration timeout;

		private int maxRetries = DEFAULT_MAX_RETRIES;

		private Duration initialBackoff = DEFAULT_INITIAL_BACKOFF;

		private Duration maxBackoff = DEFAULT_MAX_BACKOFF;

		private int pageSize = DEFAULT_PAGE_SIZE;

		private Builder(LangfuseConfig config) {
			this.config = config;
		}

		/**
		 * The longest wait for one answer (default: the export timeout of the settings).
		 */
		public Builder timeout(Duration timeout) {
			this.timeout = timeout;
			return this;
		}

		/**
		 * How many times a call that failed with a network error, 408, 429 or 5xx is
		 * retried (default 3).
		 */
		public Builder maxRetries(int maxRetries) {
			this.maxRetries = maxRetries;
			return this;
		}

		/**
		 * The first wait before a retry, doubled on each further one (default 500 ms).
		 */
		public Builder initialBackoff(Duration initialBackoff) {
			this.initialBackoff = initialBackoff;
			return this;
		}

		/** The longest wait before a retry (default 8 s). */
		public Builder maxBackoff(Duration maxBackoff) {
			this.maxBackoff = maxBackoff;
			return this;
		}

		/** How many items are read per page, 1 to 100 (default 50). */
		public Builder pageSize(int pageSize) {
			this.pageSize = pageSize;
			return this;
		}

		/**
		 * Validates every setting and builds the datasets client.
		 * @throws LangfuseConfigException naming the first invalid setting and its fix
		 */
		public LangfuseDatasets build() {
			if (this.timeout != null && (this.timeout.isNegative() || this.timeout.isZero())) {
				throw new LangfuseConfigException("datasetTimeout", this.timeout + " is not a positive duration",
						"Use a positive duration such as 10s.");
			}
			if (this.maxRetries < 0 || this.maxRetries > 10) {
				throw new LangfuseConfigException("datasetMaxRetries", this.maxRetries + " is not between 0 and 10",
						"Use 0 to never retry, or a small count such as 3.");
			}
			if (this.initialBackoff == null || this.initialBackoff.isNegative()) {
				throw new LangfuseConfigException("datasetRetryInitialBackoff",
						this.initialBackoff + " is not a duration of zero or more", "Use a duration such as 500ms.");
			}
			if (this.maxBackoff == null || this.maxBackoff.compareTo(this.initialBackoff) < 0) {
				throw new LangfuseConfigException("datasetRetryMaxBackoff",
						this.maxBackoff + " is shorter than the initial backoff " + this.initialBackoff,
						"Use a duration at least as long as the initial backoff, such as 8s.");
			}
			if (this.pageSize < 1 || this.pageSize > 100) {
				throw new LangfuseConfigException("datasetPageSize", this.pageSize + " is not between 1 and 100",
						"Use the server's page size range, e.g. 50.");
			}
			return new LangfuseDatasets(this);
		}

	}

}
