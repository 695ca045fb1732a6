package io.github.lfwire.langfuse;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;
import java.util.function.Supplier;

import io.github.lfwire.langfuse.capture.ImmutableValues.Deferral;
import io.github.lfwire.langfuse.internal.export.DeferredSpanData;
import io.github.lfwire.langfuse.semconv.LangfuseAttributes;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import org.jspecify.annotations.Nullable;

/**
 * One Langfuse observation (span, generation, event, tool...), current on its thread from
 * start until {@link #close()}.
 * <p>
 * Every method is safe to call from any thread, never throws, and does nothing when the
 * observation is not recorded (tracing disabled or the trace sampled out).
 */
public final class Observation implements AutoCloseable {

	private static final AtomicIntegerFieldUpdater<Observation> ENDED = AtomicIntegerFieldUpdater
		.newUpdater(Observation.class, "ended");

	/** Declared before {@link #NOOP}, whose construction uses it. */
	private static final AtomicReferenceFieldUpdater<Observation, TraceAttributes> TRACE = AtomicReferenceFieldUpdater
		.newUpdater(Observation.class, TraceAttributes.class, "trace");

	static final Observation NOOP = new Observation(null, Span.getInvalid(), TraceAttributes.NOOP,
			ObservationType.SPAN);

	private static final AttributeKey<String> INPUT = AttributeKey.stringKey(LangfuseAttributes.OBSERVATION_INPUT);

	private static final AttributeKey<String> OUTPUT = AttributeKey.stringKey(LangfuseAttributes.OBSERVATION_OUTPUT);

	private static final AttributeKey<String> LEVEL = AttributeKey.stringKey(LangfuseAttributes.OBSERVATION_LEVEL);

	private static final AttributeKey<String> STATUS_MESSAGE = AttributeKey
		.stringKey(LangfuseAttributes.OBSERVATION_STATUS_MESSAGE);

	private static final AttributeKey<String> VERSION = AttributeKey.stringKey(LangfuseAttributes.VERSION);

	private static final AttributeKey<String> MODEL_NAME = AttributeKey
		.stringKey(LangfuseAttributes.OBSERVATION_MODEL_NAME);

	private static final AttributeKey<String> MODEL_PARAMETERS = AttributeKey
		.stringKey(LangfuseAttributes.OBSERVATION_MODEL_PARAMETERS);

	private static final AttributeKey<String> USAGE_DETAILS = AttributeKey
		.stringKey(LangfuseAttributes.OBSERVATION_USAGE_DETAILS);

	private static final AttributeKey<String> COST_DETAILS = AttributeKey
		.stringKey(LangfuseAttributes.OBSERVATION_COST_DETAILS);

	private static final AttributeKey<String> COMPLETION_START_TIME = AttributeKey
		.stringKey(LangfuseAttributes.OBSERVATION_COMPLETION_START_TIME);

	private static final AttributeKey<String> PROMPT_NAME = AttributeKey
		.stringKey(LangfuseAttributes.OBSERVATION_PROMPT_NAME);

	private static final AttributeKey<Long> PROMPT_VERSION = AttributeKey
		.longKey(LangfuseAttributes.OBSERVATION_PROMPT_VERSION);

	private final LangfuseClient client;

	private final Span span;

	private volatile @Nullable TraceAttributes trace;

	private final ObservationType type;

	private final boolean recording;

	private final boolean refused;

	private volatile int ended;

	private static volatile boolean tracingStarted;

	/**
	 * The scope that made this observation current, written by {@link #attach} and read
	 * and cleared by {@link #detach} on the owner thread only; plain, since no other
	 * thread acts on it (a stale read elsewhere fails the owner check).
	 */
	private @Nullable Scope scope;

	/** The thread that started this observation, written once before it is shared. */
	private @Nullable Thread owner;

	private volatile @Nullable PromptLink promptLink;

	private volatile @Nullable Deferral deferredInput;

	private volatile @Nullable Deferral deferredOutput;

	/**
	 * Creates an observation; a {@code null} trace stands for a new trace with the
	 * client's defaults, whose attributes are created when first asked for.
	 */
	Observation(LangfuseClient client, Span span, @Nullable TraceAttributes trace, ObservationType type) {
		this(client, span, span.isRecording(), trace, type, false);
	}

