package io.github.lfwire.langfuse;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

import io.github.lfwire.langfuse.config.LangfuseConfigException;

/**
 * The Langfuse projects one application sends to: a default client and further clients by
 * project id, each with its own credentials, server, queues and counters.
 * <p>
 * A trace belongs to the project whose client started its root; every observation started
 * while one of the trace's observations is current joins that trace in its project,
 * whichever client starts it, so no observation reaches another project's trace. Only the
 * default project joins the application's own traces ({@link ApplicationTrace#JOIN}); the
 * roots of other projects link to them instead, so the application spans forwarded to the
 * default project never share a trace with another project's.
 */
public final class LangfuseProjects implements AutoCloseable {

	/** The id of the default project, the one configured without a project id. */
	public static final String DEFAULT_PROJECT = "default";

	private static final Logger logger = System.getLogger(LangfuseProjects.class.getName());

	private static final Pattern PROJECT_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,62}");

	private final Map<String, LangfuseClient> clients;

	private LangfuseProjects(Map<String, LangfuseClient> clients) {
		this.clients = Collections.unmodifiableMap(new LinkedHashMap<>(clients));
	}

	/** Projects made of only the given default client. */
	public static LangfuseProjects of(LangfuseClient defaultClient) {
		return builder(defaultClient).build();
	}

	/** A builder whose default project is the given client. */
	public static Builder builder(LangfuseClient defaultClient) {
		return new Builder(Objects.requireNonNull(defaultClient, "defaultClient"));
	}

	/** The client of the default project. */
	public LangfuseClient defaultClient() {
		return this.clients.get(DEFAULT_PROJECT);
	}

	/**
	 * The client of a project; {@link #DEFAULT_PROJECT} or an empty id gives the default
	 * one.
	 * @throws LangfuseConfigException naming the id and the known ones when there is no
	 * such project
	 */
	public LangfuseClient client(String projectId) {
		LangfuseClient client = find(projectId).orElse(null);
		if (client == null) {
			throw unknownProject(projectId, this.clients.keySet());
		}
		return client;
	}

	/** The client of a project, empty when there is no such project. */
	public Optional<LangfuseClient> find(String projectId) {
		String id = (projectId == null || projectId.isEmpty()) ? DEFAULT_PROJECT : projectId;
		return Optional.ofNullable(this.clients.get(id));
	}

	/** Every client by project id, the default first, then in the order added. */
	public Map<String, LangfuseClient> clients() {
		return this.clients;
	}

	/** Starts each enabled client's setup in the background. */
	public void prepareInBackground() {
		this.clients.values().forEach(LangfuseClient::prepareInBackground);
	}

	/** Flushes every project, each waiting at most the timeout; never throws. */
	public FlushResult flush(Duration timeout) {
		FlushResult result = FlushResult.NONE;
		for (LangfuseClient client : this.clients.values()) {
			result = result.plus(client.flush(timeout));
		}
		return result;
	}

	/**
	 * Shuts every project down at the same time, so that all of them wait at most the one
	 * timeout together, and returns their summaries unlogged by project id, the default
	 * first: the default project on the calling thread, each further enabled one on a
	 * short-lived thread {@code langfuse-shutdown-<id>}.
	 */
	public Map<String, ShutdownSummary> shutdownWithSummaries(Duration timeout) {
		Map<String, CompletableFuture<ShutdownSummary>> further = new LinkedHashMap<>();
		this.clients.forEach((id, client) -> {
			if (!DEFAULT_PROJECT.equals(id)) {
				further.put(id, client.isEnabled() ? shutDownInBackground(id, client, timeout)
						: CompletableFuture.completedFuture(client.shutdownWithSummary(timeout)));
			}
		});
		Map<String, ShutdownSummary> summaries = new LinkedHashMap<>();
		summaries.put(DEFAULT_PROJECT, defaultClient().shutdownWithSummary(timeout));
		further.forEach((id, summary) -> summaries.put(id, summary.join()));
		return Collections.unmodifiableMap(summaries);
	}

	private static CompletableFuture<ShutdownSummary> shutDownInBackground(String id, LangfuseClient client,
			Duration timeout) {
		CompletableFuture<ShutdownSummary> summary = new CompletableFuture<>();
		Thread thread = new Thread(() -> {
			try {
				summary.complete(client.shutdownWithSummary(timeout));
			}
			catch (RuntimeException ex) {
				logger.log(Level.WARNING, "Langfuse project " + id + " did not shut down cleanly", ex);
				summary.complete(ShutdownSummary.NONE);
			}
		}, "langfuse-shutdown-" + id);
		thread.setDaemon(true);
		thread.start();
		return summary;
	}

	/** Shuts every project down as {@link LangfuseClient#close()} does. */
	@Override
	public void close() {
		this.clients.values().forEach(LangfuseClient::close);
	}

	@Override
	public String toString() {
		return "LangfuseProjects" + this.clients.keySet();
	}

	/** The failure for a project id that is not configured, naming the known ones. */
	public static LangfuseConfigException unknownProject(String projectId, Iterable<String> known) {
		return new LangfuseConfigException("projects." + projectId,
				"no Langfuse project '" + projectId + "' is configured (known: " + String.join(", ", known) + ")",
				"Add its keys as projects." + projectId + ".public-key and projects." + projectId
						+ ".secret-key, or name a configured project");
	}

	/** Builds {@link LangfuseProjects}. */
	public static final class Builder {

		private final Map<String, LangfuseClient> clients = new LinkedHashMap<>();

		private Builder(LangfuseClient defaultClient) {
			this.clients.put(DEFAULT_PROJECT, defaultClient);
		}

		/**
		 * Adds a project with its own client.
		 * @throws LangfuseConfigException when the id is malformed, {@code default} or
		 * already added, the client is one already added, or it joins application traces
		 */
		public Builder add(String projectId, LangfuseClient client) {
			Objects.requireNonNull(client, "client");
			checkId(projectId);
			if (client.config().tracing().applicationTrace() == ApplicationTrace.JOIN) {
				throw new LangfuseConfigException("projects." + projectId,
						"only the default project can join the application's traces",
						"Create the client of project '" + projectId + "' with applicationTrace LINK or NONE");
			}
			if (this.clients.containsValue(client)) {
				throw new LangfuseConfigException("projects." + projectId, "its client already serves another project",
						"Create one client per project");
			}
			this.clients.put(projectId, client);
			return this;
		}

		/**
		 * Adds a project whose client is created from the given settings; join mode
		 * becomes {@link ApplicationTrace#LINK}, since only the default project joins the
		 * application's traces.
		 * @throws LangfuseConfigException when the id is malformed, {@code default} or
		 * already added
		 */
		public Builder add(String projectId, LangfuseConfig config) {
			Objects.requireNonNull(config, "config");
			checkId(projectId);
			LangfuseConfig own = config;
			if (config.tracing().applicationTrace() == ApplicationTrace.JOIN) {
				own = config.toBuilder()
					.tracing(config.tracing().toBuilder().applicationTrace(ApplicationTrace.LINK).build())
					.build();
			}
			this.clients.put(projectId, LangfuseClient.create(own));
			return this;
		}

		private void checkId(String projectId) {
			String setting = "projects." + projectId;
			if (projectId == null || !PROJECT_ID.matcher(projectId).matches()) {
				throw new LangfuseConfigException(setting, "'" + projectId + "' is not a project id",
						"Use 1 to 63 letters, digits, '-' or '_', starting with a letter or digit");
			}
			if (this.clients.containsKey(projectId)) {
				throw new LangfuseConfigException(setting, "project '" + projectId + "' is configured twice",
						DEFAULT_PROJECT.equals(projectId) ? "Configure the default project without a project id"
								: "Give each project its own id");
			}
		}

		/** The projects. */
		public LangfuseProjects build() {
			return new LangfuseProjects(this.clients);
		}

	}

}
