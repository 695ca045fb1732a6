package io.github.lfwire.langfuse.prompt;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/** Replaces {@code {{variable}}} markers in prompt text. */
final class PromptTemplate {

	private PromptTemplate() {
	}

	/**
	 * Replaces each {@code {{ name }}} whose trimmed name is a key of the variables by
	 * the value's text ({@code ""} for {@code null}); unknown names stay as written.
	 * Values are inserted as they are, never scanned for markers.
	 */
	static String compile(String template, Map<String, ?> variables) {
		if (template == null || variables == null || variables.isEmpty() || !template.contains("{{")) {
			return template;
		}
		StringBuilder out = new StringBuilder(template.length() + 64);
		int position = 0;
		while (true) {
			int start = template.indexOf("{{", position);
			if (start < 0) {
				break;
			}
			int end = template.indexOf("}}", start + 2);
			if (end < 0) {
				break;
			}
			String name = template.substring(start + 2, end).trim();
			if (variables.containsKey(name)) {
				Object value = variables.get(name);
				out.append(template, position, start).append((value != null) ? String.valueOf(value) : "");
			}
			else {
				out.append(template, position, end + 2);
			}
			position = end + 2;
		}
		return out.append(template, position, template.length()).toString();
	}

	/** The trimmed names of the {@code {{ name }}} markers in the template, in order. */
	static Set<String> names(String template) {
		Set<String> names = new LinkedHashSet<>();
		if (template == null) {
			return names;
		}
		int position = 0;
		while (true) {
			int start = template.indexOf("{{", position);
			int end = (start < 0) ? -1 : template.indexOf("}}", start + 2);
			if (end < 0) {
				return names;
			}
			names.add(template.substring(start + 2, end).trim());
			position = end + 2;
		}
	}

}
