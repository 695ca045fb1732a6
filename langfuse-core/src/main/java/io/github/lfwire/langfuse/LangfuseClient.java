package io.github.lfwire.langfuse;

import java.lang.System.Logger.Level;
import java.lang.System.Logger;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import io.github.lfwire.langfuse.capture.PayloadCapture;
import io.github.lfwire.langfuse.media.MediaStats;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
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

	/**
	 * The observation current on this thread, or a no-op observation when there is none.
	 */
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
	 * to a current application span as {@link TracingSettings#applicationTrace()} says.
	 * <p>
	 * Sampling is decided first, by one trace-id ratio for every root: a trace sampled
	 * out builds no span and captures nothing; its root only marks the context so that
	 * its descendants are sampled out with it. A root that joins an application trace is
	 * decided on that trace's id, so every root in one application trace gets the same
	 * decision.
	 */
	public Observation start(ObservationType type, String name) {
		if (this.shutDown.get()) {
			return Observation.NOOP;
		}
		try {
			return this.parts.start(type, name);
		}
		catch (RuntimeException ex) {
			logger.log(Level.DEBUG, "Could not start a Langfuse observation", ex);
			return Observation.NOOP;
		}
	}

	/**
	 * Sends a score; an invalid score is logged and counted, never thrown. A score
	 * without an environment gets the client's.
	 */
	public void score(Score.@Nullable Builder score) {
		if (score != null) {
			this.parts.score(score);
		}
	}

	/** Exports everything queued so far, waiting at most the timeout; never throws. */
	public FlushResult flush(Duration timeout) {
		return this.parts.flush(timeout);
	}

	/**
	 * Flushes within the timeout, then stops exporting; what could not be delivered is
	 * logged and counted.
	 */
	public FlushResult shutdown(Duration timeout) {
		return this.shutDown.compareAndSet(false, true) ? this.parts.shutdown(timeout) : FlushResult.NONE;
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
		return this.parts.stats(this.capturing.truncated());
	}

	/**
	 * A snapshot of the media counters; media is handled when enabled and the client
	 * sends to a server.
	 */
	public MediaStats mediaStats() {
		return this.parts.mediaStats();
	}

	/**
	 * The processor to add to the application's OpenTelemetry SDK in
	 * {@link ApplicationTrace#JOIN} mode: application spans the {@link SpanFilter} keeps,
	 * and their ancestors and those of joined Langfuse roots, go to Langfuse; a no-op in
	 * other modes.
	 */
	public SpanProcessor applicationSpanProcessor() {
		return this.parts.applicationSpanProcessor();
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

	/**
	 * The trace attributes every span of this client starts with, so that an observation
	 * whose trace still has exactly these need not stamp them again when it ends.
	 */
	Attributes traceDefaults() {
		return this.parts.traceDefaults();
	}

	String captureJson(Object value, Span span, String field) {
		return this.capturing.json(value, span, field);
	}

	void countTruncated() {
		this.capturing.countTruncated();
	}

	String metadataText(String text, Span span) {
		return this.capturing.metadataText(text, span);
	}

	String boundText(String text) {
		return this.capturing.boundText(text);
	}

	String writeJson(Object value) {
		return this.capturing.writeJson(value);
	}

	@Override
	public String toString() {
		return "LangfuseClient{host=" + this.config.host() + ", publicKey=" + this.config.maskedPublicKey()
				+ ", enabled=" + isEnabled() + "}";
	}

}
