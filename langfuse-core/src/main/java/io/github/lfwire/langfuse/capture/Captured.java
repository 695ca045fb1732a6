package io.github.lfwire.langfuse.capture;

/**
 * The JSON text stored for one captured value.
 *
 * @param json valid JSON of at most the capture limit in UTF-8 bytes
 * @param truncated whether the value did not fit and {@code json} is the truncation
 * wrapper
 * @param bytesSerialized UTF-8 bytes the serializer produced before it finished or was
 * stopped
 */
public record Captured(String json, boolean truncated, long bytesSerialized) {
}
