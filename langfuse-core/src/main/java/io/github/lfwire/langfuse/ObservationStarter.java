package io.github.lfwire.langfuse;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

import io.github.lfwire.langfuse.semconv.LangfuseAttributes;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingDecision;
import org.jspecify.annotations.Nullable;

/**
 * Starts observations: samples every root by one trace-id ratio, relates a root to a
 * current application span as {@link ApplicationTrace} says, stamps the trace defaults,
 * and owns the private tracer provider, created by the first recorded observation.
 */
final class ObservationStarter {

	static final ContextKey<Observation> CURRENT = ContextKey.named("lfwire-langfuse-observation");

	/**
	 * Starts with {@code langfuse-sdk}, so the server keeps no copy of every span
	 * attribute in the observation's metadata.
	 */
	static final String INSTRUMENTATION_SCOPE = "langfuse-sdk-java";

	private static final Logger logger = System.getLogger(LangfuseClient.class.getName());

	private static final AttributeKey<String> OBSERVATION_TYPE = AttributeKey
		.stringKey(LangfuseAttributes.OBSERVATION_TYPE);

	private static final AttributeKey<Boolean> INTERNAL_IS_APP_ROOT = AttributeKey
		.booleanKey(LangfuseAttributes.INTERNAL_IS_APP_ROOT);

	private final LangfuseClient client;

	private final TracingSettings settings;

	private final SpanProcessor spanProcessor;

	private final Sampler ratio;

	private final RootTraceIds rootIds = new RootTraceIds();

	private final Attributes traceDefaults;

	private final AttributeKey<Object>[] traceDefaultKeys;

	private final Object[] traceDefaultValues;

	private final LangfuseTracers tracers;

	private final Observation[] sampledOutChildren = new Observation[ObservationType.values().length];

	private final Observation[] refusedChildren = new Observation[ObservationType.values().length];

	private final TraceAdmission admission;

	private final LongAdder started = new LongAdder();

	private final LongAdder sampledOut = new LongAdder();

	/**
	 * @param admission decides whether a new trace is recorded by the room in the span
	 * queue
	 */
	ObservationStarter(LangfuseClient client, TracingSettings settings, SpanProcessor spanProcessor,
			TraceAdmission admission) {
		this.client = client;
		this.admission = admission;
		this.settings = settings;
		this.spanProcessor = spanProcessor;
		this.ratio = Sampler.traceIdRatioBased(settings.sampleRate());
		AttributesBuilder defaults = Attributes.builder();
		if (settings.environment() != null) {
			defaults.put(LangfuseAttributes.ENVIRONMENT, settings.environment());
		}
		if (settings.release() != null) {
			defaults.put(LangfuseAttributes.RELEASE, settings.release());
		}
		this.traceDefaults = defaults.build();
		this.traceDefaultKeys = keys(this.traceDefaults);
		this.traceDefaultValues = new Object[this.traceDefaultKeys.length];
		for (int i = 0; i < this.traceDefaultKeys.length; i++) {
			this.traceDefaultValues[i] = this.traceDefaults.get(this.traceDefaultKeys[i]);
		}
		for (ObservationType type : ObservationType.values()) {
			this.sampledOutChildren[type.ordinal()] = sampledOutObservation(type);
			this.refusedChildren[type.ordinal()] = Observation.refused(client, type);
		}
		this.tracers = new LangfuseTracers(settings, this.traceDefaults, spanProcessor, this.ratio, this.rootIds);
	}

	@SuppressWarnings("unchecked")
	private static AttributeKey<Object>[] keys(Attributes attributes) {
		List<AttributeKey<?>> keys = new ArrayList<>(attributes.size());
		attributes.forEach((key, value) -> keys.add(key));
		return keys.toArray(AttributeKey[]::new);
	}

	/** The attributes every span starts with. */
	Attributes traceDefaults() {
		return this.traceDefaults;
	}

	long started() {
		return this.started.sum();
	}

	long sampledOut() {
		return this.sampledOut.sum();
	}

