package io.github.lfwire.langfuse.benchmarks;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

import io.github.lfwire.startup.StartupApplication;
import tools.jackson.databind.json.JsonMapper;

/**
 * Measures cold start as whole processes: each run launches {@link StartupApplication} in
 * a fresh JVM, which starts, makes one {@code @Observe} call, closes gracefully and
 * exits; the wall time is process start to exit, and the application reports its peak
 * resident memory ({@code VmHWM}) and the CPU time of all its threads just before it
 * exits. CPU time is the steadier figure on a loaded machine, where wall time also
 * measures waiting for a core.
 * <p>
 * The eight configurations (a web and a non-web application, each without the starter,
 * with it and keys set, with {@code langfuse.enabled=false} and with no keys) differ only
 * in classpath and properties, all derived from the {@code startup-app} module's one
 * classpath; they run alternately, round after round, so drift on a shared machine
 * spreads over all of them. With keys set the application exports to a
 * {@link LoopbackCollector}, so nothing leaves the machine.
 */
public final class StartupLauncher {

	/** The runs of each configuration when none is given. */
	public static final int DEFAULT_RUNS = 6;

	private static final String CLASSPATH_RESOURCE = "startup.classpath";

	private static final Set<String> STARTER_ARTIFACTS = Set.of("langfuse-core", "langfuse-spring-boot-autoconfigure",
			"langfuse-spring-boot-starter", "spring-boot-starter-aspectj", "aspectjweaver", "context-propagation");

	private static final Set<String> STARTER_GROUP_PATHS = Set.of("/io/opentelemetry/");

	private static final Set<String> WEB_ARTIFACTS = Set.of("spring-boot-starter-webmvc", "spring-boot-webmvc",
			"spring-webmvc", "spring-web", "spring-boot-servlet", "spring-boot-http-converter",
			"spring-boot-web-server", "spring-boot-starter-tomcat", "spring-boot-starter-tomcat-runtime",
			"spring-boot-tomcat", "tomcat-embed-core", "tomcat-embed-el", "tomcat-embed-websocket",
			"spring-boot-starter-jackson", "spring-boot-jackson");

	private static final Set<String> JACKSON_ARTIFACTS = Set.of("jackson-core", "jackson-databind",
			"jackson-annotations");

	private static final String STARTER_LOGGER = "io.github.lfwire.langfuse";

	private static final long RUN_TIMEOUT_SECONDS = 120;

	private StartupLauncher() {
	}

	/**
	 * Runs the benchmark and writes one JSON line per run.
	 * @param args {@code [runs] [output.jsonl]}
	 */
	public static void main(String[] args) throws Exception {
		int runs = (args.length > 0) ? Integer.parseInt(args[0]) : DEFAULT_RUNS;
		Path output = Path.of((args.length > 1) ? args[1] : "target/startup/startup.jsonl");
		List<Measurement> measurements = run(runs, output);
		System.out.println("Startup benchmark: " + measurements.size() + " runs written to " + output);
	}

	/**
	 * An application kind, decided by whether the web starter's jars are on its
	 * classpath.
	 */
	public enum App {

		/** {@code spring-boot-starter-webmvc} with embedded Tomcat on a random port. */
		WEB("web"),

		/** {@code spring-boot-starter} only. */
		PLAIN("non-web");

		private final String label;

		App(String label) {
			this.label = label;
		}

		/** How the report names it. */
		public String label() {
			return this.label;
		}

	}

	/** Whether and how the starter is present. */
	public enum Variant {

		/** No starter jar or starter-only dependency on the classpath. */
		WITHOUT("without the starter"),

		/** The starter with keys, exporting to a loopback collector. */
		KEYS("starter, keys set"),

		/** The starter with {@code langfuse.enabled=false}. */
		DISABLED("starter, `langfuse.enabled=false`"),

		/** The starter with no keys. */
		NO_KEYS("starter, no keys");

		private final String label;

		Variant(String label) {
			this.label = label;
		}

		/** How the report names it. */
		public String label() {
			return this.label;
		}

	}

