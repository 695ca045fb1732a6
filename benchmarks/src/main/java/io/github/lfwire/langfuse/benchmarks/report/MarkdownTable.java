package io.github.lfwire.langfuse.benchmarks.report;

import java.util.ArrayList;
import java.util.List;

/**
 * A GitHub-flavoured Markdown table built row by row.
 */
final class MarkdownTable {

	private final List<String> headers;

	private final List<List<String>> rows = new ArrayList<>();

	MarkdownTable(List<String> headers) {
		this.headers = List.copyOf(headers);
	}

	MarkdownTable(String... headers) {
		this(List.of(headers));
	}

	MarkdownTable row(List<String> cells) {
		if (cells.size() != this.headers.size()) {
			throw new IllegalArgumentException("Expected " + this.headers.size() + " cells but got " + cells.size());
		}
		this.rows.add(List.copyOf(cells));
		return this;
	}

	MarkdownTable row(String... cells) {
		return row(List.of(cells));
	}

	boolean isEmpty() {
		return this.rows.isEmpty();
	}

	String render() {
		StringBuilder markdown = new StringBuilder();
		line(markdown, this.headers);
		line(markdown, this.headers.stream().map((header) -> "---").toList());
		this.rows.forEach((row) -> line(markdown, row));
		return markdown.toString();
	}

	private static void line(StringBuilder markdown, List<String> cells) {
		markdown.append('|');
		for (String cell : cells) {
			markdown.append(' ').append(cell.replace("|", "\\|").replace('\n', ' ')).append(" |");
		}
		markdown.append('\n');
	}

}
