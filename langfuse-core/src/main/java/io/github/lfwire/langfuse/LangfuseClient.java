package io.github.lfwire.langfuse;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;

import io.github.lfwire.langfuse.capture.Captured;
import io.github.lfwire.langfuse.capture.PayloadCapture;
import io.github.lfwire.langfuse.export.ExportPipeline;
import io.github.lfwire.langfuse.export.ExportResult;
import io.github.lfwire.langfuse.export.ExportSettings;
import io.github.lfwire.langfuse.export.ExportStats;
import io.github.lfwire.langfuse.internal.LangfuseHttp;
import io.github.lfwire.langfuse.media.MediaSink;
import io.github.lfwire.langfuse.media.MediaStats;
import io.github.lfwire.langfuse.media.MediaUploader;
import io.github.lfwire.langfuse.score.ScoreEvent;
import io.github.lfwire.langfuse.score.ScoreExport;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Langfuse client: starts observations and exports them to Langfuse over OTLP in the
 * background.
 * <p>
 * Create one per application and share it; it is thread-safe. Its OpenTelemetry tracer
 * provider is private: it is never registered globally and exports only Langfuse
 * observations. An application span current when a trace starts is linked or joined as
 * {@link ApplicationTrace} describes. Without credentials it is a no-op.
 */
public final class LangfuseClient implements AutoCloseable {

	/** How long {@link #close()} waits for queued data to be delivered. */
	public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(10);

	private static final Logger logger = System.getLogger(LangfuseClient.class.getName());

	private static final ContextKey<Observation> CURRENT = ContextKey.named("lfwire-langfuse-observation");

	private static final AttributeKey<String> SERVICE_NAME = AttributeKey.stringKey("service.name");

	private static final AttributeKey<String> OBSERVATION_TYPE = AttributeKey
		.stringKey(LangfuseAttributes.OBSERVATION_TYPE);

	private static final AttributeKey<Boolean> INTERNAL_IS_APP_ROOT = AttributeKey
		.booleanKey(LangfuseAttributes.INTERNAL_IS_APP_ROOT);

	private static final Set<String> LOCAL_HOSTS = Set.of("localhost", "127.0.0.1", "::1", "[::1]");

	private static final String INSTRUMENTATION_SCOPE = "io.github.lfwire.langfuse";

	private static final ExportStats NO_EXPORT = ExportStats.none();

	private final LangfuseConfig config;

	private final String disabledReason;

	private final Object lazyLock = new Object();

	private volatile @Nullable PayloadCapture capture;

	private volatile @Nullable ObjectMapper internalMapper;

	private final LangfuseHttp http;

	private final String destination;

	private final SpanProcessor spanProcessor;

	private volatile @Nullable SdkTracerProvider tracerProvider;

	private volatile @Nullable Tracer tracer;

	private final ExportPipeline<SpanData> spanExporter;

	private final ExportPipeline<ScoreEvent> scoreExporter;

	private final MediaUploader media;

	private final Attributes traceDefaults;

	private final AttributeKey<Object>[] traceDefaultKeys;

	private final Object[] traceDefaultValues;

	private final java.util.concurrent.atomic.AtomicBoolean shutDown = new java.util.concurrent.atomic.AtomicBoolean();

	private final LongAdder started = new LongAdder();

	private final LongAdder sampledOut = new LongAdder();

	private final LongAdder truncated = new LongAdder();

	private final LongAdder invalidScores = new LongAdder();

	private final Observation[] sampledOutChildren = new Observation[ObservationType.values().length];

