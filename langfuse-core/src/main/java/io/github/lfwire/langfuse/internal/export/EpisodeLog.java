package io.github.lfwire.langfuse.internal.export;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;

/**
 * Logs the first failure of an outage, the first items it drops, and its recovery with
 * what it cost, not every failed attempt or drop.
 */
final class EpisodeLog {

	private final Logger logger;

	private boolean failing;

	private long failures;

	private long dropped;

	private boolean dropLogged;

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

	synchronized void dropped(long count, String message) {
		this.dropped += count;
		if (!this.dropLogged) {
			this.dropLogged = true;
			this.logger.log(Level.WARNING,
					message + " (further drops are counted and logged in total when an export succeeds)");
		}
	}

	synchronized void success(String what, String kind) {
		if (this.failing) {
			this.logger.log(Level.INFO, what + " recovered after " + this.failures + " failed attempt(s)"
					+ ((this.dropped > 0) ? "; " + this.dropped + " " + kind + " were dropped in the meantime" : ""));
		}
		this.failing = false;
		this.failures = 0;
		this.dropped = 0;
		this.dropLogged = false;
	}

}
