package io.github.lfwire.langfuse.spring.boot.autoconfigure.observe;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.lfwire.langfuse.Observation;
import org.jspecify.annotations.Nullable;

/**
 * The bytes of a streamed response as the elements a client received: server-sent events,
 * or the chunks between flushes.
 * <p>
 * At most the capture's byte limit and element limit are kept; later elements are only
 * counted, so the output says how many there were.
 */
final class StreamedOutput {

	private final boolean serverSentEvents;

	private final int maxBytes;

	private final int maxElements;

	private final List<Object> kept = new ArrayList<>();

	private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

	private long keptBytes;

	private long elements;

	private boolean full;

	private boolean hasContent;

	private int previous = -1;

	/**
	 * Creates an output.
	 * @param serverSentEvents whether the bytes are {@code text/event-stream} events
	 * rather than chunks
	 * @param maxBytes the most bytes of the kept elements
	 * @param maxElements the most elements kept
	 */
	StreamedOutput(boolean serverSentEvents, int maxBytes, int maxElements) {
		this.serverSentEvents = serverSentEvents;
		this.maxBytes = maxBytes;
		this.maxElements = maxElements;
	}

	/** Records written bytes. */
	synchronized void write(byte[] bytes, int offset, int length) {
		for (int i = offset; i < offset + length; i++) {
			int b = bytes[i] & 0xFF;
			if (!this.full) {
				if (this.keptBytes + this.pending.size() < this.maxBytes && this.kept.size() < this.maxElements) {
					this.pending.write(b);
				}
				else {
					this.full = true;
				}
			}
			if (!this.serverSentEvents) {
				this.hasContent = true;
			}
			else if (b != '\r') {
				if (b == '\n' && this.previous == '\n') {
					endElement();
				}
				this.hasContent |= b != '\n';
				this.previous = b;
			}
		}
	}

	/** Marks the end of a chunk: the response was flushed. */
	synchronized void flushed() {
		if (!this.serverSentEvents) {
			endElement();
		}
	}

	/** Writes what was received as the observation's output. */
	synchronized void writeTo(Observation observation) {
		endElement();
		observation.outputElements(List.copyOf(this.kept), this.elements);
	}

	/** The elements kept so far. */
	synchronized List<Object> kept() {
		return List.copyOf(this.kept);
	}

	/** How many elements were received so far, kept or not. */
	synchronized long received() {
		return this.elements;
	}

	private void endElement() {
		int size = this.pending.size();
		String text = this.pending.toString(StandardCharsets.UTF_8);
		this.pending.reset();
		if (!this.hasContent) {
			return;
		}
		this.hasContent = false;
		Object element = this.serverSentEvents ? event(text) : text;
		if (this.full) {
			this.elements++;
			return;
		}
		if (element != null) {
			this.elements++;
			this.kept.add(element);
			this.keptBytes += size;
		}
	}

	/**
	 * The data of an event, or its fields when it has more than data; {@code null} for a
	 * comment or blank.
	 */
	private static @Nullable Object event(String text) {
		StringBuilder data = null;
		Map<String, Object> fields = new LinkedHashMap<>();
		for (String line : text.split("\r?\n")) {
			int colon = line.indexOf(':');
			if (line.isEmpty() || colon == 0) {
				continue;
			}
			String field = (colon > 0) ? line.substring(0, colon) : line;
			String value = (colon > 0) ? line.substring(colon + 1) : "";
			if (value.startsWith(" ")) {
				value = value.substring(1);
			}
			if (field.equals("data")) {
				data = (data != null) ? data.append('\n').append(value) : new StringBuilder(value);
			}
			else if (field.equals("event") || field.equals("id") || field.equals("retry")) {
				fields.put(field, value);
			}
		}
		if (fields.isEmpty()) {
			return (data != null) ? data.toString() : null;
		}
		if (data != null) {
			fields.put("data", data.toString());
		}
		return fields;
	}

}
