package io.github.lfwire.langfuse.benchmarks;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Base64;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

import io.github.lfwire.langfuse.benchmarks.report.Provenance;
import io.github.lfwire.langfuse.benchmarks.report.ReportGenerator;
import io.github.lfwire.langfuse.benchmarks.report.RunData;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatFactory;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs every benchmark and writes the report: {@code full} uses each benchmark's own
 * forks and iterations and the startup launcher's {@value StartupLauncher#DEFAULT_RUNS}
 * runs of each configuration, records the run's {@link Provenance}, keeps the run's data
 * in the module's {@code results/} and renders {@code RESULTS.md}, {@code charts/} and
 * README's benchmark block from that data only; {@code render} renders them again from
 * the committed {@code results/} without running anything; {@code smoke} runs every
 * benchmark method in one fork of one short iteration, with the smallest and largest
 * value of each size parameter, and each startup configuration once, so no benchmark
 * rots, and writes its data, report and a rendered copy of README under
 * {@code target/jmh/smoke}. Both run JMH's {@code gc} profiler, so the report shows bytes
 * allocated per operation. After the JMH run, {@code full} also runs the Langfuse JS SDK
 * peer ({@link JsPeer}) when node is there; {@code smoke} leaves it out, so the build
 * needs neither node nor npm.
 */
public final class BenchmarkSuite {

	/** The benchmarks the suite runs. */
	public static final String INCLUDE = "io\\.github\\.lfwire\\.langfuse\\.benchmarks\\.[A-Za-z]+Benchmark\\.";

	private BenchmarkSuite() {
	}

	public static void main(String[] args) throws Exception {
		String mode = (args.length > 0) ? args[0].toLowerCase(Locale.ROOT) : "full";
		Path moduleDir = Path.of((args.length > 1) ? args[1] : ".").toAbsolutePath().normalize();
		Path report = "render".equals(mode) ? render(moduleDir) : run(mode, moduleDir).report();
		System.out.println("Benchmark report written to " + report);
	}

	/**
	 * Renders {@code RESULTS.md}, {@code charts/} and README's benchmark block again from
	 * the published run's committed data in {@code results/}, without running anything.
	 */
	public static Path render(Path moduleDir) throws IOException {
		Path data = moduleDir.resolve(RunData.PUBLISHED);
		if (!Files.isRegularFile(data.resolve(Provenance.FILE))) {
			throw new IOException("No published run in " + data + "; run the suite in full mode first");
		}
		return ReportGenerator.render(data, moduleDir, moduleDir.resolve(ReportGenerator.PROFILE_NOTES),
				readme(moduleDir));
	}

	private static Path readme(Path moduleDir) {
		Path readme = moduleDir.resolveSibling("README.md");
		return Files.isRegularFile(readme) ? readme : null;
	}

	/**
	 * Rounds of the workflow's alternated forks in a smoke run: two, so that smoke runs
	 * merge forks as full runs do.
	 */
	static final int SMOKE_ROUNDS = 2;

	/** What a suite run produced. */
	public record Outcome(Collection<RunResult> results, Path jmhJson, Path extras, Path startup, Path report) {
	}

	/**
	 * The arguments every fork gets: where to write extras, the heap, and for
	 * {@link AgentPeerBenchmark} the port of its collector with the agent's OTLP endpoint
	 * and credentials (properties only the agent reads).
	 */
	static String[] forkArguments(Path extras, Path moduleDir) throws IOException {
		Path agent = moduleDir.resolve(AgentPeerBenchmark.AGENT_JAR);
		if (!Files.isRegularFile(agent)) {
			throw new IOException("The OpenTelemetry Java agent is missing at " + agent
					+ "; build the benchmarks module with Maven first, which copies it there");
		}
		int port;
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			port = socket.getLocalPort();
		}
		String credentials = Base64.getEncoder()
			.encodeToString((LoopbackCollector.PUBLIC_KEY + ":" + LoopbackCollector.SECRET_KEY)
				.getBytes(StandardCharsets.UTF_8));
		return new String[] { "-D" + Extras.PROPERTY + "=" + extras, "-Xms1g", "-Xmx1g",
				"-D" + AgentPeerBenchmark.COLLECTOR_PORT + "=" + port,
				"-Dotel.exporter.otlp.traces.endpoint=http://127.0.0.1:" + port + "/api/public/otel/v1/traces",
				"-Dotel.exporter.otlp.headers=Authorization=Basic " + credentials };
	}

	/** Runs the suite in {@code full} or {@code smoke} mode and writes its report. */
	public static Outcome run(String mode, Path moduleDir) throws RunnerException, IOException, InterruptedException {
		boolean smoke = switch (mode) {
			case "smoke" -> true;
			case "full" -> false;
			default -> throw new IllegalArgumentException("Mode must be 'full' or 'smoke', not '" + mode + "'");
		};
		Path work = Files.createDirectories(moduleDir.resolve("target/jmh").resolve(mode));
		Provenance provenance = Provenance.started(mode, moduleDir, Instant.now());
		Path jmhJson = work.resolve("jmh-result.json");
		Path extras = work.resolve("extras.jsonl");
		Path startup = work.resolve("startup.jsonl");
		Files.deleteIfExists(extras);
		String[] forkArguments = forkArguments(extras, moduleDir);
		Function<String, ChainedOptionsBuilder> options = (include) -> {
			ChainedOptionsBuilder builder = new OptionsBuilder().include(include)
				.shouldFailOnError(true)
				.addProfiler(GCProfiler.class)
				.jvmArgsAppend(forkArguments);
			if (smoke) {
				builder.forks(1)
					.warmupIterations(0)
					.measurementIterations(1)
					.measurementTime(TimeValue.milliseconds(100))
					.param("durationMs", "10")
					.param("payload", "512B", "5MB")
					.param("depth", "1", "10")
					.param("traces", "1000");
			}
			return builder;
		};
		List<RunResult> results = new ArrayList<>(
				new Runner(options.apply(INCLUDE).exclude(AlternatedForks.include(WorkflowBenchmark.class)).build())
					.run());
		results.addAll(new AlternatedForks(WorkflowBenchmark.class, WorkflowBenchmark.VARIANTS,
				smoke ? SMOKE_ROUNDS : WorkflowBenchmark.FORKS)
			.run(options));
		ResultFormatFactory.getInstance(ResultFormatType.JSON, jmhJson.toString()).writeOut(results);
		if (smoke) {
			JsPeer.notRun(extras, "smoke runs leave it out, so `mvn verify` needs neither node nor npm");
		}
		else {
			JsPeer.onPath(moduleDir).run(work, extras, false);
		}
		StartupLauncher.run(smoke ? 1 : StartupLauncher.DEFAULT_RUNS, startup);
		provenance = provenance.ended(Instant.now());
		provenance.write(work.resolve(Provenance.FILE));
		Path reportDir = smoke ? work : moduleDir;
		Path data = reportDir.resolve(RunData.PUBLISHED);
		RunData.publish(jmhJson, extras, startup, provenance, data);
		Path readme = readme(moduleDir);
		if (smoke && readme != null) {
			readme = Files.copy(readme, work.resolve("README.md"), StandardCopyOption.REPLACE_EXISTING);
		}
		Path report = ReportGenerator.render(data, reportDir, moduleDir.resolve(ReportGenerator.PROFILE_NOTES), readme);
		return new Outcome(results, jmhJson, extras, startup, report);
	}

}
