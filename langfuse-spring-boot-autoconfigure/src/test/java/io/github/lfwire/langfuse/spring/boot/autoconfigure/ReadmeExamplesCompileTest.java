package io.github.lfwire.langfuse.spring.boot.autoconfigure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every {@code java} code block of the README compiles as shown, imports included,
 * against the starter's classes, Spring AI and LangChain4j: each block is one source
 * file.
 */
class ReadmeExamplesCompileTest {

	private static final Pattern FENCE = Pattern.compile("^( *)```java\\s*$");

	private static final Pattern CLASS = Pattern
		.compile("^(?:public |final |abstract )*(?:class|interface|record) (\\w+)", Pattern.MULTILINE);

	@Test
	void shouldCompileEveryJavaExampleOfTheReadme(@TempDir Path sources) throws IOException {
		List<String> lines = Files.readAllLines(Path.of("..", "README.md"));
		List<Path> files = new ArrayList<>();
		for (int i = 0; i < lines.size(); i++) {
			Matcher fence = FENCE.matcher(lines.get(i));
			if (!fence.matches()) {
				continue;
			}
			int indent = fence.group(1).length();
			StringBuilder block = new StringBuilder();
			int start = i + 1;
			while (!lines.get(++i).strip().equals("```")) {
				String line = lines.get(i);
				block.append(line.length() >= indent ? line.substring(indent) : line.strip()).append('\n');
			}
			Matcher type = CLASS.matcher(block);
			assertThat(type.find()).as("the java block at README.md line %d declares a class", start).isTrue();
			Path directory = Files.createDirectories(sources.resolve("line" + start));
			files.add(Files.writeString(directory.resolve(type.group(1) + ".java"), block));
		}
		assertThat(files).as("java blocks in README.md").hasSizeGreaterThanOrEqualTo(7);
		JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
		DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
		try (StandardJavaFileManager fileManager = compiler.getStandardFileManager(diagnostics, Locale.ROOT, null)) {
			for (Path file : files) {
				Path classes = Files.createDirectories(file.getParent().resolve("classes"));
				boolean compiled = compiler
					.getTask(null, fileManager, diagnostics,
							List.of("-proc:none", "-d", classes.toString(), "-classpath",
									System.getProperty("java.class.path")),
							null, fileManager.getJavaFileObjects(file))
					.call();
				assertThat(compiled)
					.as("README.md example at %s: %s", file.getParent().getFileName(), errors(diagnostics))
					.isTrue();
			}
		}
	}

	private static List<String> errors(DiagnosticCollector<JavaFileObject> diagnostics) {
		return diagnostics.getDiagnostics()
			.stream()
			.filter((diagnostic) -> diagnostic.getKind() == Diagnostic.Kind.ERROR)
			.map((diagnostic) -> diagnostic.getLineNumber() + ": " + diagnostic.getMessage(Locale.ROOT))
			.toList();
	}

}
