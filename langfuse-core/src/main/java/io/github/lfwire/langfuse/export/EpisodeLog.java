package io.github.lfwire.langfuse.export;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;

/** Logs the first failure of an outage and its recovery, not every failed attempt. */
final class EpisodeLog {

	private final Logger logger;

	private boolean failing;

	private long failures;

	EpisodeLog(Logger logger) {
		this.logger = logger;
	}

	synchronized void failure(Level level, String message) {
		this.failures++;
		if (!this.failing) {
			this.failing = true;
			this.logger.log(level, message + " (further failures are not logged until an export succeeds)");
		}
	}

	synchronized void success(String what) {
		if (this.failing) {
			this.logger.log(Level.INFO, what + " recovered after " + this.failures + " failed attempt(s)");
		}
		this.failing = false;
		this.failures = 0;
	}

}
