package io.github.lfwire.langfuse;

import java.lang.System.Logger.Level;
import java.lang.System.Logger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.Supplier;

import io.github.lfwire.langfuse.export.ExportSettings;
import io.github.lfwire.langfuse.internal.LangfuseHttp;
import io.github.lfwire.langfuse.internal.export.ExportPipeline;
import io.github.lfwire.langfuse.internal.export.ExportResult;
import io.github.lfwire.langfuse.internal.export.PipelineSettings;
import io.github.lfwire.langfuse.internal.export.SpanDestinations;
import io.github.lfwire.langfuse.internal.export.TraceTreeExporter;
import io.github.lfwire.langfuse.internal.join.ApplicationSpanForwarder;
import io.github.lfwire.langfuse.internal.join.JoinedRoots;
import io.github.lfwire.langfuse.internal.media.MediaUploader;
import io.github.lfwire.langfuse.internal.score.ScoreEvent;
import io.github.lfwire.langfuse.internal.score.ScoreExport;
import io.github.lfwire.langfuse.media.MediaStats;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.ObjectMapper;

/**
 * The parts of a client that exports, each owning one concern: starting observations, the
 * span destinations (Langfuse or the console, and added exporters), scores, media and the
 * server's health.
 */
final class ExportingParts implements ClientParts {

	private static final Logger logger = System.getLogger(LangfuseClient.class.getName());

	private static final Set<String> LOCAL_HOSTS = Set.of("localhost", "127.0.0.1", "::1", "[::1]");

	private final LangfuseConfig config;

	private final String destination;

	private final SpanDestinations spans;

	private final ExportPipeline<ScoreEvent> scores;

	private final @Nullable MediaUploader media;

	private final ObservationStarter starter;

	private final Function<Duration, ServerHealth> health;

	private final @Nullable ApplicationSpanForwarder applicationSpans;

	private final LongAdder invalidScores = new LongAdder();

	private final @Nullable ProjectLookup projects;

	private boolean projectsAsked;

	/**
	 * @param mapper the client's own mapper, for the server's health answers
	 */
	ExportingParts(LangfuseClient client, LangfuseConfig config, Supplier<ObjectMapper> mapper) {
		this.config = config;
		ExportSettings export = config.export();
		LangfuseHttp http = null;
		String hostDestination;
		ExportPipeline<SpanData> langfuse;
		if (config.hasCredentials()) {
			warnIfPlainHttp(config);
			http = new LangfuseHttp(config.host(), config.publicKey(), config.secretKey(), export.timeout());
			hostDestination = "Langfuse at " + config.host() + " (public key " + config.maskedPublicKey() + ")";
			this.destination = (export.endpoint() == null) ? hostDestination
					: "OTLP endpoint " + config.exportEndpoint().getScheme() + "://"
							+ config.exportEndpoint().getRawAuthority() + config.exportEndpoint().getRawPath()
							+ (export.basicAuth() ? " (public key " + config.maskedPublicKey() + ")" : "");
			ServerHealthCheck check = new ServerHealthCheck(http, mapper);
			this.projects = new ProjectLookup(http, mapper, export.timeout(), System::nanoTime);
			this.health = check::check;
			langfuse = ExportPipeline.otlp(PipelineSettings.spans(export, "spans", this.destination), http,
					config.exportEndpoint(), export.basicAuth(), export.headers(), export.compression());
		}
		else {
			this.destination = "the console";
			this.projects = null;
			hostDestination = this.destination;
			logger.log(Level.INFO, "Langfuse traces are printed to the console (" + config.missingCredentials()
					+ ", to send them to Langfuse)");
			this.health = (timeout) -> ServerHealthCheck.health(ServerHealth.Status.CONSOLE, null,
					"traces are printed to the console");
			langfuse = ExportPipeline.console(PipelineSettings.spans(export, "spans", this.destination), System.out);
		}
		List<SpanExporter> exporters = config.spanExporters();
		if (this.projects != null && config.consoleExport()) {
			exporters = new ArrayList<>(exporters);
			exporters.add(new TraceTreeExporter(System.out, this::traceUrl));
		}
		this.spans = SpanDestinations.create(langfuse, exporters, (name) -> PipelineSettings.exporter(export, name));
		this.scores = ScoreExport.pipeline(PipelineSettings.scores(export, hostDestination), http, System.out);
		SpanProcessor processor = this.spans.spanProcessor(export.timeout());
		this.media = (http != null && config.media().enabled()) ? new MediaUploader(http, config.media(),
				export.retryInitialBackoff(), export.retryMaxBackoff(), this.spans) : null;
		SpanProcessor own = (this.media != null) ? this.media.spanProcessor(processor) : processor;
		TraceAdmission admission = new TraceAdmission(this.spans.langfuse(), export.wholeTraces());
		this.applicationSpans = ApplicationSpanStats.forwarder(config.tracing(), (span) -> {
			if (admission.refusedJoined(span.getTraceId())) {
				admission.refuseChild();
			}
			else {
				this.spans.langfuse().offer(span);
			}
		});
		this.starter = new ObservationStarter(client, config.tracing(),
				(this.applicationSpans != null) ? new JoinedRoots(own, this.applicationSpans) : own, admission);
	}

