package io.github.lfwire.langfuse.benchmarks.report;

import java.util.function.DoubleFunction;

/**
 * A target the benchmarks check, with the figure that decides it.
 *
 * @param description what the aim asks for
 * @param status whether it was met
 * @param figure the measured figure, or why there is none
 */
record Aim(String description, Status status, String figure) {

	static Aim of(String description, boolean met, String figure) {
		return new Aim(description, met ? Status.MET : Status.NOT_MET, figure);
	}

	/**
	 * An aim that a figure stays at or under a limit, judged with the figure's 99.9 %
	 * confidence interval: met when even the interval's high end is within the limit, not
	 * met when even its low end is over it, and within noise otherwise. Without an
	 * interval (NaN ends) the verdict is on the figure alone, and the figure says so.
	 */
	static Aim atMost(String description, double value, double low, double high, double limit, String figure,
			DoubleFunction<String> format) {
		return atMost(description, value, low, high, limit, figure, format, "99.9 % interval");
	}

	/**
	 * An aim that a figure stays at or under a limit, judged as
	 * {@link #atMost(String, double, double, double, double, String, DoubleFunction)} is
	 * with an interval of another kind, which {@code interval} names in the figure.
	 */
	static Aim atMost(String description, double value, double low, double high, double limit, String figure,
			DoubleFunction<String> format, String interval) {
		if (!Double.isFinite(low) || !Double.isFinite(high)) {
			return new Aim(description, (value <= limit) ? Status.MET : Status.NOT_MET, figure + " (no interval)");
		}
		Status status = (high <= limit) ? Status.MET : (low > limit) ? Status.NOT_MET : Status.WITHIN_NOISE;
		return new Aim(description, status,
				figure + " (" + interval + " " + format.apply(low) + " to " + format.apply(high) + ")");
	}

	static Aim notMeasured(String description, String reason) {
		return new Aim(description, Status.NOT_MEASURED, reason);
	}

	String yesNo() {
		return switch (this.status) {
			case MET -> "yes";
			case NOT_MET -> "no";
			case WITHIN_NOISE -> "within noise";
			case NOT_MEASURED -> Units.DASH;
		};
	}

	/** The aim as a line of its section: what it asks, the figure and the verdict. */
	String line() {
		return "Aim: " + this.description + ": " + this.figure + ". Met? " + yesNo();
	}

	String summaryLine() {
		return "- **" + this.status.text + "**: " + this.description + " — " + this.figure;
	}

	/** Outcome of an aim. */
	enum Status {

		MET("met"), NOT_MET("not met"), WITHIN_NOISE("within noise"), NOT_MEASURED("not measured");

		private final String text;

		Status(String text) {
			this.text = text;
		}

		String text() {
			return this.text;
		}

	}

}