	/**
	 * Starts an observation as a child of the current one, through the current one's
	 * client when it is another's, or as a new trace; a trace sampled out builds no span,
	 * its root only marks the context. A new trace that is sampled in is then admitted or
	 * refused whole at its root by the room in the span queue; a refused root also only
	 * marks the context, and its descendants and scores are counted as dropped with it.
	 * @param trace the trace (and parent span) to start in instead, or {@code null}
	 */
	Observation start(ObservationType type, String name, @Nullable TraceContext trace) {
		Context context = Context.current();
		if (trace != null) {
			if (trace.isValid()) {
				return startIn(trace, type, name, context);
			}
			logger.log(Level.WARNING, "Langfuse observation '" + name + "' starts a new trace: " + trace
					+ " is not a valid trace id and parent span id (32 and 16 lowercase hex characters)");
		}
		Observation parent = context.get(CURRENT);
		if (parent != null && parent.client() != this.client && parent.client() != null) {
			return parent.client().startChild(type, name);
		}
		boolean child = parent != null;
		if (child && parent.isRefused()) {
			this.started.increment();
			this.admission.refuseChild();
			return this.refusedChildren[type.ordinal()];
		}
		@Nullable Span application = child ? null : applicationSpan(context);
		boolean join = application != null && this.settings.applicationTrace() == ApplicationTrace.JOIN;
		@Nullable String rootTraceId = (child || join) ? null : sampleNewTrace(name);
		if (child ? !parent.isRecording() : (!join && rootTraceId == null)) {
			this.started.increment();
			this.sampledOut.increment();
			if (child) {
				return this.sampledOutChildren[type.ordinal()];
			}
			return sampledOutRoot(type, context);
		}
		if (!child && !admitted(join ? application.getSpanContext().getTraceId() : null, name)) {
			return refusedRoot(type, context);
		}
		SpanBuilder builder = spanBuilder(this.tracers.tracer(), type, name);
		if (child) {
			builder.setParent(ParentContext.of(parent.span()));
		}
		else if (join) {
			SpanContext app = application.getSpanContext();
			builder.setParent(ParentContext.of(Span.wrap(SpanContext.createFromRemoteParent(app.getTraceId(),
					app.getSpanId(), app.getTraceFlags(), app.getTraceState()))));
			if (!app.getTraceId()
				.equals(Baggage.fromContext(context).getEntryValue(ApplicationTrace.TRACE_ID_BAGGAGE))) {
				builder.setAttribute(INTERNAL_IS_APP_ROOT, true);
			}
		}
		else {
			builder.setNoParent();
			if (!rootTraceId.isEmpty()) {
				this.rootIds.useNext(rootTraceId);
			}
		}
		return record(builder, type, context, child ? parent : null, application, join);
	}

	/**
	 * Starts the root of a given trace, or a child of a given span in it, decided by the
	 * ratio on that trace's id, so that every service continuing the trace decides alike.
	 */
	private Observation startIn(TraceContext trace, ObservationType type, String name, Context context) {
		boolean recorded = this.settings.sampleRate() >= 1.0
				|| (this.settings.sampleRate() > 0.0 && !ratioDrops(trace.traceId(), name));
		if (!recorded) {
			this.started.increment();
			this.sampledOut.increment();
			return sampledOutRoot(type, context);
		}
		if (!this.admission.admit(trace.traceId())) {
			return refusedRoot(type, context);
		}
		SpanBuilder builder;
		if (trace.parentSpanId() != null) {
			builder = spanBuilder(this.tracers.tracer(), type, name);
			builder.setParent(ParentContext.of(Span.wrap(SpanContext.createFromRemoteParent(trace.traceId(),
					trace.parentSpanId(), TraceFlags.getSampled(), TraceState.getDefault()))));
		}
		else {
			builder = spanBuilder(
					(this.settings.sampleRate() >= 1.0) ? this.tracers.seededTracer() : this.tracers.tracer(), type,
					name);
			builder.setNoParent();
			this.rootIds.useNext(trace.traceId());
		}
		return record(builder, type, context, null, null, false);
	}

	private SpanBuilder spanBuilder(Tracer tracer, ObservationType type, @Nullable String name) {
		SpanBuilder builder = tracer.spanBuilder((name != null) ? name : type.wireName())
			.setAttribute(OBSERVATION_TYPE, type.wireName());
		for (int i = 0; i < this.traceDefaultKeys.length; i++) {
			builder.setAttribute(this.traceDefaultKeys[i], this.traceDefaultValues[i]);
		}
		return builder;
	}