	private static void warnIfPlainHttp(LangfuseConfig config) {
		if ("http".equalsIgnoreCase(config.host().getScheme()) && !LOCAL_HOSTS.contains(config.host().getHost())) {
			logger.log(Level.WARNING, "Langfuse host " + config.host()
					+ " uses plain HTTP: the keys and traces cross the network unencrypted. Use https.");
		}
		if (config.export().sendsKeysInClear()) {
			logger.log(Level.WARNING, "Langfuse sends the public and secret key in clear text to the OTLP endpoint "
					+ config.exportEndpoint().getHost() + " (plain http with Basic auth, allowed by "
					+ "exportAllowInsecureBasicAuth); use https, or turn exportBasicAuth off behind a collector");
		}
	}

	@Override
	public Observation start(ObservationType type, String name, @Nullable TraceContext trace) {
		Observation observation = this.starter.start(type, name, trace);
		if (this.projects != null && !this.projectsAsked) {
			this.projectsAsked = true;
			this.projects.start();
		}
		return observation;
	}

	@Override
	public Optional<String> traceUrl(String traceId) {
		return (this.projects != null) ? this.projects.traceUrl(traceId) : Optional.empty();
	}

	@Override
	public void score(Score.Builder score) {
		Score built;
		try {
			if (!score.hasEnvironment()) {
				score.environment(this.config.tracing().environment());
			}
			built = score.build();
		}
		catch (RuntimeException ex) {
			this.invalidScores.increment();
			logger.log(Level.WARNING, "Langfuse score not sent: " + ex.getMessage());
			return;
		}
		Object value = (built.value() instanceof ScoreValue.Number number) ? (Object) number.value()
				: built.value().toString();
		this.scores.offer(new ScoreEvent(built.id(), built.timestamp(), built.name(), built.dataType().name(), value,
				built.traceId(), built.observationId(), built.sessionId(), built.comment(), built.environment(),
				built.metadata(), built.datasetRunId()));
	}

	@Override
	public void prepare() {
		this.starter.prepare();
	}

	@Override
	public void scoreRefused() {
		this.scores.refuse();
	}

	@Override
	public FlushResult flush(Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		FlushResult media = (this.media != null) ? result(this.media.flush(timeout)) : FlushResult.NONE;
		FlushResult spans = result(this.spans.langfuse().flush(remaining(deadline)));
		FlushResult scores = result(this.scores.flush(remaining(deadline)));
		return media.plus(spans).plus(scores).plus(result(this.spans.flushAdded(remaining(deadline))));
	}

	@Override
	public ShutdownSummary shutdown(Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		FlushResult media = (this.media != null) ? result(this.media.shutdown(timeout.multipliedBy(3).dividedBy(4)))
				: FlushResult.NONE;
		FlushResult result = media.plus(result(this.spans.langfuse().shutdown(remaining(deadline))))
			.plus(result(this.scores.shutdown(remaining(deadline))))
			.plus(result(this.spans.shutdownAdded(remaining(deadline))));
		this.starter.shutdown();
		return new ShutdownSummary(result, kinds(timeout));
	}

	private List<ShutdownSummary.Kind> kinds(Duration timeout) {
		List<ShutdownSummary.Kind> kinds = new ArrayList<>();
		kinds.add(ShutdownSummary.Kind.of("spans", this.destination, this.spans.langfuse().stats(), Map.of(), timeout));
		long invalid = this.invalidScores.sum();
		kinds.add(ShutdownSummary.Kind.of("scores", this.destination, this.scores.stats(),
				(invalid > 0) ? Map.of("invalid", invalid) : Map.of(), timeout));
		if (this.media != null) {
			kinds.add(ShutdownSummary.Kind.of(this.destination, this.media.stats(), timeout));
		}
		this.spans.addedStats()
			.forEach((name, stats) -> kinds
				.add(ShutdownSummary.Kind.of("spans for " + name, "span exporter " + name, stats, Map.of(), timeout)));
		return kinds;
	}

	@Override
	public ServerHealth serverHealth(Duration timeout) {
		return this.health.apply(timeout);
	}

	@Override
	public LangfuseStats stats(long capturesTruncated) {
		return new LangfuseStats(true, null, this.starter.started(), this.starter.sampledOut(), capturesTruncated,
				this.invalidScores.sum(), this.spans.langfuse().stats(), this.scores.stats(), this.spans.addedStats(),
				ApplicationSpanStats.of(this.applicationSpans));
	}

	@Override
	public MediaStats mediaStats() {
		return (this.media != null) ? this.media.stats() : MediaStats.disabled(this.config.media());
	}

	@Override
	public String destination() {
		return this.destination;
	}

	@Override
	public Attributes traceDefaults() {
		return this.starter.traceDefaults();
	}

	@Override
	public SpanProcessor applicationSpanProcessor() {
		return (this.applicationSpans != null) ? this.applicationSpans : SpanProcessor.composite();
	}

	@Override
	public MediaHook mediaHook() {
		return (this.media != null) ? MediaHook.of(this.media) : MediaHook.NONE;
	}

	private static FlushResult result(ExportResult result) {
		return new FlushResult(result.delivered(), result.failed(), result.pending(), result.timedOut());
	}

	private static Duration remaining(long deadline) {
		return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
	}

}
