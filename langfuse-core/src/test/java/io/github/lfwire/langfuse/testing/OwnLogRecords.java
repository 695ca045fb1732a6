package io.github.lfwire.langfuse.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;

/**
 * A {@code java.util.logging} handler that keeps only the records published by threads of
 * an {@link OwnThreads}, so that a test reads what its own code logged, not what clients
 * other tests left running log meanwhile on the same, JVM-wide loggers.
 */
public final class OwnLogRecords extends Handler {

	private final OwnThreads threads;

	private final List<LogRecord> records = new CopyOnWriteArrayList<>();

	public OwnLogRecords(OwnThreads threads) {
		this.threads = threads;
	}

	@Override
	public void publish(LogRecord record) {
		if (this.threads.includes(Thread.currentThread())) {
			this.records.add(record);
		}
	}

	/** The records kept so far, oldest first. */
	public List<LogRecord> records() {
		return List.copyOf(this.records);
	}

	/** The records kept so far at the level or above. */
	public List<LogRecord> atLeast(Level level) {
		return this.records.stream().filter((record) -> record.getLevel().intValue() >= level.intValue()).toList();
	}

	/** Forgets the records kept so far. */
	public void clear() {
		this.records.clear();
	}

	@Override
	public void flush() {
	}

	@Override
	public void close() {
	}

}
