package io.github.lfwire.langfuse;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs a client's lazy setup once, on a short-lived daemon thread, so that neither the
 * startup nor the first observation pays it; a failure is logged, never thrown.
 */
final class BackgroundPreparation {

	private static final Logger logger = System.getLogger(LangfuseClient.class.getName());

	private final AtomicBoolean started = new AtomicBoolean();

	void start(Runnable setup) {
		if (!this.started.compareAndSet(false, true)) {
			return;
		}
		Thread thread = new Thread(() -> {
			try {
				setup.run();
			}
			catch (RuntimeException ex) {
				logger.log(Level.DEBUG, "Could not prepare the Langfuse client in the background", ex);
			}
		}, "langfuse-prepare");
		thread.setDaemon(true);
		thread.start();
	}

}
