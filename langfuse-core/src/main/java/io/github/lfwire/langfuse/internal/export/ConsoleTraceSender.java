package io.github.lfwire.langfuse.internal.export;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import io.github.lfwire.langfuse.semconv.LangfuseAttributes;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.trace.data.SpanData;

/**
 * A development exporter that prints each finished trace as an indented tree instead of
 * sending it: name, type, duration, captured input and output sizes, truncation marks and
 * level.
 * <p>
 * Spans wait until their trace's root ends; at most {@value #MAX_OPEN_TRACES} traces
 * wait, older ones are printed as they are.
 */
final class ConsoleTraceSender implements BatchSender<SpanData> {

	static final int MAX_OPEN_TRACES = 256;

	private static final AttributeKey<String> TYPE = AttributeKey.stringKey(LangfuseAttributes.OBSERVATION_TYPE);

	private static final AttributeKey<String> INPUT = AttributeKey.stringKey(LangfuseAttributes.OBSERVATION_INPUT);

	private static final AttributeKey<String> OUTPUT = AttributeKey.stringKey(LangfuseAttributes.OBSERVATION_OUTPUT);

	private static final AttributeKey<String> LEVEL = AttributeKey.stringKey(LangfuseAttributes.OBSERVATION_LEVEL);

	private static final AttributeKey<String> USER = AttributeKey.stringKey(LangfuseAttributes.USER_ID);

	private static final AttributeKey<String> SESSION = AttributeKey.stringKey(LangfuseAttributes.SESSION_ID);

	private static final AttributeKey<List<String>> TAGS = AttributeKey.stringArrayKey(LangfuseAttributes.TRACE_TAGS);

	private static final Function<String, Optional<String>> NO_URL = (traceId) -> Optional.empty();

	private final PrintStream out;

	private final Function<String, Optional<String>> traceUrl;

	private final Map<String, List<SpanData>> open = new LinkedHashMap<>();

	/** Creates a sender that prints to the given stream. */
	ConsoleTraceSender(PrintStream out) {
		this(out, NO_URL);
	}

	/**
	 * Creates a sender that prints to the given stream, with each trace's Langfuse URL
	 * when it is known.
	 */
	ConsoleTraceSender(PrintStream out, Function<String, Optional<String>> traceUrl) {
		this.out = out;
		this.traceUrl = traceUrl;
	}

	@Override
	public synchronized byte[] encode(List<SpanData> batch) {
		StringBuilder text = new StringBuilder();
		for (SpanData span : batch) {
			this.open.computeIfAbsent(span.getTraceId(), (key) -> new ArrayList<>()).add(span);
			if (!span.getParentSpanContext().isValid() || span.getParentSpanContext().isRemote()) {
				render(this.open.remove(span.getTraceId()), text, this.traceUrl);
			}
		}
		Iterator<Map.Entry<String, List<SpanData>>> oldest = this.open.entrySet().iterator();
		while (this.open.size() > MAX_OPEN_TRACES && oldest.hasNext()) {
			render(oldest.next().getValue(), text, this.traceUrl);
			oldest.remove();
		}
		return text.toString().getBytes(StandardCharsets.UTF_8);
	}

	@Override
	public SendOutcome send(byte[] body) {
		if (body.length > 0) {
			this.out.print(new String(body, StandardCharsets.UTF_8));
			this.out.flush();
		}
		return SendOutcome.delivered(0);
	}

	static void render(List<SpanData> spans, StringBuilder text, Function<String, Optional<String>> traceUrl) {
		spans.sort(Comparator.comparingLong(SpanData::getStartEpochNanos));
		Map<String, SpanData> byId = new LinkedHashMap<>();
		Map<String, List<SpanData>> children = new LinkedHashMap<>();
		for (SpanData span : spans) {
			byId.put(span.getSpanId(), span);
		}
		List<SpanData> roots = new ArrayList<>();
		for (SpanData span : spans) {
			String parent = span.getParentSpanContext().isValid() ? span.getParentSpanId() : null;
			if (parent != null && byId.containsKey(parent)) {
				children.computeIfAbsent(parent, (key) -> new ArrayList<>()).add(span);
			}
			else {
				roots.add(span);
			}
		}
		SpanData first = roots.get(0);
		text.append("Langfuse trace ")
			.append(first.getTraceId())
			.append(" (")
			.append(spans.size())
			.append(" observations");
		appendIfPresent(text, ", user ", first.getAttributes().get(USER));
		appendIfPresent(text, ", session ", first.getAttributes().get(SESSION));
		List<String> tags = first.getAttributes().get(TAGS);
		if (tags != null) {
			text.append(", tags ").append(tags);
		}
		text.append(')');
		traceUrl.apply(first.getTraceId()).ifPresent((url) -> text.append(' ').append(url));
		text.append('\n');
		for (SpanData root : roots) {
			renderNode(root, children, 1, text);
		}
	}

	private static void renderNode(SpanData span, Map<String, List<SpanData>> children, int depth, StringBuilder text) {
		text.append("  ".repeat(depth)).append(depth > 1 ? "└─ " : "").append(span.getName());
		String type = span.getAttributes().get(TYPE);
		text.append(" [").append((type != null) ? type : "span").append("] ");
		double millis = (span.getEndEpochNanos() - span.getStartEpochNanos()) / 1_000_000.0;
		text.append(String.format(java.util.Locale.ROOT, "%.1f ms", millis));
		appendPayload(text, " in=", span.getAttributes().get(INPUT));
		appendPayload(text, " out=", span.getAttributes().get(OUTPUT));
		String level = span.getAttributes().get(LEVEL);
		if (level != null && !"DEFAULT".equals(level)) {
			text.append(" level=").append(level);
		}
		text.append('\n');
		for (SpanData child : children.getOrDefault(span.getSpanId(), List.of())) {
			renderNode(child, children, depth + 1, text);
		}
	}

	private static void appendPayload(StringBuilder text, String label, String json) {
		if (json == null) {
			return;
		}
		int bytes = json.getBytes(StandardCharsets.UTF_8).length;
		text.append(label)
			.append(bytes < 1024 ? bytes + " B" : String.format(java.util.Locale.ROOT, "%.1f KB", bytes / 1024.0));
		if (json.startsWith("{\"truncated\":true")) {
			text.append(" (truncated)");
		}
	}

	private static void appendIfPresent(StringBuilder text, String label, String value) {
		if (value != null) {
			text.append(label).append(value);
		}
	}

}