	private LangfuseClient(LangfuseConfig config) {
		this.config = config;
		for (ObservationType type : ObservationType.values()) {
			this.sampledOutChildren[type.ordinal()] = sampledOutObservation(type);
		}
		this.disabledReason = config.disabledReason();
		if (this.disabledReason != null) {
			if (config.enabled()) {
				logger.log(Level.WARNING, "Langfuse tracing is off: " + this.disabledReason + ".");
			}
			this.traceDefaults = null;
			this.traceDefaultKeys = null;
			this.traceDefaultValues = null;
			this.http = null;
			this.destination = "nowhere";
			this.spanProcessor = null;
			this.spanExporter = null;
			this.scoreExporter = null;
			this.media = null;
			return;
		}
		AttributesBuilder defaults = Attributes.builder();
		if (config.environment() != null) {
			defaults.put(LangfuseAttributes.ENVIRONMENT, config.environment());
		}
		if (config.release() != null) {
			defaults.put(LangfuseAttributes.RELEASE, config.release());
		}
		this.traceDefaults = defaults.build();
		this.traceDefaultKeys = keys(this.traceDefaults);
		this.traceDefaultValues = new Object[this.traceDefaultKeys.length];
		for (int i = 0; i < this.traceDefaultKeys.length; i++) {
			this.traceDefaultValues[i] = this.traceDefaults.get(this.traceDefaultKeys[i]);
		}
		String destination;
		if (config.hasCredentials()) {
			warnIfPlainHttp(config);
			this.http = new LangfuseHttp(config.host(), config.publicKey(), config.secretKey(), config.exportTimeout());
			destination = config.host() + " (public key " + config.maskedPublicKey() + ")";
		}
		else {
			this.http = null;
			destination = "the console";
			logger.log(Level.INFO, "Langfuse traces are printed to the console (" + config.missingCredentials()
					+ ", to send them to Langfuse)");
		}
		this.destination = destination;
		this.spanExporter = ExportPipeline.spans(
				settings(config, "spans", destination, config.flushAt(), config.maxQueueSize(), config.maxQueueBytes(),
						"maxQueueSize (langfuse.export.max-queue-size)",
						"maxQueueBytes (langfuse.export.max-queue-bytes)"),
				this.http, config.exportEndpoint(), config.exportBasicAuth(), config.exportHeaders(), System.out);
		this.scoreExporter = ScoreExport.pipeline(settings(config, "scores", destination,
				Math.min(Math.min(config.flushAt(), 100), config.maxScoreQueueSize()), config.maxScoreQueueSize(),
				config.maxScoreQueueBytes(), "maxScoreQueueSize (langfuse.export.max-score-queue-size)",
				"maxScoreQueueBytes (langfuse.export.max-score-queue-bytes)"), this.http, System.out);
		SpanProcessor spanProcessor = ExportPipeline.spanProcessor(this.spanExporter, config.exportTimeout());
		this.media = (this.http != null && config.media().enabled()) ? new MediaUploader(this.http, config.media(),
				config.retryInitialBackoff(), config.retryMaxBackoff(), this.spanExporter::offer) : null;
		this.spanProcessor = (this.media != null) ? this.media.spanProcessor(spanProcessor) : spanProcessor;
	}

	/**
	 * Children follow their Langfuse parent; a root joined to an application span (passed
	 * as a remote parent) is decided by the ratio on its trace id alone, whatever the
	 * application sampled; a root of its own trace reaches the SDK only when
	 * {@link #start} has already sampled it in.
	 */
	static Sampler sampler(double sampleRate) {
		Sampler ratio = Sampler.traceIdRatioBased(sampleRate);
		return Sampler.parentBasedBuilder(Sampler.alwaysOn())
			.setRemoteParentSampled(ratio)
			.setRemoteParentNotSampled(ratio)
			.build();
	}

	@SuppressWarnings("unchecked")
	private static AttributeKey<Object>[] keys(Attributes attributes) {
		List<AttributeKey<?>> keys = new ArrayList<>(attributes.size());
		attributes.forEach((key, value) -> keys.add(key));
		return keys.toArray(AttributeKey[]::new);
	}

	private static Resource resource(LangfuseConfig config, Attributes traceDefaults) {
		Resource resource = Resource.getDefault().merge(Resource.create(traceDefaults));
		if (config.serviceName() != null) {
			resource = resource.merge(Resource.create(Attributes.of(SERVICE_NAME, config.serviceName())));
		}
		return resource;
	}

	/**
	 * Creates a client; without credentials or when disabled it is a no-op that never
	 * throws.
	 */
	public static LangfuseClient create(LangfuseConfig config) {
		return new LangfuseClient(config);
	}

	/** Creates a client from the official {@code LANGFUSE_*} environment variables. */
	public static LangfuseClient fromEnvironment() {
		return create(LangfuseConfig.fromEnvironment(System.getenv()).build());
	}