	/**
	 * One launch.
	 *
	 * @param app the application kind
	 * @param variant the starter variant
	 * @param run the round, from 1
	 * @param wallMillis process start to exit
	 * @param peakRssKb the process's peak resident memory, or -1 if unknown
	 * @param cpuMillis the CPU time of all the process's threads, user and system, in 10
	 * ms ticks, or -1 if unknown
	 * @param context the application context's class
	 * @param traced whether the context had a Langfuse client
	 * @param starterInfoLinesAtStartup lines the starter logged at INFO before the
	 * application reported it started
	 * @param starterInfoLines lines the starter logged at INFO during the whole run
	 */
	public record Measurement(App app, Variant variant, int run, double wallMillis, long peakRssKb, long cpuMillis,
			String context, boolean traced, int starterInfoLinesAtStartup, int starterInfoLines) {

		Map<String, Object> toJson() {
			Map<String, Object> json = new LinkedHashMap<>();
			json.put("app", this.app.name());
			json.put("appLabel", this.app.label());
			json.put("variant", this.variant.name());
			json.put("variantLabel", this.variant.label());
			json.put("run", this.run);
			json.put("wallMillis", this.wallMillis);
			json.put("peakRssKb", this.peakRssKb);
			json.put("cpuMillis", this.cpuMillis);
			json.put("context", this.context);
			json.put("traced", this.traced);
			json.put("starterInfoLinesAtStartup", this.starterInfoLinesAtStartup);
			json.put("starterInfoLines", this.starterInfoLines);
			return json;
		}

	}