	/**
	 * Creates an observation of a span whose {@link Span#isRecording()} the caller has
	 * just read, sparing the SDK span's lock a second time.
	 */
	Observation(LangfuseClient client, Span span, boolean spanRecording, @Nullable TraceAttributes trace,
			ObservationType type) {
		this(client, span, spanRecording, trace, type, false);
	}

	private Observation(LangfuseClient client, Span span, boolean spanRecording, @Nullable TraceAttributes trace,
			ObservationType type, boolean refused) {
		this.client = client;
		this.span = span;
		if (trace != null) {
			// a release store: the observation reaches other threads only through the
			// context, whose hand-over orders this write before their reads
			TRACE.lazySet(this, trace);
		}
		this.type = type;
		this.recording = client != null && spanRecording;
		this.refused = refused;
	}

	/**
	 * An observation of a trace refused at its root because the export queue was above
	 * its high-water mark: it records nothing, and its scores are counted as dropped.
	 */
	static Observation refused(LangfuseClient client, ObservationType type) {
		return new Observation(client, Span.getInvalid(), false, TraceAttributes.NOOP, type, true);
	}

	/** Whether this observation belongs to a trace refused at its root. */
	boolean isRefused() {
		return this.refused;
	}

	/**
	 * Whether an enabled client has started an observation in this JVM, recorded or
	 * sampled out; before that, and with tracing disabled, calls outside an observation
	 * are not worth a warning.
	 */
	static boolean tracingStarted() {
		return tracingStarted;
	}

	/**
	 * The observation that is current on this thread, or a no-op observation when there
	 * is none.
	 */
	public static Observation current() {
		return LangfuseClient.currentObservation();
	}

	/** The observation that records nothing, returned whenever there is no real one. */
	public static Observation noop() {
		return NOOP;
	}

	/**
	 * Wraps an executor so that each task runs with the observation that was current when
	 * it was handed over, for executors that the application creates itself.
	 */
	public static Executor taskWrapping(Executor executor) {
		return Context.taskWrapping(executor);
	}

	/**
	 * Wraps an executor service so that each task runs with the observation that was
	 * current when it was submitted, for executors that the application creates itself.
	 */
	public static ExecutorService taskWrapping(ExecutorService executor) {
		return Context.taskWrapping(executor);
	}

	void attach(Scope scope) {
		if (!tracingStarted) {
			tracingStarted = true;
		}
		this.scope = scope;
		this.owner = Thread.currentThread();
	}

	Span span() {
		return this.span;
	}

	TraceAttributes traceAttributes() {
		TraceAttributes trace = this.trace;
		if (trace == null) {
			TraceAttributes created = new TraceAttributes(this.client.parts().traceDefaults(), true);
			trace = TRACE.compareAndSet(this, null, created) ? created : this.trace;
		}
		return trace;
	}

	LangfuseClient client() {
		return this.client;
	}

	/** Whether this observation is recorded and will be exported. */
	public boolean isRecording() {
		return this.recording;
	}

	/** The observation type. */
	public ObservationType type() {
		return this.type;
	}

	/** The trace id, 32 hex characters (all zeros for a no-op observation). */
	public String traceId() {
		return this.span.getSpanContext().getTraceId();
	}

	/** The observation id, 16 hex characters (all zeros for a no-op observation). */
	public String id() {
		return this.span.getSpanContext().getSpanId();
	}

	/**
	 * This observation's trace page in Langfuse; empty for a no-op or sampled-out
	 * observation, and until the client knows its project.
	 */
	public Optional<String> traceUrl() {
		return this.recording ? this.client.traceUrl(traceId()) : Optional.empty();
	}

	/** The trace-level fields of this observation's trace. */
	public TraceAttributes trace() {
		if (this == NOOP) {
			return TraceAttributes.OUTSIDE_OBSERVATION;
		}
		return this.recording ? traceAttributes() : TraceAttributes.NOOP;
	}

	/**
	 * Captures the input as bounded JSON: a value that cannot change (text, numbers,
	 * records and immutable collections of such values), or a copy of the JDK maps and
	 * lists holding such values, is serialized on the export thread, any other before
	 * this call returns; the JSON is the same either way.
	 */
	public Observation input(@Nullable Object input) {
		if (this.recording) {
			this.deferredInput = capture(INPUT, input, "input");
		}
		return this;
	}