	private Observation record(SpanBuilder builder, ObservationType type, Context context, @Nullable Observation parent,
			@Nullable Span application, boolean join) {
		Span span = builder.startSpan();
		boolean recording = span.isRecording();
		this.started.increment();
		TraceAttributes trace = (parent != null) ? parent.traceAttributes() : null;
		if (!recording) {
			this.sampledOut.increment();
			trace = TraceAttributes.NOOP;
		}
		else if (trace == null) {
			Attributes defaults = linkedDefaults(application, span);
			trace = (defaults != this.traceDefaults) ? new TraceAttributes(defaults, true) : null;
		}
		Observation observation = new Observation(this.client, span, recording, trace, type);
		if (parent != null) {
			observation.inheritPrompt(parent);
		}
		Context current = context.with(CURRENT, observation);
		if (join && recording) {
			current = Baggage.fromContext(current)
				.toBuilder()
				.put(ApplicationTrace.TRACE_ID_BAGGAGE, span.getSpanContext().getTraceId())
				.build()
				.storeInContext(current);
		}
		observation.attach(current.makeCurrent());
		return observation;
	}

	private Observation refusedRoot(ObservationType type, Context context) {
		this.started.increment();
		Observation root = Observation.refused(this.client, type);
		root.attach(context.with(CURRENT, root).makeCurrent());
		return root;
	}

	private Observation sampledOutRoot(ObservationType type, Context context) {
		Observation root = sampledOutObservation(type);
		root.attach(context.with(CURRENT, root).makeCurrent());
		return root;
	}

	/**
	 * Decides a root of its own trace by the ratio on a trace id drawn for it.
	 * @return the trace id to start the root with, empty to let the SDK draw it (every
	 * trace is recorded), or {@code null} when the trace is sampled out
	 */
	private @Nullable String sampleNewTrace(@Nullable String name) {
		double rate = this.settings.sampleRate();
		if (rate >= 1.0) {
			return "";
		}
		if (rate <= 0.0) {
			return null;
		}
		String traceId = this.rootIds.draw();
		return ratioDrops(traceId, name) ? null : traceId;
	}

	private boolean ratioDrops(String traceId, @Nullable String name) {
		return this.ratio
			.shouldSample(Context.root(), traceId, (name != null) ? name : "", SpanKind.INTERNAL, Attributes.empty(),
					List.of())
			.getDecision() == SamplingDecision.DROP;
	}

	/**
	 * Whether a root that sampling recorded is admitted; a joined root that the ratio
	 * samples out is left to the SDK's sampler and not counted as refused.
	 */
	private boolean admitted(@Nullable String joinedTraceId, @Nullable String name) {
		if (joinedTraceId != null && this.settings.sampleRate() < 1.0 && ratioDrops(joinedTraceId, name)) {
			return true;
		}
		return this.admission.admit(joinedTraceId);
	}

	private Observation sampledOutObservation(ObservationType type) {
		return new Observation(this.client, Span.getInvalid(), TraceAttributes.NOOP, type);
	}

	private @Nullable Span applicationSpan(Context context) {
		if (this.settings.applicationTrace() == ApplicationTrace.NONE) {
			return null;
		}
		Span span = Span.fromContext(context);
		if (!span.getSpanContext().isValid() || (span instanceof ReadableSpan readable
				&& INSTRUMENTATION_SCOPE.equals(readable.getInstrumentationScopeInfo().getName()))) {
			return null;
		}
		return span;
	}

	private Attributes linkedDefaults(@Nullable Span application, Span root) {
		if (application == null || this.settings.applicationTrace() != ApplicationTrace.LINK) {
			return this.traceDefaults;
		}
		SpanContext app = application.getSpanContext();
		if (application.isRecording()) {
			application.setAttribute(ApplicationTrace.LANGFUSE_TRACE_ID, root.getSpanContext().getTraceId());
		}
		return this.traceDefaults.toBuilder()
			.put(LangfuseAttributes.TRACE_METADATA_PREFIX + ApplicationTrace.APP_TRACE_ID_KEY, app.getTraceId())
			.put(LangfuseAttributes.TRACE_METADATA_PREFIX + ApplicationTrace.APP_SPAN_ID_KEY, app.getSpanId())
			.build();
	}

	/** Creates the tracer provider ahead of the first recorded observation. */
	void prepare() {
		this.tracers.prepare();
	}

	/** Shuts the tracer providers down if they were created. */
	void shutdown() {
		this.tracers.shutdown();
	}

}
