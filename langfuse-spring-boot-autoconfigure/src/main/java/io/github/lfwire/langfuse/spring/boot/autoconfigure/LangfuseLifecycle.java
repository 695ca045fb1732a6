package io.github.lfwire.langfuse.spring.boot.autoconfigure;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import io.github.lfwire.langfuse.LangfuseClient;
import io.github.lfwire.langfuse.LangfuseProjects;
import io.github.lfwire.langfuse.ShutdownSummary;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;

/**
 * Shuts the Langfuse client of every project down, flushing what is queued within the
 * shutdown timeout (the projects at the same time), after the web server has stopped
 * taking and finished serving requests (its phase is below the web server's graceful
 * shutdown phases), and logs through Spring's logging, before Spring Boot stops it, one
 * line per kind (spans, scores, media) and project accounting for every item since the
 * start: delivered, dropped by reason, lost at shutdown; a further project's lines start
 * with its id.
 */
public final class LangfuseLifecycle implements SmartLifecycle {

	/**
	 * Stops after the web server (whose phases are {@code DEFAULT_PHASE - 1024} and
	 * {@code - 2048}).
	 */
	public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

	private static final Log logger = LogFactory.getLog(LangfuseLifecycle.class);

	private final Supplier<@Nullable LangfuseProjects> projects;

	private final Duration timeout;

	private volatile boolean running;

	LangfuseLifecycle(Supplier<@Nullable LangfuseProjects> projects, Duration timeout) {
		this.projects = projects;
		this.timeout = timeout;
	}

	@Override
	public void start() {
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
		LangfuseProjects all = this.projects.get();
		if (all == null) {
			return;
		}
		Map<String, CompletableFuture<ShutdownSummary>> further = new LinkedHashMap<>();
		all.clients().forEach((id, client) -> {
			if (client != all.defaultClient() && client.isEnabled()) {
				further.put(id, shutdown(id, client));
			}
		});
		LangfuseClient langfuse = all.defaultClient();
		if (langfuse.isEnabled()) {
			log("", langfuse.shutdownWithSummary(this.timeout));
		}
		further.forEach((id, shutdown) -> log("Langfuse project " + id + ": ", shutdown.join()));
	}

	/**
	 * Shuts a further project's client down on its own thread, so that all projects wait
	 * at most the one timeout together, the default project's on the calling thread.
	 */
	private CompletableFuture<ShutdownSummary> shutdown(String id, LangfuseClient client) {
		CompletableFuture<ShutdownSummary> summary = new CompletableFuture<>();
		Thread thread = new Thread(() -> {
			try {
				summary.complete(client.shutdownWithSummary(this.timeout));
			}
			catch (RuntimeException ex) {
				logger.warn("Langfuse project " + id + " did not shut down cleanly", ex);
				summary.complete(ShutdownSummary.NONE);
			}
		}, "langfuse-shutdown-" + id);
		thread.setDaemon(true);
		thread.start();
		return summary;
	}

	private static void log(String prefix, ShutdownSummary summary) {
		for (ShutdownSummary.Kind kind : summary.kinds()) {
			if (kind.lossless()) {
				logger.info(prefix + kind.message());
			}
			else {
				logger.warn(prefix + lossMessage(kind));
			}
		}
	}

	/**
	 * The line of a kind that lost items, with what to change: the warnings logged when
	 * items were dropped say why, a shutdown that ended with items queued calls for a
	 * longer {@code langfuse.shutdown.timeout}.
	 */
	static String lossMessage(ShutdownSummary.Kind kind) {
		return kind.message()
				+ ((kind.lostAtShutdown() > 0) ? "; raise langfuse.shutdown.timeout to wait longer at shutdown" : "");
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

}