	private static ExportSettings settings(LangfuseConfig config, String kind, String destination, int batchSize,
			int maxItems, long maxBytes, String maxItemsSetting, String maxBytesSetting) {
		return new ExportSettings(kind, destination, batchSize, config.flushInterval(), maxItems, maxBytes,
				config.exportTimeout(), config.maxRetries(), config.retryInitialBackoff(), config.retryMaxBackoff(),
				maxItemsSetting, maxBytesSetting);
	}

	private static void warnIfPlainHttp(LangfuseConfig config) {
		if ("http".equalsIgnoreCase(config.host().getScheme()) && !LOCAL_HOSTS.contains(config.host().getHost())) {
			logger.log(Level.WARNING, "Langfuse host " + config.host()
					+ " uses plain HTTP: the keys and traces cross the network unencrypted. Use https.");
		}
	}

	/**
	 * The observation current on this thread, or a no-op observation when there is none.
	 */
	public static Observation currentObservation() {
		Observation current = Context.current().get(CURRENT);
		return (current != null) ? current : Observation.NOOP;
	}

	static io.opentelemetry.context.Scope makeCurrent(Observation observation) {
		Context context = Context.current();
		Context next = (observation == Observation.NOOP || observation == null) ? context.with(CURRENT, null)
				: context.with(CURRENT, observation);
		return next.makeCurrent();
	}

	/** Starts a span observation and makes it current; close it to end it. */
	public Observation span(String name) {
		return start(ObservationType.SPAN, name);
	}

	/** Starts a generation observation and makes it current. */
	public Observation generation(String name) {
		return start(ObservationType.GENERATION, name);
	}

	/**
	 * Starts an event observation and makes it current; events are usually closed at
	 * once.
	 */
	public Observation event(String name) {
		return start(ObservationType.EVENT, name);
	}

	/**
	 * Starts an observation of the given type as a child of the current one and makes it
	 * current; with no current observation of this client it starts a new trace, related
	 * to a current application span as {@link LangfuseConfig#applicationTrace()} says.
	 * <p>
	 * Sampling is decided first: a trace sampled out builds no span and captures nothing;
	 * its root only marks the context so that its descendants are sampled out with it. A
	 * root that joins an application trace is sampled by that trace's id instead, so
	 * every root in one application trace gets the same decision.
	 */
	public Observation start(ObservationType type, String name) {
		if (this.spanExporter == null || this.shutDown.get()) {
			return Observation.NOOP;
		}
		try {
			Context context = Context.current();
			Observation parent = context.get(CURRENT);
			boolean child = parent != null && parent.client() == this;
			@Nullable Span application = child ? null : applicationSpan(context);
			boolean join = application != null && this.config.applicationTrace() == ApplicationTrace.JOIN;
			if (child ? !parent.isRecording() : (!join && !sampleNewTrace())) {
				this.started.increment();
				this.sampledOut.increment();
				if (child) {
					return this.sampledOutChildren[type.ordinal()];
				}
				Observation root = sampledOutObservation(type);
				root.attach(context.with(CURRENT, root).makeCurrent());
				return root;
			}
			SpanBuilder builder = tracer().spanBuilder((name != null) ? name : type.wireName())
				.setAttribute(OBSERVATION_TYPE, type.wireName());
			for (int i = 0; i < this.traceDefaultKeys.length; i++) {
				builder.setAttribute(this.traceDefaultKeys[i], this.traceDefaultValues[i]);
			}
			TraceAttributes trace;
			boolean joined = false;
			if (child) {
				builder.setParent(ParentContext.of(parent.span()));
				trace = parent.traceAttributes();
			}
			else {
				if (join) {
					SpanContext app = application.getSpanContext();
					builder.setParent(ParentContext.of(Span.wrap(SpanContext.createFromRemoteParent(app.getTraceId(),
							app.getSpanId(), app.getTraceFlags(), app.getTraceState()))));
					joined = true;
					if (!app.getTraceId()
						.equals(Baggage.fromContext(context).getEntryValue(ApplicationTrace.TRACE_ID_BAGGAGE))) {
						builder.setAttribute(INTERNAL_IS_APP_ROOT, true);
					}
				}
				else {
					builder.setNoParent();
				}
				trace = null;
			}
			Span span = builder.startSpan();
			this.started.increment();
			if (!span.isRecording()) {
				this.sampledOut.increment();
				trace = TraceAttributes.NOOP;
			}
			else if (trace == null) {
				Attributes defaults = linkedDefaults(application, span);
				trace = (defaults != this.traceDefaults) ? new TraceAttributes(defaults, true) : null;
			}
			Observation observation = new Observation(this, span, trace, type);
			if (parent != null && parent.client() == this) {
				observation.inheritPrompt(parent);
			}
			Context current = context.with(CURRENT, observation);
			if (joined && span.isRecording()) {
				current = Baggage.fromContext(current)
					.toBuilder()
					.put(ApplicationTrace.TRACE_ID_BAGGAGE, span.getSpanContext().getTraceId())
					.build()
					.storeInContext(current);
			}
			observation.attach(current.makeCurrent());
			return observation;
		}
		catch (RuntimeException ex) {
			logger.log(Level.DEBUG, "Could not start a Langfuse observation", ex);
			return Observation.NOOP;
		}
	}

