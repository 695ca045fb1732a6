package io.github.lfwire.langfuse.benchmarks.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Where and when a benchmark run was measured, recorded by the run itself: the commit and
 * whether the tree had uncommitted changes, the start and end of the run, and the
 * machine.
 *
 * @param mode {@code full} or {@code smoke}
 * @param commit the commit checked out ({@code git rev-parse HEAD}), or {@code unknown}
 * @param clean whether {@code git status --porcelain} listed nothing
 * @param start when the run started
 * @param end when the run ended
 * @param cores processors available to the JVM
 * @param cpu the CPU model
 * @param os operating system name, version and architecture
 * @param jvm the JVM that ran the suite
 */
public record Provenance(String mode, String commit, boolean clean, Instant start, Instant end, int cores, String cpu,
		String os, String jvm) {

	/** The name of the file beside the raw data. */
	public static final String FILE = "provenance.json";

	static final String UNKNOWN = "unknown";

	/**
	 * Records this machine and the git state of the given directory as a run starts; set
	 * the end with {@link #ended(Instant)}.
	 * @param mode {@code full} or {@code smoke}
	 * @param directory a directory inside the git work tree
	 * @param start when the run started
	 * @return the provenance, ending when it started
	 */
	public static Provenance started(String mode, Path directory, Instant start) {
		String commit = git(directory, "rev-parse", "HEAD").map(String::strip)
			.filter((c) -> !c.isEmpty())
			.orElse(UNKNOWN);
		boolean clean = git(directory, "status", "--porcelain").map(String::isBlank).orElse(false);
		String os = System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
				+ System.getProperty("os.arch");
		String jvm = System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version");
		return new Provenance(mode, commit, clean, start, start, Runtime.getRuntime().availableProcessors(), cpuModel(),
				os, jvm);
	}

	/** This provenance with the run's end. */
	public Provenance ended(Instant end) {
		return new Provenance(this.mode, this.commit, this.clean, this.start, end, this.cores, this.cpu, this.os,
				this.jvm);
	}

	/** Writes this provenance as JSON into the given file. */
	public void write(Path file) throws IOException {
		JsonMapper mapper = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
		ObjectNode node = mapper.createObjectNode();
		node.put("mode", this.mode);
		node.put("commit", this.commit);
		node.put("clean", this.clean);
		node.put("start", this.start.toString());
		node.put("end", this.end.toString());
		node.put("cores", this.cores);
		node.put("cpu", this.cpu);
		node.put("os", this.os);
		node.put("jvm", this.jvm);
		Files.writeString(file, mapper.writeValueAsString(node) + "\n", StandardCharsets.UTF_8);
	}

	/**
	 * Reads the provenance written by {@link #write(Path)}.
	 * @param file the file
	 * @return the provenance
	 * @throws IOException if the file cannot be read or lacks a field
	 */
	public static Provenance read(Path file) throws IOException {
		JsonNode node;
		try {
			node = JsonMapper.builder().build().readTree(Files.readString(file, StandardCharsets.UTF_8));
		}
		catch (JacksonException ex) {
			throw new IOException("Could not parse " + file + ": " + ex.getOriginalMessage(), ex);
		}
		List<String> missing = new ArrayList<>();
		for (String field : List.of("mode", "commit", "clean", "start", "end", "cores", "cpu", "os", "jvm")) {
			if (!node.has(field)) {
				missing.add(field);
			}
		}
		if (!missing.isEmpty()) {
			throw new IOException(file + " lacks " + missing);
		}
		return new Provenance(node.get("mode").asString(), node.get("commit").asString(), node.get("clean").asBoolean(),
				Instant.parse(node.get("start").asString()), Instant.parse(node.get("end").asString()),
				node.get("cores").asInt(), node.get("cpu").asString(), node.get("os").asString(),
				node.get("jvm").asString());
	}

	/**
	 * The commit abbreviated as git does by default, with a note when the tree was dirty.
	 */
	String commitLabel() {
		String shortCommit = (this.commit.length() > 12) ? this.commit.substring(0, 12) : this.commit;
		return "`" + shortCommit + "`" + (this.clean ? "" : " with uncommitted changes");
	}

	static String cpuModel() {
		try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
			Optional<String> model = lines.filter((line) -> line.startsWith("model name"))
				.map((line) -> line.substring(line.indexOf(':') + 1).strip())
				.findFirst();
			return model.filter((m) -> !m.isEmpty()).orElse(UNKNOWN);
		}
		catch (IOException | RuntimeException ex) {
			return UNKNOWN;
		}
	}

	private static Optional<String> git(Path directory, String... args) {
		List<String> command = new ArrayList<>(List.of("git", "-C", directory.toString()));
		command.addAll(List.of(args));
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(false)
				.redirectError(ProcessBuilder.Redirect.DISCARD)
				.start();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
				process.destroy();
				return Optional.empty();
			}
			return Optional.of(output);
		}
		catch (IOException ex) {
			return Optional.empty();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return Optional.empty();
		}
	}

}
