package io.github.lfwire.sample.model;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Simulated network latency of the fake services. */
public final class Latency {

	private Latency() {
	}

	/** Sleeps for the given duration, keeping the interrupt flag if interrupted. */
	public static void pause(Duration duration) {
		if (duration.isZero() || duration.isNegative()) {
			return;
		}
		try {
			TimeUnit.NANOSECONDS.sleep(duration.toNanos());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
