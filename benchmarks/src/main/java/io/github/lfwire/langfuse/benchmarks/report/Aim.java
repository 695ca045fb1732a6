package io.github.lfwire.langfuse.benchmarks.report;

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

	static Aim notMeasured(String description, String reason) {
		return new Aim(description, Status.NOT_MEASURED, reason);
	}

	String yesNo() {
		return switch (this.status) {
			case MET -> "yes";
			case NOT_MET -> "no";
			case NOT_MEASURED -> Units.DASH;
		};
	}

	String summaryLine() {
		return "- **" + this.status.text + "**: " + this.description + " — " + this.figure;
	}

	/** Outcome of an aim. */
	enum Status {

		MET("met"), NOT_MET("not met"), NOT_MEASURED("not measured");

		private final String text;

		Status(String text) {
			this.text = text;
		}

		String text() {
			return this.text;
		}

	}

}
