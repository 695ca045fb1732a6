package io.github.lfwire.langfuse;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

import io.github.lfwire.langfuse.semconv.LangfuseAttributes;
import io.github.lfwire.langfuse.internal.EndSpanProcessor;
import io.github.lfwire.langfuse.internal.LangfuseHttp;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
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

	private static final String INSTRUMENTATION_SCOPE = "io.github.lfwire.langfuse";

	private static final AttributeKey<String> SERVICE_NAME = AttributeKey.stringKey("service.name");

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

	private final Observation[] sampledOutChildren = new Observation[ObservationType.values().length];

	private final Observation[] refusedChildren = new Observation[ObservationType.values().length];

	private final TraceAdmission admission;

	private final LongAdder started = new LongAdder();

	private final LongAdder sampledOut = new LongAdder();

	private final Object lock = new Object();

	private volatile @Nullable SdkTracerProvider tracerProvider;

	private volatile @Nullable Tracer tracer;

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
	}

	/**
	 * The SDK's sampler: children follow their Langfuse parent; every root, its own or
	 * joined to an application span (a remote parent), is decided by the one ratio on its
	 * trace id alone, whatever the application sampled.
	 */
	static Sampler sampler(Sampler ratio) {
		return Sampler.parentBasedBuilder(ratio).setRemoteParentSampled(ratio).setRemoteParentNotSampled(ratio).build();
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
	 * Starts an observation as a child of the current one of this client, or as a new
	 * trace; a trace sampled out builds no span, its root only marks the context. A new
	 * trace that is sampled in is then admitted or refused whole at its root by the room
	 * in the span queue; a refused root also only marks the context, and its descendants
	 * and scores are counted as dropped with it.
	 */
	Observation start(ObservationType type, String name) {
		Context context = Context.current();
		Observation parent = context.get(CURRENT);
		boolean child = parent != null && parent.client() == this.client;
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
			Observation root = sampledOutObservation(type);
			root.attach(context.with(CURRENT, root).makeCurrent());
			return root;
		}
		if (!child && !admitted(join ? application.getSpanContext().getTraceId() : null, name)) {
			this.started.increment();
			Observation root = Observation.refused(this.client, type);
			root.attach(context.with(CURRENT, root).makeCurrent());
			return root;
		}
		SpanBuilder builder = tracer().spanBuilder((name != null) ? name : type.wireName())
			.setAttribute(OBSERVATION_TYPE, type.wireName());
		for (int i = 0; i < this.traceDefaultKeys.length; i++) {
			builder.setAttribute(this.traceDefaultKeys[i], this.traceDefaultValues[i]);
		}
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
		Span span = builder.startSpan();
		this.started.increment();
		TraceAttributes trace = child ? parent.traceAttributes() : null;
		if (!span.isRecording()) {
			this.sampledOut.increment();
			trace = TraceAttributes.NOOP;
		}
		else if (trace == null) {
			Attributes defaults = linkedDefaults(application, span);
			trace = (defaults != this.traceDefaults) ? new TraceAttributes(defaults, true) : null;
		}
		Observation observation = new Observation(this.client, span, trace, type);
		if (child) {
			observation.inheritPrompt(parent);
		}
		Context current = context.with(CURRENT, observation);
		if (join && span.isRecording()) {
			current = Baggage.fromContext(current)
				.toBuilder()
				.put(ApplicationTrace.TRACE_ID_BAGGAGE, span.getSpanContext().getTraceId())
				.build()
				.storeInContext(current);
		}
		observation.attach(current.makeCurrent());
		return observation;
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

	private Tracer tracer() {
		Tracer tracer = this.tracer;
		if (tracer == null) {
			synchronized (this.lock) {
				tracer = this.tracer;
				if (tracer == null) {
					Resource resource = Resource.getDefault().merge(Resource.create(this.traceDefaults));
					if (this.settings.serviceName() != null) {
						resource = resource
							.merge(Resource.create(Attributes.of(SERVICE_NAME, this.settings.serviceName())));
					}
					this.tracerProvider = SdkTracerProvider.builder()
						.setResource(resource)
						.setSampler(sampler(this.ratio))
						.setIdGenerator(this.rootIds)
						.addSpanProcessor(this.spanProcessor)
						.build();
					tracer = this.tracerProvider.get(INSTRUMENTATION_SCOPE, LangfuseHttp.SDK_VERSION);
					this.tracer = tracer;
				}
			}
		}
		return tracer;
	}

	/**
	 * Creates the tracer provider ahead of the first recorded observation, and loads the
	 * SDK's span classes by ending a span of a provider of its own that exports nothing.
	 */
	void prepare() {
		tracer();
		EndSpanProcessor convert = ReadableSpan::toSpanData;
		try (SdkTracerProvider scratch = SdkTracerProvider.builder().addSpanProcessor(convert).build()) {
			scratch.get(INSTRUMENTATION_SCOPE)
				.spanBuilder("prepare")
				.setAttribute(OBSERVATION_TYPE, ObservationType.SPAN.wireName())
				.startSpan()
				.end();
		}
	}

	/** Shuts the tracer provider down if it was created. */
	void shutdown() {
		synchronized (this.lock) {
			if (this.tracerProvider != null) {
				this.tracerProvider.shutdown();
			}
		}
	}

}
