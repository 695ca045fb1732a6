package io.github.lfwire.langfuse.spring.boot.autoconfigure;

import java.time.Duration;

import io.github.lfwire.langfuse.FlushResult;
import io.github.lfwire.langfuse.LangfuseClient;
import io.github.lfwire.langfuse.config.DurationFormat;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;

/**
 * Shuts the Langfuse client down, flushing what is queued within the shutdown timeout,
 * after the web server has stopped taking and finished serving requests: its phase is
 * below the web server's graceful shutdown phases.
 */
public final class LangfuseLifecycle implements SmartLifecycle {

	/**
	 * Stops after the web server (whose phases are {@code DEFAULT_PHASE - 1024} and
	 * {@code - 2048}).
	 */
	public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

	private static final Log logger = LogFactory.getLog(LangfuseLifecycle.class);

	private final ObjectProvider<LangfuseClient> client;

	private final Duration timeout;

	private volatile boolean running;

	LangfuseLifecycle(ObjectProvider<LangfuseClient> client, Duration timeout) {
		this.client = client;
		this.timeout = timeout;
	}

	@Override
	public void start() {
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
		LangfuseClient langfuse = this.client.getIfAvailable();
		if (langfuse == null || !langfuse.isEnabled()) {
			return;
		}
		FlushResult result = langfuse.shutdown(this.timeout);
		if (result.success()) {
			logger.info("Langfuse client shut down: " + result.delivered() + " span(s) and score(s) delivered to "
					+ langfuse.destination());
		}
		else {
			logger.warn(lossMessage(result, langfuse.destination(), this.timeout));
		}
	}

	static String lossMessage(FlushResult result, String destination, Duration timeout) {
		long lost = result.failed() + result.pending();
		String why = result.timedOut()
				? "still queued or being sent when the shutdown timeout of " + DurationFormat.format(timeout)
						+ " ended; raise langfuse.shutdown.timeout to wait longer"
				: "rejected by the server or out of retries; the warnings above say why";
		return "Langfuse client shut down: " + result.delivered() + " span(s) and score(s) delivered to " + destination
				+ " while shutting down, " + lost + " lost (" + why + ")";
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
