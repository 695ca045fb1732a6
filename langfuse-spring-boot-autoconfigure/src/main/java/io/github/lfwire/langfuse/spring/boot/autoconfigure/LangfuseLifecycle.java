package io.github.lfwire.langfuse.spring.boot.autoconfigure;

import java.time.Duration;

import io.github.lfwire.langfuse.LangfuseProjects;
import io.github.lfwire.langfuse.ShutdownSummary;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
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

	private final ObjectProvider<LangfuseProjects> projects;

	private final Duration timeout;

	private volatile boolean running;

	LangfuseLifecycle(ObjectProvider<LangfuseProjects> projects, Duration timeout) {
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
		LangfuseProjects all = this.projects.getIfAvailable();
		if (all != null) {
			all.shutdownWithSummaries(this.timeout)
				.forEach((id, summary) -> log(
						LangfuseProjects.DEFAULT_PROJECT.equals(id) ? "" : "Langfuse project " + id + ": ", summary));
		}
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
