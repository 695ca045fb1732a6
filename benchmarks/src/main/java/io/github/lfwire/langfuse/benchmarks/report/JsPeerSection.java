package io.github.lfwire.langfuse.benchmarks.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The report's section on the official Langfuse JS SDK run by {@code js-peer/bench.mjs}
 * on the payloads of the Basics group's {@code @Observe} map rows, side by side with
 * those rows from the same run, and its aim.
 */
final class JsPeerSection {

	static final String TITLE = "The Langfuse JS SDK on the same payloads";

	/** The benchmark name of the script's lines in the extras. */
	static final String BENCHMARK = "js-peer.observeMap";

	/** The Basics row that captures the 51 KB map. */
	static final String LARGE_MAP_ROW = "observeMapOver50KB";

	/** Which Basics row each Basics row is compared with. */
	static final UnaryOperator<String> BASICS_RULE = (method) -> switch (method) {
		case "observeMap" -> "baselineMap";
		case LARGE_MAP_ROW -> "baselineMapOver50KB";
		case "baselineMap", "baselineMapOver50KB" -> null;
		default -> "baseline";
	};

	private static final double JS_RATIO_AIM = 0.5;

	/** The script's payloads in report order, with the Basics row that captures each. */
	private static final List<Payload> PAYLOADS = List.of(new Payload("small", "526 B map", "observeMap"),
			new Payload("over50KB", "51 KB map", LARGE_MAP_ROW));

	private final List<JmhRow> basics;

	private final Extras extras;

	private final List<Aim> aims = new ArrayList<>();

	JsPeerSection(List<JmhRow> basics, Extras extras) {
		this.basics = basics;
		this.extras = extras;
	}

	List<Aim> aims() {
		return this.aims;
	}

	String render() {
		Extras.Entry notRun = this.extras.entry(BENCHMARK, Map.of());
		List<Extras.Entry> measured = PAYLOADS.stream()
			.map((payload) -> this.extras.entry(BENCHMARK, Map.of("payload", payload.name())))
			.toList();
		Aim aim = ratioAim(measured.get(1));
		this.aims.add(aim);
		if (measured.stream().allMatch((entry) -> entry == null)) {
			String why = (notRun != null && !notRun.notRun().isBlank()) ? "not run: " + notRun.notRun()
					: "not in this run";
			return "**" + TITLE + "** (`benchmarks/js-peer`): " + why + ".\n\n" + aim.line();
		}
		StringBuilder markdown = new StringBuilder("## " + TITLE + "\n\n");
		markdown.append("The official Langfuse JS SDK v5 (`@langfuse/tracing` and `@langfuse/otel` at the versions "
				+ "pinned in `benchmarks/js-peer/package.json` of the measured commit, on Node.js) times "
				+ "`benchmarks/js-peer/bench.mjs` after the JMH run, on the same machine: the same trivial method "
				+ "(`echo(payload)` returns its argument) wrapped by the SDK's `observe()`, which captures input "
				+ "and output as `@Observe` does, on JS objects parsed once from the byte-identical JSON of the "
				+ "Basics rows' maps, exporting through `LangfuseSpanProcessor` to a loopback OTLP collector in a "
				+ "child process. Its added cost per call is the traced call's per-call time (batches timed with "
				+ "`process.hrtime.bigint()`) minus the untraced median; ours is the Basics row minus its "
				+ "baseline in this run. The JS SDK serialises the whole value (it has no size limit) and "
				+ "redacts nothing; ours cuts at 32 KB and redacts by key. \"With its event-loop work\" adds the "
				+ "work the SDK leaves to Node's one thread after each call (span processing, batching, OTLP "
				+ "encoding, sending), as a mean; spans its queue dropped (exported / started) skip the export, "
				+ "so with drops that mean is a floor.\n\n");
		MarkdownTable table = new MarkdownTable("Payload", "JSON size", "JS SDK added (p50)", "JS SDK added (p90)",
				"JS SDK added (p99)", "JS SDK with its event-loop work (mean)", "JS spans exported / started",
				"`@Observe` row", "Ours added (p50)", "Ours / JS SDK (p50)");
		for (int i = 0; i < PAYLOADS.size(); i++) {
			Payload payload = PAYLOADS.get(i);
			Extras.Entry js = measured.get(i);
			double jsAdded = metric(js, "addedP50Ns");
			double ours = oursAdded(payload.row());
			table.row(payload.label(), bytes(metric(js, "payloadBytes")), Units.signedTime(jsAdded),
					Units.signedTime(metric(js, "addedP90Ns")), Units.signedTime(metric(js, "addedP99Ns")),
					Units.signedTime(metric(js, "addedWithEventLoopMeanNs")),
					Units.number(metric(js, "exported")) + " / " + Units.number(metric(js, "started")),
					"`" + payload.row() + "`", Units.signedTime(ours),
					(jsAdded > 0) ? Units.ratio(ours / jsAdded) : Units.DASH);
		}
		markdown.append(table.render().strip()).append("\n\n");
		markdown.append(aim.line());
		return markdown.toString();
	}

	private Aim ratioAim(Extras.Entry js) {
		String description = "JS peer: `" + LARGE_MAP_ROW + "` (a 51 KB map) adds ≤ " + Units.ratio(JS_RATIO_AIM)
				+ " what the Langfuse JS SDK's `observe()` adds on the same map";
		JmhRow ours = Rows.find(this.basics, LARGE_MAP_ROW);
		JmhRow baseline = (ours != null) ? Rows.baseline(ours, this.basics, BASICS_RULE) : null;
		double jsAdded = metric(js, "addedP50Ns");
		double added = Rows.added(ours, baseline);
		if (!Double.isFinite(added) || !(jsAdded > 0)) {
			return Aim.notMeasured(description,
					"needs `" + LARGE_MAP_ROW + "`, its baseline and the JS peer's 51 KB line in this run");
		}
		double[] interval = Rows.addedInterval(ours, baseline);
		return Aim.atMost(description, added / jsAdded, interval[0] / jsAdded, interval[1] / jsAdded, JS_RATIO_AIM,
				"ours " + Units.signedTime(added) + ", JS SDK " + Units.signedTime(jsAdded) + ", ratio "
						+ Units.ratio(added / jsAdded),
				Units::ratio);
	}

	private double oursAdded(String row) {
		JmhRow ours = Rows.find(this.basics, row);
		return Rows.added(ours, (ours != null) ? Rows.baseline(ours, this.basics, BASICS_RULE) : null);
	}

	private static String bytes(double bytes) {
		return Double.isFinite(bytes) ? Units.number(bytes) + " B" : Units.DASH;
	}

	private static double metric(Extras.Entry entry, String name) {
		return (entry != null) ? entry.metrics().getOrDefault(name, Double.NaN) : Double.NaN;
	}

	/**
	 * One payload of the script.
	 *
	 * @param name the name its lines carry
	 * @param label how the report names it
	 * @param row the Basics row that captures it
	 */
	private record Payload(String name, String label, String row) {
	}

}
