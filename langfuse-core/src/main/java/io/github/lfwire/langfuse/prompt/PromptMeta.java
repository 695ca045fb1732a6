package io.github.lfwire.langfuse.prompt;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The fields every prompt has besides its template. */
record PromptMeta(String name, int version, List<String> labels, List<String> tags, Map<String, Object> config,
		boolean fallback) {

	PromptMeta {
		Objects.requireNonNull(name, "name");
		labels = (labels != null) ? List.copyOf(labels) : List.of();
		tags = (tags != null) ? List.copyOf(tags) : List.of();
		config = (config != null) ? Collections.unmodifiableMap(new LinkedHashMap<>(config)) : Map.of();
	}

	static PromptMeta fallback(String name, String label) {
		return new PromptMeta(name, 0, (label != null) ? List.of(label) : List.of(), List.of(), Map.of(), true);
	}

	String describe(PromptType type) {
		return "{name=" + this.name + ", type=" + type.wireName() + ", version=" + this.version + ", labels="
				+ this.labels + (this.fallback ? ", fallback" : "") + "}";
	}

}
