package io.github.lfwire.langfuse;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import io.github.lfwire.langfuse.export.ExportStats;
import io.github.lfwire.langfuse.media.MediaSettings;
import io.github.lfwire.langfuse.media.MediaStats;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.trace.SpanProcessor;

import org.jspecify.annotations.Nullable;

/** The parts of a client that is off: every call does nothing and says why. */
final class DisabledParts implements ClientParts {

	private static final FlushResult NOTHING = new FlushResult(0, 0, 0, false);

	private static final ExportStats NO_EXPORT = ExportStats.none();

	private final String reason;

	private final MediaSettings media;

	DisabledParts(String reason, MediaSettings media) {
		this.reason = reason;
		this.media = media;
	}

	@Override
	public Observation start(ObservationType type, String name, @Nullable TraceContext trace) {
		return Observation.NOOP;
	}

	@Override
	public Optional<String> traceUrl(String traceId) {
		return Optional.empty();
	}

	@Override
	public void score(Score.Builder score) {
	}

	@Override
	public void prepare() {
	}

	@Override
	public void scoreRefused() {
	}

	@Override
	public FlushResult flush(Duration timeout) {
		return NOTHING;
	}

	@Override
	public ShutdownSummary shutdown(Duration timeout) {
		return ShutdownSummary.NONE;
	}

	@Override
	public ServerHealth serverHealth(Duration timeout) {
		return ServerHealthCheck.health(ServerHealth.Status.DISABLED, null, this.reason);
	}

	@Override
	public LangfuseStats stats(long capturesTruncated) {
		return new LangfuseStats(false, this.reason, 0, 0, capturesTruncated, 0, NO_EXPORT, NO_EXPORT, Map.of());
	}

	@Override
	public MediaStats mediaStats() {
		return MediaStats.disabled(this.media);
	}

	@Override
	public String destination() {
		return "nowhere";
	}

	@Override
	public Attributes traceDefaults() {
		return Attributes.empty();
	}

	@Override
	public SpanProcessor applicationSpanProcessor() {
		return SpanProcessor.composite();
	}

	@Override
	public MediaHook mediaHook() {
		return MediaHook.NONE;
	}

}