	/** Captures the output as bounded JSON, as {@link #input(Object)} does the input. */
	public Observation output(@Nullable Object output) {
		if (this.recording) {
			this.deferredOutput = capture(OUTPUT, output, "output");
		}
		return this;
	}

	/**
	 * Keeps a value that cannot change, or a copy of its mutable maps and lists, for the
	 * export thread, or sets its JSON now.
	 * @return what is kept, or {@code null} when its JSON is set
	 */
	private @Nullable Deferral capture(AttributeKey<String> key, @Nullable Object value, String field) {
		Capturing capturing = this.client.capturing();
		Deferral deferral = capturing.deferral(value);
		if (deferral.isKept()) {
			return deferral;
		}
		this.span.setAttribute(key, capturing.json(value, this.span, field));
		return null;
	}

	/**
	 * Captures the elements of a streamed result as output: the list itself when it holds
	 * all {@code total} elements, else
	 * {@code {"truncated":true,"reason":...,"items":total,"shown":n,"elements":[...]}}.
	 * @param elements the elements kept, in order
	 * @param total how many elements the stream produced
	 */
	public Observation outputElements(@Nullable List<?> elements, long total) {
		if (!this.recording || elements == null) {
			return this;
		}
		if (total <= elements.size()) {
			return output(elements);
		}
		Map<String, Object> wrapper = new LinkedHashMap<>();
		wrapper.put("truncated", true);
		wrapper.put("reason", "more elements than the capture keeps");
		wrapper.put("items", total);
		wrapper.put("shown", elements.size());
		wrapper.put("elements", elements);
		this.client.capturing().countTruncated();
		return output(wrapper);
	}

	/**
	 * Adds a metadata entry; text, numbers and booleans are stored as text, other values
	 * as bounded JSON.
	 */
	public Observation metadata(@Nullable String key, @Nullable Object value) {
		if (this.recording && key != null) {
			this.span.setAttribute(LangfuseAttributes.OBSERVATION_METADATA_PREFIX + key, scalarOrJson(value));
		}
		return this;
	}

	/** Adds metadata entries. */
	public Observation metadata(@Nullable Map<String, ?> metadata) {
		if (this.recording && metadata != null) {
			metadata.forEach(this::metadata);
		}
		return this;
	}

	/**
	 * Sets a span attribute on this observation only, for Langfuse attributes that have
	 * no method here, such as {@code langfuse.experiment.item.expected_output}.
	 */
	public Observation attribute(@Nullable String key, @Nullable String value) {
		if (this.recording && key != null && value != null) {
			this.span.setAttribute(key, value);
		}
		return this;
	}

	/** Sets the level. */
	public Observation level(@Nullable ObservationLevel level) {
		if (this.recording && level != null) {
			this.span.setAttribute(LEVEL, level.name());
		}
		return this;
	}

	/** Sets the status message. */
	public Observation statusMessage(@Nullable String message) {
		if (this.recording && message != null) {
			this.span.setAttribute(STATUS_MESSAGE, message);
		}
		return this;
	}

	/** Sets the version of the code or prompt that produced this observation. */
	public Observation version(@Nullable String version) {
		if (this.recording && version != null) {
			this.span.setAttribute(VERSION, version);
		}
		return this;
	}

	/**
	 * Marks the observation failed: level ERROR, the exception's type and message as
	 * status message.
	 */
	public Observation recordException(@Nullable Throwable error) {
		if (this.recording && error != null) {
			String message = error.getClass().getSimpleName()
					+ ((error.getMessage() != null) ? ": " + error.getMessage() : "");
			this.span.setAttribute(LEVEL, ObservationLevel.ERROR.name());
			this.span.setAttribute(STATUS_MESSAGE, message);
			this.span.setStatus(StatusCode.ERROR, message);
		}
		return this;
	}

	/** Sets the model of a generation or embedding. */
	public Observation model(@Nullable String model) {
		if (this.recording && model != null) {
			this.span.setAttribute(MODEL_NAME, model);
		}
		return this;
	}

	/**
	 * Sets the model parameters; values that are not text, numbers, booleans, text lists
	 * or text maps are stored as text.
	 */
	public Observation modelParameters(@Nullable Map<String, ?> parameters) {
		if (this.recording && parameters != null) {
			Map<String, Object> safe = new LinkedHashMap<>();
			parameters.forEach((key, value) -> safe.put(String.valueOf(key), ModelParameters.normalize(value)));
			this.span.setAttribute(MODEL_PARAMETERS, this.client.capturing().writeJson(safe));
		}
		return this;
	}

