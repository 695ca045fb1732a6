package io.github.lfwire.langfuse.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JS peer writes the Java map payloads byte for byte and, when it cannot run, appends
 * one extras line saying why instead of failing the suite; no test here starts node or
 * npm.
 */
class JsPeerTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@TempDir
	Path directory;

	@Test
	void shouldWriteThePayloadsOfTheBasicsMapRowsAsPlainJson() throws IOException {
		JsPeer.writePayloads(this.directory);

		byte[] small = Files.readAllBytes(this.directory.resolve("small.json"));
		byte[] large = Files.readAllBytes(this.directory.resolve("over50KB.json"));
		assertThat(small).hasSize(MapPayloads.SMALL_BYTES);
		assertThat(small).isEqualTo(JSON.writeValueAsBytes(MapPayloads.small()));
		assertThat(large.length).isGreaterThanOrEqualTo(BasicsBenchmark.LARGE_MAP_BYTES);
		assertThat(large).isEqualTo(JSON.writeValueAsBytes(MapPayloads.stateAtLeast(BasicsBenchmark.LARGE_MAP_BYTES)));
	}

	@Test
	void shouldRecordThatNpmCouldNotInstallTheScriptsDependencies() throws Exception {
		Path module = moduleWithScript(false);
		Path extras = this.directory.resolve("extras.jsonl");

		boolean ran = new JsPeer(module, missing("node"), missing("npm")).run(work(), extras, true);

		assertThat(ran).isFalse();
		JsonNode line = onlyLine(extras);
		assertThat(line.path("benchmark").asString()).isEqualTo(JsPeer.BENCHMARK);
		assertThat(line.path("notRun").asString()).startsWith("`npm ci` could not start");
	}

	@Test
	void shouldRecordThatNodeCouldNotRunTheScript() throws Exception {
		Path module = moduleWithScript(true);
		Path extras = this.directory.resolve("extras.jsonl");

		boolean ran = new JsPeer(module, missing("node"), missing("npm")).run(work(), extras, true);

		assertThat(ran).isFalse();
		assertThat(onlyLine(extras).path("notRun").asString()).startsWith("`node bench.mjs` could not start");
		assertThat(work().resolve("js-peer-payloads/small.json")).isRegularFile();
	}

	@Test
	void shouldAppendTheScriptsResultLinesAndNothingElseItPrints() throws Exception {
		Path module = moduleWithScript(true);
		Path extras = this.directory.resolve("extras.jsonl");
		Files.writeString(extras, "{\"benchmark\":\"earlier\",\"params\":{},\"metrics\":{}}\n");
		String line = "{\"benchmark\":\"" + JsPeer.BENCHMARK + "\",\"params\":{\"payload\":\"%s\"},\"metrics\":{}}";
		String node = fakeNode("echo 'starting'; echo '" + line.formatted("small")
				+ "'; echo '{\"benchmark\":\"x\"}'; echo '" + line.formatted("over50KB") + "'");

		boolean ran = new JsPeer(module, node, missing("npm")).run(work(), extras, true);

		assertThat(ran).isTrue();
		assertThat(Files.readAllLines(extras, StandardCharsets.UTF_8)).containsExactly(
				"{\"benchmark\":\"earlier\",\"params\":{},\"metrics\":{}}", line.formatted("small"),
				line.formatted("over50KB"));
	}

	@Test
	void shouldRecordThatTheScriptFailed() throws Exception {
		Path module = moduleWithScript(true);
		Path extras = this.directory.resolve("extras.jsonl");

		boolean ran = new JsPeer(module, fakeNode("echo broken >&2; exit 3"), missing("npm")).run(work(), extras, true);

		assertThat(ran).isFalse();
		assertThat(onlyLine(extras).path("notRun").asString())
			.isEqualTo("`node bench.mjs` exited with 3 (see js-peer.log)");
		assertThat(work().resolve("js-peer.log")).content().contains("broken");
	}

	@Test
	void shouldRecordThatTheScriptIsMissing() throws Exception {
		Path extras = this.directory.resolve("extras.jsonl");

		boolean ran = new JsPeer(this.directory.resolve("module"), missing("node"), missing("npm")).run(work(), extras,
				false);

		assertThat(ran).isFalse();
		assertThat(onlyLine(extras).path("notRun").asString()).startsWith("no script at ");
	}

	private Path moduleWithScript(boolean installed) throws IOException {
		Path script = this.directory.resolve("module").resolve(JsPeer.DIRECTORY).resolve("bench.mjs");
		Files.createDirectories(script.getParent());
		Files.writeString(script, "process.exit(3);\n");
		if (installed) {
			Files.createDirectories(script.resolveSibling("node_modules"));
		}
		return script.getParent().getParent();
	}

	/**
	 * A stand-in for node: a shell script that ignores its arguments and runs the given
	 * commands.
	 */
	private String fakeNode(String commands) throws IOException {
		Path node = this.directory.resolve("fake-node.sh");
		Files.writeString(node, "#!/bin/sh\n" + commands + "\n");
		assertThat(node.toFile().setExecutable(true)).isTrue();
		return node.toString();
	}

	private Path work() throws IOException {
		return Files.createDirectories(this.directory.resolve("work"));
	}

	private String missing(String name) {
		return this.directory.resolve("no-such-dir").resolve(name).toString();
	}

	private static JsonNode onlyLine(Path extras) throws IOException {
		List<String> lines = Files.readAllLines(extras, StandardCharsets.UTF_8);
		assertThat(lines).hasSize(1);
		return JSON.readTree(lines.get(0));
	}

}
