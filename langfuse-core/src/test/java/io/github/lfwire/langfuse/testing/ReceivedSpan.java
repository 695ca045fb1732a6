package io.github.lfwire.langfuse.testing;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One span that {@link FakeLangfuseServer} accepted over OTLP.
 *
 * <p>
 * Attribute values are {@code String}, {@code Boolean}, {@code Long}, {@code Double},
 * {@code List} for arrays, {@code Map} for key-value lists and {@code byte[]} for bytes.
 *
 * @param traceId the trace id, 32 lowercase hex characters
 * @param spanId the span id, 16 lowercase hex characters
 * @param parentSpanId the parent span id, 16 lowercase hex characters, or {@code null}
 * for a root span
 * @param name the span name
 * @param attributes the span attributes, in the order received
 * @param resourceAttributes the attributes of the span's resource
 * @param startEpochNanos the start time in nanoseconds since the epoch
 * @param endEpochNanos the end time in nanoseconds since the epoch
 * @param statusCode {@code "UNSET"}, {@code "OK"} or {@code "ERROR"}
 * @param statusMessage the status description, or {@code null} when empty
 * @param scopeName the name of the instrumentation scope that made the span
 * @param scopeVersion the version of that scope, empty when not set
 */
public record ReceivedSpan(String traceId, String spanId, String parentSpanId, String name,
		Map<String, Object> attributes, Map<String, Object> resourceAttributes, long startEpochNanos,
		long endEpochNanos, String statusCode, String statusMessage, String scopeName, String scopeVersion) {

	private static final String METADATA_PREFIX = "langfuse.observation.metadata.";

	public ReceivedSpan {
		attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
		resourceAttributes = Collections.unmodifiableMap(new LinkedHashMap<>(resourceAttributes));
	}

	/**
	 * Returns a span attribute as a string.
	 * @param key the attribute key
	 * @return {@code String.valueOf} the value, or {@code null} when absent
	 */
	public String attribute(String key) {
		Object value = this.attributes.get(key);
		return (value != null) ? String.valueOf(value) : null;
	}

	/**
	 * Returns whether this span has no parent, which makes it the root observation of its
	 * trace.
	 * @return whether the span is a root span
	 */
	public boolean isRoot() {
		return this.parentSpanId == null;
	}

	/**
	 * Returns whether this span is the root observation of a Langfuse trace joined to an
	 * application span: its parent is the application's span and
	 * {@code langfuse.internal.is_app_root} is true.
	 * @return whether the span is an application root
	 */
	public boolean isAppRoot() {
		return this.parentSpanId != null && "true".equals(attribute("langfuse.internal.is_app_root"));
	}

	/**
	 * The observation metadata the server's OTLP converter stores for this span (CONTRACT
	 * section 8): the user's {@code langfuse.observation.metadata.*} entries, the
	 * resource attributes, the scope and, unless the scope name starts with
	 * {@code langfuse-sdk}, a copy of every other span attribute except input and output.
	 * @return the metadata, keyed as the server keys it
	 */
	public Map<String, Object> serverMetadata() {
		Map<String, Object> metadata = new LinkedHashMap<>();
		Map<String, Object> copied = new LinkedHashMap<>();
		this.attributes.forEach((key, value) -> {
			if (key.startsWith(METADATA_PREFIX)) {
				metadata.put(key.substring(METADATA_PREFIX.length()), value);
			}
			else if (!key.contains(".metadata.") && !key.endsWith(".input") && !key.endsWith(".output")) {
				copied.put(key, String.valueOf(value));
			}
		});
		metadata.put("resourceAttributes", this.resourceAttributes);
		metadata.put("scope", Map.of("name", this.scopeName, "version", this.scopeVersion));
		if (!this.scopeName.startsWith("langfuse-sdk")) {
			metadata.put("attributes", copied);
		}
		return metadata;
	}

}