	/**
	 * Sets token usage such as {@code input}, {@code output} and {@code total}; negative
	 * counts are left out.
	 */
	public Observation usageDetails(@Nullable Map<String, ? extends Number> usage) {
		if (this.recording && usage != null) {
			Map<String, Long> safe = new LinkedHashMap<>();
			usage.forEach((key, value) -> {
				if (key != null && value != null && value.longValue() >= 0) {
					safe.put(key, value.longValue());
				}
			});
			this.span.setAttribute(USAGE_DETAILS, this.client.capturing().writeJson(safe));
		}
		return this;
	}

	/** Sets input, output and total token usage. */
	public Observation usage(long inputTokens, long outputTokens) {
		Map<String, Long> usage = new LinkedHashMap<>();
		usage.put("input", inputTokens);
		usage.put("output", outputTokens);
		usage.put("total", inputTokens + outputTokens);
		return usageDetails(usage);
	}

	/**
	 * Sets cost in USD, such as {@code input}, {@code output} and {@code total};
	 * non-finite values are left out.
	 */
	public Observation costDetails(@Nullable Map<String, ? extends Number> cost) {
		if (this.recording && cost != null) {
			Map<String, Double> safe = new LinkedHashMap<>();
			cost.forEach((key, value) -> {
				if (key != null && value != null && Double.isFinite(value.doubleValue())) {
					safe.put(key, value.doubleValue());
				}
			});
			this.span.setAttribute(COST_DETAILS, this.client.capturing().writeJson(safe));
		}
		return this;
	}

	/** Sets when the first token of a streamed completion arrived. */
	public Observation completionStartTime(@Nullable Instant time) {
		if (this.recording && time != null) {
			this.span.setAttribute(COMPLETION_START_TIME, DateTimeFormatter.ISO_INSTANT.format(time));
		}
		return this;
	}

	/**
	 * Links the generation to a managed prompt version; on any observation, also links
	 * the generations started beneath it afterwards.
	 */
	public Observation prompt(@Nullable String name, int version) {
		if (this.recording && name != null) {
			this.promptLink = new PromptLink(name, version);
		}
		return this;
	}

	/**
	 * Links this generation, and the generations started beneath this observation
	 * afterwards (such as those an LLM framework records), to the Langfuse prompt it
	 * used. A fallback prompt, which is no version stored in Langfuse, is never linked
	 * and removes a link inherited from an enclosing observation. Langfuse shows the link
	 * on generations only, so no other observation type carries it.
	 */
	public Observation prompt(@Nullable PromptVersion prompt) {
		if (this.recording && prompt != null) {
			this.promptLink = prompt.isFallback() ? PromptLink.NONE : new PromptLink(prompt.name(), prompt.version());
		}
		return this;
	}

	void inheritPrompt(Observation parent) {
		PromptLink inherited = parent.promptLink;
		if (this.recording && inherited != null && inherited != PromptLink.NONE) {
			this.promptLink = inherited;
		}
	}

	/**
	 * Sends a score for this observation; invalid scores are logged and counted, never
	 * thrown.
	 */
	public Observation score(Score.@Nullable Builder score) {
		if (this.recording && score != null) {
			this.client.score(score.traceId(traceId()).observationId(id()));
		}
		else if (this.refused && score != null) {
			this.client.parts().scoreRefused();
		}
		return this;
	}

	/** Sends a score for this observation's trace. */
	public Observation scoreTrace(Score.@Nullable Builder score) {
		if (this.recording && score != null) {
			this.client.score(score.traceId(traceId()));
		}
		else if (this.refused && score != null) {
			this.client.parts().scoreRefused();
		}
		return this;
	}

