package io.github.lfwire.langfuse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reads the imports and fully qualified names of the main sources to check which package
 * uses which.
 */
class PackageDependencyTest {

	private static final String ROOT = "io.github.lfwire.langfuse";

	private static final Path SOURCES = Path.of("src/main/java/io/github/lfwire/langfuse");

	private static final Pattern REFERENCE = Pattern
		.compile("io\\.github\\.lfwire\\.langfuse((?:\\.[a-z][a-z0-9]*)*)\\.[A-Z]");

	@Test
	void shouldKeepExportFreeOfRootAndScore() {
		assertThat(dependencies().get("export")).isSubsetOf("internal");
	}

	@Test
	void shouldKeepScoreFreeOfRoot() {
		assertThat(dependencies().get("score")).isSubsetOf("export", "internal");
	}

	@Test
	void shouldKeepRootAndDatasetsFreeOfExperiments() {
		assertThat(dependencies().get("")).doesNotContain("dataset", "experiment");
		assertThat(dependencies().get("dataset")).isSubsetOf("", "internal");
		assertThat(dependencies().get("experiment")).isSubsetOf("", "dataset");
	}

	@Test
	void shouldKeepInternalFreeOfEveryOtherPackage() {
		assertThat(dependencies().get("internal")).isEmpty();
	}

	@Test
	void shouldFindRootDependingOnExportAndScoreSoTheScanWorks() {
		assertThat(dependencies().get("")).contains("export", "score", "internal");
	}

	private static Map<String, Set<String>> dependencies() {
		Map<String, Set<String>> dependencies = new TreeMap<>();
		try (Stream<Path> files = Files.walk(SOURCES)) {
			files.filter((file) -> file.toString().endsWith(".java")).forEach((file) -> {
				String from = packageOf(SOURCES.relativize(file.getParent()));
				Set<String> used = dependencies.computeIfAbsent(from, (key) -> new TreeSet<>());
				Matcher matcher = REFERENCE.matcher(read(file));
				while (matcher.find()) {
					String to = matcher.group(1).isEmpty() ? "" : matcher.group(1).substring(1);
					if (!to.equals(from)) {
						used.add(to);
					}
				}
			});
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return dependencies;
	}

	private static String packageOf(Path relative) {
		return relative.toString().replace('/', '.').replace('\\', '.');
	}

	private static String read(Path file) {
		try {
			String source = Files.readString(file);
			return source.replaceFirst("(?m)^package " + Pattern.quote(ROOT) + "[^;]*;", "");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
