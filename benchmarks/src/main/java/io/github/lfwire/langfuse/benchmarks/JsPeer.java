package io.github.lfwire.langfuse.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs {@code js-peer/bench.mjs}, the official Langfuse JS SDK on the payloads of
 * {@link BasicsBenchmark}'s {@code @Observe} map rows, and appends its JSON lines to the
 * run's extras; when node, npm or the script fails, it appends one line saying why the
 * peer did not run, and the suite goes on.
 */
public final class JsPeer {

	/**
	 * The benchmark name of the script's lines, and of the line written when it did not
	 * run.
	 */
	public static final String BENCHMARK = "js-peer.observeMap";

	/** The script's directory, in the benchmarks module. */
	public static final String DIRECTORY = "js-peer";

	/** The payload files the script reads, by the name its lines carry. */
	static final Map<String, String> PAYLOAD_FILES = Map.of("small", "small.json", "over50KB", "over50KB.json");

	private static final ObjectMapper MAPPER = JsonMapper.builder().build();

	private static final long NPM_TIMEOUT_MINUTES = 5;

	private static final long SCRIPT_TIMEOUT_MINUTES = 15;

	private final Path script;

	private final String node;

	private final String npm;

	/**
	 * A peer run with the given executables for the module's {@value #DIRECTORY}
	 * directory.
	 */
	JsPeer(Path moduleDir, String node, String npm) {
		this.script = moduleDir.resolve(DIRECTORY).resolve("bench.mjs");
		this.node = node;
		this.npm = npm;
	}

	/**
	 * Runs the peer alone: {@code [moduleDir] [--quick]}; writes into the module's
	 * {@code target/jmh/js-peer} and prints the lines it appended.
	 */
	public static void main(String[] args) throws IOException, InterruptedException {
		List<String> arguments = List.of(args);
		Path moduleDir = Path.of(arguments.stream().filter((arg) -> !arg.startsWith("--")).findFirst().orElse("."))
			.toAbsolutePath()
			.normalize();
		Path work = Files.createDirectories(moduleDir.resolve("target/jmh/js-peer"));
		Path extras = work.resolve("extras.jsonl");
		Files.deleteIfExists(extras);
		onPath(moduleDir).run(work, extras, arguments.contains("--quick"));
		System.out.print(Files.readString(extras, StandardCharsets.UTF_8));
	}

	/** A peer run with {@code node} and {@code npm} from the path. */
	static JsPeer onPath(Path moduleDir) {
		return new JsPeer(moduleDir, "node", "npm");
	}

	/**
	 * Writes the payloads into {@code work}, installs the script's locked dependencies
	 * with {@code npm ci} when they are missing, runs the script and appends its lines,
	 * or the reason it did not run, to {@code extras}; returns whether it ran.
	 */
	boolean run(Path work, Path extras, boolean quick) throws IOException, InterruptedException {
		Path payloads = Files.createDirectories(work.resolve("js-peer-payloads"));
		writePayloads(payloads);
		Path directory = this.script.getParent();
		if (!Files.isRegularFile(this.script)) {
			return notRun(extras, "no script at " + this.script);
		}
		Path log = work.resolve("js-peer.log");
		Path output = work.resolve("js-peer.jsonl");
		Files.deleteIfExists(log);
		Files.deleteIfExists(output);
		if (!Files.isDirectory(directory.resolve("node_modules"))) {
			String failure = execute(
					List.of(this.npm, "ci", "--no-audit", "--no-fund", "--prefix", directory.toString()), log,
					NPM_TIMEOUT_MINUTES);
			if (failure != null) {
				return notRun(extras, "`npm ci` " + failure);
			}
		}
		List<String> command = new ArrayList<>(List.of(this.node, this.script.toString(), payloads.toString()));
		if (quick) {
			command.add("--quick");
		}
		String failure = execute(command, output, log, SCRIPT_TIMEOUT_MINUTES);
		if (failure != null) {
			return notRun(extras, "`node bench.mjs` " + failure);
		}
		List<String> lines = new ArrayList<>();
		for (String line : Files.readAllLines(output, StandardCharsets.UTF_8)) {
			if (isPeerLine(line)) {
				lines.add(line.strip());
			}
		}
		if (lines.size() != PAYLOAD_FILES.size()) {
			return notRun(extras, "`node bench.mjs` wrote " + lines.size() + " result lines, not "
					+ PAYLOAD_FILES.size() + " (see " + log.getFileName() + ")");
		}
		append(extras, lines);
		return true;
	}

	/**
	 * Writes each payload's JSON form, as a plain mapper writes it, so the script parses
	 * byte-identical values.
	 */
	static void writePayloads(Path directory) throws IOException {
		Files.write(directory.resolve(PAYLOAD_FILES.get("small")), MAPPER.writeValueAsBytes(MapPayloads.small()));
		Files.write(directory.resolve(PAYLOAD_FILES.get("over50KB")),
				MAPPER.writeValueAsBytes(MapPayloads.stateAtLeast(BasicsBenchmark.LARGE_MAP_BYTES)));
	}

	private static boolean isPeerLine(String line) {
		try {
			JsonNode node = MAPPER.readTree(line);
			return node.isObject() && BENCHMARK.equals(node.path("benchmark").asString(""));
		}
		catch (JacksonException ex) {
			return false;
		}
	}

	private String execute(List<String> command, Path log, long timeoutMinutes)
			throws IOException, InterruptedException {
		return execute(command, log, log, timeoutMinutes);
	}

	/** Runs a command; null when it exits with 0, else what went wrong. */
	private String execute(List<String> command, Path stdout, Path stderr, long timeoutMinutes)
			throws IOException, InterruptedException {
		ProcessBuilder builder = new ProcessBuilder(command).directory(this.script.getParent().toFile())
			.redirectOutput(ProcessBuilder.Redirect.appendTo(stdout.toFile()))
			.redirectError(ProcessBuilder.Redirect.appendTo(stderr.toFile()));
		Process process;
		try {
			process = builder.start();
		}
		catch (IOException ex) {
			return "could not start: " + ex.getMessage();
		}
		if (!process.waitFor(timeoutMinutes, TimeUnit.MINUTES)) {
			process.destroyForcibly().waitFor();
			return "did not finish within " + timeoutMinutes + " minutes";
		}
		return (process.exitValue() == 0) ? null
				: "exited with " + process.exitValue() + " (see " + stderr.getFileName() + ")";
	}

	/** Appends the line saying the peer did not run and why; returns false. */
	static boolean notRun(Path extras, String reason) throws IOException {
		Map<String, Object> line = new LinkedHashMap<>();
		line.put("benchmark", BENCHMARK);
		line.put("params", Map.of());
		line.put("metrics", Map.of());
		line.put("notRun", reason);
		append(extras, List.of(MAPPER.writeValueAsString(line)));
		return false;
	}

	private static void append(Path extras, List<String> lines) throws IOException {
		Files.writeString(extras, String.join("\n", lines) + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
				StandardOpenOption.APPEND);
	}

}
