package io.github.lfwire.langfuse;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import io.github.lfwire.langfuse.internal.LangfuseHttp;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.ObjectMapper;

/**
 * Learns the id of the project the keys belong to, once and on a thread of its own, so
 * that trace URLs can be given without the caller ever waiting for the server; until it
 * is known, a trace has no URL rather than a wrong one.
 */
final class ProjectLookup {

	static final Duration RETRY_INTERVAL = Duration.ofSeconds(30);

	private static final Logger logger = System.getLogger(LangfuseClient.class.getName());

	private static final String PROJECTS_PATH = "/api/public/projects";

	private final LangfuseHttp http;

	private final Supplier<ObjectMapper> mapper;

	private final Duration timeout;

	private final LongSupplier nanoTime;

	private final String host;

	private final AtomicBoolean running = new AtomicBoolean();

	private volatile @Nullable String projectId;

	private volatile long nextAttemptNanos;

	ProjectLookup(LangfuseHttp http, Supplier<ObjectMapper> mapper, Duration timeout, LongSupplier nanoTime) {
		this.http = http;
		this.mapper = mapper;
		this.timeout = timeout;
		this.nanoTime = nanoTime;
		this.host = http.host().toString().replaceAll("/+$", "");
		this.nextAttemptNanos = nanoTime.getAsLong();
	}

	/**
	 * The trace's page in Langfuse, {@code {host}/project/{projectId}/traces/{traceId}};
	 * empty while the project id is not known, which starts its lookup.
	 */
	Optional<String> traceUrl(String traceId) {
		String known = this.projectId;
		if (known == null) {
			start();
			return Optional.empty();
		}
		return Optional.of(this.host + "/project/" + known + "/traces/" + traceId);
	}

	/**
	 * Starts the lookup on a daemon thread unless it is known, running, or failed less
	 * than {@link #RETRY_INTERVAL} ago.
	 */
	void start() {
		if (this.projectId != null || this.nanoTime.getAsLong() - this.nextAttemptNanos < 0
				|| !this.running.compareAndSet(false, true)) {
			return;
		}
		Thread thread = new Thread(this::lookUp, "langfuse-project-lookup");
		thread.setDaemon(true);
		thread.start();
	}

	private void lookUp() {
		try {
			LangfuseHttp.Response response = this.http.getAuthenticated(PROJECTS_PATH, this.timeout);
			String id = (response.status() == 200)
					? this.mapper.get().readTree(response.body()).path("data").path(0).path("id").asString(null) : null;
			if (id == null || id.isBlank()) {
				failed("HTTP " + response.status() + ((response.status() == 200) ? " without a project" : ""));
			}
			else {
				this.projectId = id;
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			failed("interrupted");
		}
		catch (Exception ex) {
			failed(ex.getClass().getSimpleName() + ": " + ex.getMessage());
		}
		finally {
			this.running.set(false);
		}
	}

	private void failed(String reason) {
		this.nextAttemptNanos = this.nanoTime.getAsLong() + RETRY_INTERVAL.toNanos();
		logger.log(Level.DEBUG, "Langfuse project id not known yet (" + reason + "); trace URLs stay absent until "
				+ "it is, asked again in " + RETRY_INTERVAL.toSeconds() + "s");
	}

}