	/**
	 * Launches every configuration {@code runs} times, alternating, and appends one JSON
	 * line per run to the output; with more than one run, an unrecorded launch first
	 * brings the jars into the page cache.
	 * @return the measurements, in launch order
	 */
	public static List<Measurement> run(int runs, Path output) throws IOException, InterruptedException {
		if (runs < 1) {
			throw new IllegalArgumentException("runs must be at least 1 but was " + runs);
		}
		List<String> classpath = classpath();
		Files.createDirectories(output.toAbsolutePath().getParent());
		Files.deleteIfExists(output);
		JsonMapper mapper = JsonMapper.builder().build();
		List<Measurement> measurements = new ArrayList<>();
		Path logs = Files.createTempDirectory("startup-benchmark");
		try (LoopbackCollector collector = LoopbackCollector.start()) {
			List<Configuration> configurations = new ArrayList<>();
			for (App app : App.values()) {
				for (Variant variant : Variant.values()) {
					configurations.add(new Configuration(app, variant));
				}
			}
			if (runs > 1) {
				launch(configurations.get(1), classpath, collector, 0, logs);
			}
			for (int round = 1; round <= runs; round++) {
				List<Configuration> order = new ArrayList<>(configurations);
				Collections.rotate(order, round - 1);
				if (round % 2 == 0) {
					Collections.reverse(order);
				}
				for (Configuration configuration : order) {
					Measurement measurement = launch(configuration, classpath, collector, round, logs);
					measurements.add(measurement);
					Files.writeString(output, mapper.writeValueAsString(measurement.toJson()) + "\n",
							StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
				}
			}
		}
		finally {
			try (Stream<Path> files = Files.list(logs)) {
				for (Path file : files.toList()) {
					Files.deleteIfExists(file);
				}
			}
			Files.deleteIfExists(logs);
		}
		return measurements;
	}

	private static Measurement launch(Configuration configuration, List<String> classpath, LoopbackCollector collector,
			int round, Path logs) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.add("-cp");
		command.add(String.join(File.pathSeparator, configuration.classpath(classpath)));
		command.add("-Dserver.port=0");
		command.add("-Dlogging.pattern.console=%d %5p [%t] %logger : %m%n");
		command.addAll(configuration.properties(collector));
		command.add(StartupApplication.class.getName());
		Path log = logs.resolve(configuration.app() + "-" + configuration.variant() + "-" + round + ".log");
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
		builder.environment().keySet().removeIf((name) -> name.startsWith("LANGFUSE_"));
		long start = System.nanoTime();
		Process process = builder.start();
		if (!process.waitFor(RUN_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
			process.destroyForcibly();
			throw new IllegalStateException(configuration + " did not exit within " + RUN_TIMEOUT_SECONDS + " s");
		}
		double wallMillis = (System.nanoTime() - start) / 1e6;
		List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
		String result = lines.stream()
			.filter((line) -> line.startsWith(StartupApplication.RESULT_PREFIX))
			.findFirst()
			.orElse(null);
		if (process.exitValue() != 0 || result == null) {
			throw new IllegalStateException(configuration + " failed with exit code " + process.exitValue()
					+ "; its output:\n" + String.join("\n", lines));
		}
		Map<String, String> fields = fields(result);
		int startedAt = indexOf(lines, (line) -> line.contains("Started StartupApplication"));
		List<String> infoLines = lines.stream().filter(StartupLauncher::isStarterInfo).toList();
		int atStartup = (int) lines.subList(0, (startedAt >= 0) ? startedAt : lines.size())
			.stream()
			.filter(StartupLauncher::isStarterInfo)
			.count();
		return new Measurement(configuration.app(), configuration.variant(), round, wallMillis,
				Long.parseLong(fields.get("peakRssKb")), Long.parseLong(fields.get("cpuMillis")), fields.get("context"),
				Boolean.parseBoolean(fields.get("traced")), atStartup, infoLines.size());
	}

	private static boolean isStarterInfo(String line) {
		return line.contains(" INFO [") && line.contains("] " + STARTER_LOGGER);
	}

	private static int indexOf(List<String> lines, Predicate<String> predicate) {
		for (int i = 0; i < lines.size(); i++) {
			if (predicate.test(lines.get(i))) {
				return i;
			}
		}
		return -1;
	}

	private static Map<String, String> fields(String result) {
		Map<String, String> fields = new LinkedHashMap<>();
		for (String field : result.substring(StartupApplication.RESULT_PREFIX.length()).strip().split(" ")) {
			int equals = field.indexOf('=');
			if (equals > 0) {
				fields.put(field.substring(0, equals), field.substring(equals + 1));
			}
		}
		return fields;
	}

	/**
	 * The {@code startup-app} classes followed by its runtime classpath, with starter and
	 * web starter.
	 */
	static List<String> classpath() throws IOException {
		List<String> classpath = new ArrayList<>();
		try {
			classpath.add(Path.of(StartupApplication.class.getProtectionDomain().getCodeSource().getLocation().toURI())
				.toString());
		}
		catch (URISyntaxException ex) {
			throw new IOException("Cannot locate the startup application's classes", ex);
		}
		try (InputStream in = StartupApplication.class.getResourceAsStream(CLASSPATH_RESOURCE)) {
			if (in == null) {
				throw new IOException("No " + CLASSPATH_RESOURCE + " next to " + StartupApplication.class.getName()
						+ "; build the startup-app module first");
			}
			String text = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
			Arrays.stream(text.split(File.pathSeparator)).filter((entry) -> !entry.isBlank()).forEach(classpath::add);
		}
		return classpath;
	}

	/**
	 * The artifact id of a classpath entry: a Maven repository jar, a module's jar or its
	 * classes directory.
	 */
	static String artifactId(String entry) {
		Path path = Path.of(entry);
		Path parent = path.getParent();
		if (parent == null) {
			return path.toString();
		}
		if (parent.getFileName() != null && parent.getFileName().toString().equals("target")) {
			Path module = parent.getParent();
			return (module != null) ? module.getFileName().toString() : path.getFileName().toString();
		}
		Path artifact = parent.getParent();
		return (artifact != null && artifact.getFileName() != null) ? artifact.getFileName().toString()
				: path.getFileName().toString();
	}

	static boolean isStarterOnly(String entry) {
		String normalized = entry.replace(File.separatorChar, '/');
		return STARTER_ARTIFACTS.contains(artifactId(entry))
				|| STARTER_GROUP_PATHS.stream().anyMatch((group) -> normalized.contains("/repository" + group));
	}

	/**
	 * One application kind and starter variant.
	 *
	 * @param app the application kind
	 * @param variant the starter variant
	 */
	record Configuration(App app, Variant variant) {

		List<String> classpath(List<String> full) {
			return full.stream().filter((entry) -> {
				String artifact = artifactId(entry);
				if (this.variant == Variant.WITHOUT && isStarterOnly(entry)) {
					return false;
				}
				if (this.app == App.PLAIN && WEB_ARTIFACTS.contains(artifact)) {
					return false;
				}
				return !(this.app == App.PLAIN && this.variant == Variant.WITHOUT
						&& JACKSON_ARTIFACTS.contains(artifact));
			}).toList();
		}

		List<String> properties(LoopbackCollector collector) {
			return switch (this.variant) {
				case WITHOUT, NO_KEYS -> List.of();
				case KEYS -> List.of("-Dlangfuse.host=" + collector.baseUrl(),
						"-Dlangfuse.public-key=" + LoopbackCollector.PUBLIC_KEY,
						"-Dlangfuse.secret-key=" + LoopbackCollector.SECRET_KEY);
				case DISABLED -> List.of("-Dlangfuse.enabled=false", "-Dlangfuse.host=" + collector.baseUrl(),
						"-Dlangfuse.public-key=" + LoopbackCollector.PUBLIC_KEY,
						"-Dlangfuse.secret-key=" + LoopbackCollector.SECRET_KEY);
			};
		}

		@Override
		public String toString() {
			return this.app.label() + " application, " + this.variant.label().toLowerCase(Locale.ROOT);
		}

	}

}