	/** Ends the observation, stamping the trace attributes; later calls do nothing. */
	public void end() {
		if (this.recording && ENDED.compareAndSet(this, 0, 1)) {
			PromptLink link = this.promptLink;
			if (link != null && link != PromptLink.NONE && this.type == ObservationType.GENERATION) {
				this.span.setAttribute(PROMPT_NAME, link.name());
				this.span.setAttribute(PROMPT_VERSION, (long) link.version());
			}
			TraceAttributes trace = this.trace;
			Attributes attributes = (trace != null) ? trace.attributes() : null;
			if (attributes != null && attributes != this.client.parts().traceDefaults()) {
				this.span.setAllAttributes(attributes);
			}
			Deferral input = this.deferredInput;
			Deferral output = this.deferredOutput;
			if (input == null && output == null) {
				this.span.end();
			}
			else {
				long bytes = ((input != null) ? input.bytes() : 0) + ((output != null) ? output.bytes() : 0);
				Capturing capturing = this.client.capturing();
				DeferredSpanData.end(this.span, bytes, () -> deferredAttributes(capturing, input, output));
			}
		}
	}

	/**
	 * Restores the observation that was current before this one started, without ending
	 * it; for work that ends on another thread. Does nothing on a thread other than the
	 * one that started it.
	 */
	public void detach() {
		Scope current = this.scope;
		if (current != null && this.owner == Thread.currentThread()) {
			this.scope = null;
			current.close();
		}
	}

	/**
	 * Makes this observation current on the calling thread until the returned scope is
	 * closed, without ending it; for carrying it to another thread. A no-op observation
	 * clears the current one instead.
	 */
	public Scope makeCurrent() {
		return LangfuseClient.makeCurrent(this);
	}

	/**
	 * Runs the task with this observation current on the calling thread, then restores
	 * what was current; for work on threads the observation does not reach by itself,
	 * such as a parallel stream's.
	 */
	public void run(Runnable task) {
		try (Scope scope = makeCurrent()) {
			task.run();
		}
	}

	/**
	 * Computes a value with this observation current on the calling thread, then restores
	 * what was current.
	 */
	public <T> T supply(Supplier<T> task) {
		try (Scope scope = makeCurrent()) {
			return task.get();
		}
	}

	/**
	 * A task that runs the given one with this observation current, on whatever thread
	 * runs it.
	 */
	public Runnable wrap(Runnable task) {
		return () -> run(task);
	}

	/**
	 * A task that calls the given one with this observation current, on whatever thread
	 * calls it.
	 */
	public <T> Callable<T> wrap(Callable<T> task) {
		return () -> {
			try (Scope scope = makeCurrent()) {
				return task.call();
			}
		};
	}

	/** Ends the observation and restores the previous current one. */
	@Override
	public void close() {
		end();
		detach();
	}

	private String scalarOrJson(Object value) {
		if (value instanceof String text) {
			return this.client.capturing().metadataText(text, this.span);
		}
		if (value instanceof CharSequence || value instanceof Number || value instanceof Boolean
				|| value instanceof Enum<?> || value == null) {
			return this.client.capturing().boundText(String.valueOf(value));
		}
		return this.client.capturing().json(value, this.span, "metadata");
	}

	@Override
	public String toString() {
		return "Observation{type=" + this.type + ", traceId=" + traceId() + ", id=" + id() + ", recording="
				+ this.recording + "}";
	}

	/** The prompt version an observation and the generations beneath it are linked to. */
	private record PromptLink(String name, int version) {

		static final PromptLink NONE = new PromptLink("", 0);

	}

	/** The input and output kept for the export thread, serialized. */
	private static Attributes deferredAttributes(Capturing capturing, @Nullable Deferral input,
			@Nullable Deferral output) {
		AttributesBuilder attributes = Attributes.builder();
		if (input != null) {
			attributes.put(INPUT, capturing.json(input.value()));
		}
		if (output != null) {
			attributes.put(OUTPUT, capturing.json(output.value()));
		}
		return attributes.build();
	}

	/** Reduces model parameter values to the shapes the server accepts. */
	static final class ModelParameters {

		private ModelParameters() {
		}

		static Object normalize(Object value) {
			if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean) {
				return value;
			}
			if (value instanceof Collection<?> list && list.stream().allMatch(String.class::isInstance)) {
				return list;
			}
			if (value instanceof Map<?, ?> map && map.keySet().stream().allMatch(String.class::isInstance)
					&& map.values().stream().allMatch(String.class::isInstance)) {
				return map;
			}
			try {
				return String.valueOf(value);
			}
			catch (RuntimeException ex) {
				return "<" + value.getClass().getName() + ">";
			}
		}

	}

}
