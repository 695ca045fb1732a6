package io.github.lfwire.langfuse;

import java.lang.System.Logger.Level;
import java.lang.System.Logger;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import io.github.lfwire.langfuse.capture.PayloadCapture;
import io.github.lfwire.langfuse.media.MediaStats;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.SpanProcessor;
import org.jspecify.annotations.Nullable;

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

	private final LangfuseConfig config;

	private final @Nullable String disabledReason;

	private final ClientParts parts;

	private final Capturing capturing;

	private final AtomicBoolean shutDown = new AtomicBoolean();

	private final BackgroundPreparation preparation = new BackgroundPreparation();

	private LangfuseClient(LangfuseConfig config) {
		this.config = config;
		this.disabledReason = config.disabledReason();
		LazyMapper mapper = new LazyMapper();
		if (this.disabledReason != null && config.enabled()) {
			logger.log(Level.WARNING, "Langfuse tracing is off: " + this.disabledReason + ".");
		}
		this.parts = (this.disabledReason != null) ? new DisabledParts(this.disabledReason, config.media())
				: new ExportingParts(this, config, mapper);
		MediaHook media = this.parts.mediaHook();
		this.capturing = new Capturing(config.capture(), mapper, media, media != MediaHook.NONE);
	}

	/** Creates a client; without credentials or when disabled it is a no-op. */
	public static LangfuseClient create(LangfuseConfig config) {
		return new LangfuseClient(config);
	}

	/** Creates a client from the official {@code LANGFUSE_*} environment variables. */
	public static LangfuseClient fromEnvironment() {
		return create(LangfuseConfig.fromEnvironment(System.getenv()).build());
	}

	/** The observation current on this thread, or a no-op observation. */
	public static Observation currentObservation() {
		Observation current = Context.current().get(ObservationStarter.CURRENT);
		return (current != null) ? current : Observation.NOOP;
	}

	static Scope makeCurrent(Observation observation) {
		Context context = Context.current();
		return ((observation == Observation.NOOP || observation == null)
				? context.with(ObservationStarter.CURRENT, null)
				: context.with(ObservationStarter.CURRENT, observation))
			.makeCurrent();
	}

	/** Starts a span observation and makes it current; close it to end it. */
	public Observation span(String name) {
		return start(ObservationType.SPAN, name);
	}

	/** Starts a generation observation and makes it current. */
	public Observation generation(String name) {
		return start(ObservationType.GENERATION, name);
	}

	/** Starts an event observation and makes it current; close it at once. */
	public Observation event(String name) {
		return start(ObservationType.EVENT, name);
	}

	/**
	 * Starts an observation as a child of the current one, in the current one's project
	 * whichever client starts it, and makes it current; with none it starts a new trace
	 * (related to a current application span as
	 * {@link TracingSettings#applicationTrace()} says), sampled first by the one trace-id
	 * ratio: a trace sampled out builds no span and captures nothing.
	 */
	public Observation start(ObservationType type, String name) {
		return begin(type, name, null);
	}

	/**
	 * Starts an observation in the given trace (under its parent span if named), sampled
	 * by the ratio on that trace's id; an invalid context starts a new trace.
	 */
	public Observation start(ObservationType type, String name, TraceContext trace) {
		return begin(type, name, trace);
	}

	/** Starts a child of the current observation, which is one of this client's. */
	Observation startChild(ObservationType type, String name) {
		return begin(type, name, null);
	}

	private Observation begin(ObservationType type, String name, @Nullable TraceContext trace) {
		if (this.shutDown.get()) {
			return Observation.NOOP;
		}
		try {
			return this.parts.start(type, name, trace);
		}
		catch (RuntimeException ex) {
			logger.log(Level.DEBUG, "Could not start a Langfuse observation", ex);
			return Observation.NOOP;
		}
	}

	/**
	 * The trace's page, {@code {host}/project/{projectId}/traces/{traceId}}; empty until
	 * the project id, looked up once in the background, is known.
	 */
	public Optional<String> traceUrl(String traceId) {
		return this.parts.traceUrl(traceId);
	}

	/** Sends a score, with the client's environment if it has none; never throws. */
	public void score(Score.@Nullable Builder score) {
		if (score != null) {
			this.parts.score(score);
		}
	}

	/**
	 * Does the setup the first observation would otherwise pay (mappers, capture, tracer
	 * provider) on a short-lived thread {@code langfuse-prepare}; call it once the
	 * application has started, as the starter does. Does nothing when off or shut down.
	 */
	public void prepareInBackground() {
		if (this.disabledReason == null && !this.shutDown.get()) {
			this.preparation.start(() -> {
				this.capturing.prepare();
				this.parts.prepare();
			});
		}
	}

	/** Exports everything queued so far, waiting at most the timeout; never throws. */
	public FlushResult flush(Duration timeout) {
		return this.parts.flush(timeout);
	}

	/**
	 * Flushes within the timeout, then stops exporting, and logs the summary through
	 * {@link System.Logger}, one line per kind; only the first shutdown call counts.
	 */
	public FlushResult shutdown(Duration timeout) {
		ShutdownSummary summary = shutdownWithSummary(timeout);
		summary.kinds().forEach((kind) -> logger.log(kind.lossless() ? Level.INFO : Level.WARNING, kind.message()));
		return summary.result();
	}

	/**
	 * Shuts down as {@link #shutdown(Duration)} does but returns the summary unlogged,
	 * for the owner of the application's logging to write.
	 */
	public ShutdownSummary shutdownWithSummary(Duration timeout) {
		return this.shutDown.compareAndSet(false, true) ? this.parts.shutdown(timeout) : ShutdownSummary.NONE;
	}

	/** Shuts down with {@link #DEFAULT_SHUTDOWN_TIMEOUT}. */
	@Override
	public void close() {
		shutdown(DEFAULT_SHUTDOWN_TIMEOUT);
	}

	/** Asks the server for its health and version; never throws. */
	public ServerHealth serverHealth(Duration timeout) {
		return this.parts.serverHealth(timeout);
	}

	/** A snapshot of the counters. */
	public LangfuseStats stats() {
		return this.parts.stats(this.capturing.truncated())
			.withCapturesDeferred(this.capturing.deferred(), this.capturing.tooLargeToDefer());
	}

	/** A snapshot of the media counters. */
	public MediaStats mediaStats() {
		return this.parts.mediaStats();
	}

	/**
	 * The processor to add to the application's OpenTelemetry SDK in join mode, sending
	 * the spans the {@link SpanFilter} keeps and their ancestors; a no-op in other modes.
	 */
	public SpanProcessor applicationSpanProcessor() {
		return this.parts.applicationSpanProcessor();
	}

	/** Whether the client exports. */
	public boolean isEnabled() {
		return this.disabledReason == null;
	}

	/** Where traces go: the server's URL and masked key, the console, or nowhere. */
	public String destination() {
		return this.parts.destination();
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
		return this.capturing.capture();
	}

	ClientParts parts() {
		return this.parts;
	}

	Capturing capturing() {
		return this.capturing;
	}

	@Override
	public String toString() {
		return "LangfuseClient{host=" + this.config.host() + ", publicKey=" + this.config.maskedPublicKey()
				+ ", enabled=" + isEnabled() + "}";
	}

}