	private boolean sampleNewTrace() {
		double rate = this.config.sampleRate();
		return rate >= 1.0 || (rate > 0.0 && ThreadLocalRandom.current().nextDouble() < rate);
	}

	private Observation sampledOutObservation(ObservationType type) {
		return new Observation(this, Span.getInvalid(), TraceAttributes.NOOP, type);
	}

	private @Nullable Span applicationSpan(Context context) {
		if (this.config.applicationTrace() == ApplicationTrace.NONE) {
			return null;
		}
		Span span = Span.fromContext(context);
		if (!span.getSpanContext().isValid() || (span instanceof ReadableSpan readable
				&& INSTRUMENTATION_SCOPE.equals(readable.getInstrumentationScopeInfo().getName()))) {
			return null;
		}
		return span;
	}

	/**
	 * The trace attributes every span of this client starts with, so that an observation
	 * whose trace still has exactly these need not stamp them again when it ends.
	 */
	Attributes traceDefaults() {
		return this.traceDefaults;
	}

	private Attributes linkedDefaults(@Nullable Span application, Span root) {
		if (application == null || this.config.applicationTrace() != ApplicationTrace.LINK) {
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

	/**
	 * Sends a score; an invalid score is logged and counted, never thrown. A score
	 * without an environment gets the client's.
	 */
	public void score(Score.@Nullable Builder score) {
		if (this.scoreExporter == null || score == null) {
			return;
		}
		Score built;
		try {
			if (!score.hasEnvironment()) {
				score.environment(this.config.environment());
			}
			built = score.build();
		}
		catch (RuntimeException ex) {
			this.invalidScores.increment();
			logger.log(Level.WARNING, "Langfuse score not sent: " + ex.getMessage());
			return;
		}
		this.scoreExporter.offer(event(built));
	}

	private static ScoreEvent event(Score score) {
		Object value = (score.value() instanceof ScoreValue.Number number) ? (Object) number.value()
				: score.value().toString();
		return new ScoreEvent(score.id(), score.timestamp(), score.name(), score.dataType().name(), value,
				score.traceId(), score.observationId(), score.sessionId(), score.comment(), score.environment(),
				score.metadata(), score.datasetRunId());
	}

	private static FlushResult result(ExportResult result) {
		return new FlushResult(result.delivered(), result.failed(), result.pending(), result.timedOut());
	}

	/** Exports everything queued so far, waiting at most the timeout; never throws. */
	public FlushResult flush(Duration timeout) {
		if (this.spanExporter == null) {
			return new FlushResult(0, 0, 0, false);
		}
		long deadline = System.nanoTime() + timeout.toNanos();
		FlushResult media = (this.media != null) ? this.media.flush(timeout) : new FlushResult(0, 0, 0, false);
		FlushResult spans = result(this.spanExporter.flush(remaining(deadline)));
		return media.plus(spans).plus(result(this.scoreExporter.flush(remaining(deadline))));
	}

	/**
	 * Flushes within the timeout, then stops exporting; what could not be delivered is
	 * logged and counted.
	 */
	public FlushResult shutdown(Duration timeout) {
		if (this.spanExporter == null || !this.shutDown.compareAndSet(false, true)) {
			return new FlushResult(0, 0, 0, false);
		}
		long deadline = System.nanoTime() + timeout.toNanos();
		FlushResult media = (this.media != null) ? this.media.shutdown(timeout.multipliedBy(3).dividedBy(4))
				: new FlushResult(0, 0, 0, false);
		FlushResult spans = result(this.spanExporter.shutdown(remaining(deadline), timeout));
		FlushResult result = media.plus(spans).plus(result(this.scoreExporter.shutdown(remaining(deadline), timeout)));
		synchronized (this.lazyLock) {
			if (this.tracerProvider != null) {
				this.tracerProvider.shutdown();
			}
		}
		return result;
	}

	private Tracer tracer() {
		Tracer tracer = this.tracer;
		if (tracer == null) {
			synchronized (this.lazyLock) {
				tracer = this.tracer;
				if (tracer == null) {
					this.tracerProvider = SdkTracerProvider.builder()
						.setResource(resource(this.config, this.traceDefaults))
						.setSampler(sampler(this.config.sampleRate()))
						.addSpanProcessor(this.spanProcessor)
						.build();
					tracer = this.tracerProvider.get(INSTRUMENTATION_SCOPE, LangfuseHttp.SDK_VERSION);
					this.tracer = tracer;
				}
			}
		}
		return tracer;
	}

	private ObjectMapper internalMapper() {
		ObjectMapper mapper = this.internalMapper;
		if (mapper == null) {
			synchronized (this.lazyLock) {
				mapper = this.internalMapper;
				if (mapper == null) {
					mapper = JsonMapper.builder().build();
					this.internalMapper = mapper;
				}
			}
		}
		return mapper;
	}

	private static Duration remaining(long deadline) {
		return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
	}

	/** Shuts down with {@link #DEFAULT_SHUTDOWN_TIMEOUT}. */
	@Override
	public void close() {
		shutdown(DEFAULT_SHUTDOWN_TIMEOUT);
	}

	/** Asks the server for its health and version; never throws. */
	public ServerHealth serverHealth(Duration timeout) {
		if (this.http == null) {
			return new ServerHealth(
					(this.disabledReason != null) ? ServerHealth.Status.DISABLED : ServerHealth.Status.CONSOLE, null,
					(this.disabledReason != null) ? this.disabledReason : "traces are printed to the console",
					Instant.now());
		}
		try {
			LangfuseHttp.Response response = this.http.get("/api/public/health", timeout);
			if (response.status() != 200) {
				return new ServerHealth(ServerHealth.Status.UNHEALTHY, null, "HTTP " + response.status(),
						Instant.now());
			}
			var body = internalMapper().readTree(response.body());
			String status = body.path("status").asString(null);
			if (status == null) {
				return new ServerHealth(ServerHealth.Status.INVALID, null, "health answer has no status",
						Instant.now());
			}
			String version = body.path("version").asString(null);
			if (!"OK".equals(status)) {
				return new ServerHealth(ServerHealth.Status.UNHEALTHY, version, "server reported status " + status,
						Instant.now());
			}
			return new ServerHealth(ServerHealth.Status.OK, version, null, Instant.now());
		}
		catch (JacksonException ex) {
			return new ServerHealth(ServerHealth.Status.INVALID, null, "health answer is not JSON", Instant.now());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return new ServerHealth(ServerHealth.Status.UNREACHABLE, null, "interrupted", Instant.now());
		}
		catch (Exception ex) {
			return new ServerHealth(ServerHealth.Status.UNREACHABLE, null, ex.getClass().getSimpleName(),
					Instant.now());
		}
	}

	/** A snapshot of the counters. */
	public LangfuseStats stats() {
		return new LangfuseStats(isEnabled(), this.disabledReason, this.started.sum(), this.sampledOut.sum(),
				this.truncated.sum(), this.invalidScores.sum(),
				(this.spanExporter != null) ? this.spanExporter.stats() : NO_EXPORT,
				(this.scoreExporter != null) ? this.scoreExporter.stats() : NO_EXPORT);
	}

	/**
	 * A snapshot of the media counters; media is handled when enabled and the client
	 * sends to a server.
	 */
	public MediaStats mediaStats() {
		return (this.media != null) ? this.media.stats() : MediaStats.disabled(this.config.media());
	}

	/** Whether the client exports. */
	public boolean isEnabled() {
		return this.disabledReason == null;
	}

	/**
	 * Where traces go: the server's URL and masked public key, {@code the console}, or
	 * {@code nowhere}.
	 */
	public String destination() {
		return this.destination;
	}

	/** Why the client is a no-op, or {@code null} when it exports. */
	public @Nullable String disabledReason() {
		return this.disabledReason;
	}

	/** The settings. */
	public LangfuseConfig config() {
		return this.config;
	}

	/** The capture used for inputs and outputs, created on first use. */
	public PayloadCapture capture() {
		PayloadCapture capture = this.capture;
		if (capture == null) {
			ObjectMapper mapper = (this.config.objectMapper() != null) ? this.config.objectMapper() : internalMapper();
			synchronized (this.lazyLock) {
				capture = this.capture;
				if (capture == null) {
					capture = PayloadCapture.builder()
						.objectMapper(mapper)
						.maxBytes(this.config.captureMaxBytes())
						.redactedKeys(this.config.redactedKeys())
						.mask(this.config.mask())
						.media(this.config.media().enabled() && this.config.hasCredentials()
								&& this.disabledReason == null)
						.build();
					this.capture = capture;
				}
			}
		}
		return capture;
	}

	String captureJson(Object value) {
		Captured captured = capture().capture(value);
		if (captured.truncated()) {
			this.truncated.increment();
		}
		return captured.json();
	}

	void countTruncated() {
		this.truncated.increment();
	}

	String captureJson(Object value, Span span, String field) {
		if (this.media == null) {
			return captureJson(value);
		}
		MediaSink sink = this.media.newSink();
		Captured captured = capture().capture(value, sink);
		if (captured.truncated()) {
			this.truncated.increment();
		}
		if (!sink.isEmpty()) {
			this.media.attach(span, field, sink);
		}
		return captured.json();
	}

	String metadataText(String text, Span span) {
		String reference = (this.media != null && text.startsWith("data:"))
				? this.media.replaceDataUri(text, span, "metadata") : null;
		return (reference != null) ? reference : boundText(text);
	}

	String boundText(String text) {
		int limit = this.config.captureMaxBytes();
		if (text.length() * 3L <= limit) {
			return text;
		}
		byte[] utf8 = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
		if (utf8.length <= limit) {
			return text;
		}
		this.truncated.increment();
		String marker = " ...(truncated)";
		int end = limit - marker.length();
		while (end > 0 && (utf8[end] & 0xC0) == 0x80) {
			end--;
		}
		return new String(utf8, 0, end, java.nio.charset.StandardCharsets.UTF_8) + marker;
	}

	String writeJson(Object value) {
		try {
			return internalMapper().writeValueAsString(value);
		}
		catch (RuntimeException ex) {
			return "{}";
		}
	}

	@Override
	public String toString() {
		return "LangfuseClient{host=" + this.config.host() + ", publicKey=" + this.config.maskedPublicKey()
				+ ", enabled=" + isEnabled() + "}";
	}

	/**
	 * A context that holds only the parent span of a new Langfuse span. It is not built
	 * from {@link Context#root()}, whose storage the OpenTelemetry Java agent replaces
	 * with one that drops spans of other SDKs such as this client's private one.
	 */
	private static final class ParentContext implements Context {

		private static final ParentContext EMPTY = new ParentContext(null, null);

		private final ContextKey<?> key;

		private final Object value;

		private ParentContext(ContextKey<?> key, Object value) {
			this.key = key;
			this.value = value;
		}

		static Context of(Span parent) {
			return parent.storeInContext(EMPTY);
		}

		@Override
		@SuppressWarnings("unchecked")
		public <V> V get(ContextKey<V> key) {
			return (key == this.key) ? (V) this.value : null;
		}

		@Override
		public <V> Context with(ContextKey<V> key, V value) {
			return new ParentContext(key, value);
		}

	}

}
