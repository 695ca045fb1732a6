package io.github.lfwire.langfuse;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.github.lfwire.langfuse.capture.CaptureMask;
import io.github.lfwire.langfuse.capture.CaptureSettings;
import io.github.lfwire.langfuse.export.ExportCompression;
import io.github.lfwire.langfuse.export.ExportSettings;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.ObjectMapper;

/**
 * The setters of {@link LangfuseConfig.Builder} that each set one setting of a concern's
 * builder, so that a configuration reads as one flat list.
 *
 * @param <B> the builder type
 */
abstract class ConcernShortcuts<B extends ConcernShortcuts<B>> {

	TracingSettings.Builder tracing = TracingSettings.builder();

	CaptureSettings.Builder capture = CaptureSettings.builder();

	ExportSettings.Builder export = ExportSettings.builder();

	abstract B self();

	/** See {@link TracingSettings.Builder#environment}. */
	public B environment(@Nullable String environment) {
		this.tracing.environment(environment);
		return self();
	}

	/** See {@link TracingSettings.Builder#release}. */
	public B release(@Nullable String release) {
		this.tracing.release(release);
		return self();
	}

	/** See {@link TracingSettings.Builder#serviceName}. */
	public B serviceName(@Nullable String serviceName) {
		this.tracing.serviceName(serviceName);
		return self();
	}

	/** See {@link TracingSettings.Builder#sampleRate}. */
	public B sampleRate(double sampleRate) {
		this.tracing.sampleRate(sampleRate);
		return self();
	}

	/** See {@link TracingSettings.Builder#applicationTrace}. */
	public B applicationTrace(@Nullable ApplicationTrace applicationTrace) {
		this.tracing.applicationTrace(applicationTrace);
		return self();
	}

	/** See {@link TracingSettings.Builder#applicationSpans}. */
	public B applicationSpans(@Nullable ApplicationSpans applicationSpans) {
		this.tracing.applicationSpans(applicationSpans);
		return self();
	}

	/** See {@link TracingSettings.Builder#applicationSpanCapacity}. */
	public B applicationSpanCapacity(int applicationSpanCapacity) {
		this.tracing.applicationSpanCapacity(applicationSpanCapacity);
		return self();
	}

	/** See {@link TracingSettings.Builder#spanFilter}. */
	public B spanFilter(@Nullable SpanFilter spanFilter) {
		this.tracing.spanFilter(spanFilter);
		return self();
	}

	/** See {@link ExportSettings.Builder#flushAt}. */
	public B flushAt(int flushAt) {
		this.export.flushAt(flushAt);
		return self();
	}

	/** See {@link ExportSettings.Builder#flushInterval}. */
	public B flushInterval(Duration flushInterval) {
		this.export.flushInterval(flushInterval);
		return self();
	}

	/** See {@link ExportSettings.Builder#maxQueueSize}. */
	public B maxQueueSize(int maxQueueSize) {
		this.export.maxQueueSize(maxQueueSize);
		return self();
	}

	/** See {@link ExportSettings.Builder#wholeTraces}. */
	public B wholeTraces(boolean wholeTraces) {
		this.export.wholeTraces(wholeTraces);
		return self();
	}

	/** See {@link ExportSettings.Builder#highWaterMark}. */
	public B highWaterMark(double highWaterMark) {
		this.export.highWaterMark(highWaterMark);
		return self();
	}

	/** See {@link ExportSettings.Builder#maxQueueBytes}. */
	public B maxQueueBytes(long maxQueueBytes) {
		this.export.maxQueueBytes(maxQueueBytes);
		return self();
	}

	/** See {@link ExportSettings.Builder#maxScoreQueueSize}. */
	public B maxScoreQueueSize(int maxScoreQueueSize) {
		this.export.maxScoreQueueSize(maxScoreQueueSize);
		return self();
	}

	/** See {@link ExportSettings.Builder#maxScoreQueueBytes}. */
	public B maxScoreQueueBytes(long maxScoreQueueBytes) {
		this.export.maxScoreQueueBytes(maxScoreQueueBytes);
		return self();
	}

	/** See {@link ExportSettings.Builder#timeout}. */
	public B exportTimeout(Duration exportTimeout) {
		this.export.timeout(exportTimeout);
		return self();
	}

	/** See {@link ExportSettings.Builder#endpoint}. */
	public B exportEndpoint(@Nullable String exportEndpoint) {
		this.export.endpoint(exportEndpoint);
		return self();
	}

	/** See {@link ExportSettings.Builder#headers}. */
	public B exportHeaders(@Nullable Map<String, String> exportHeaders) {
		this.export.headers(exportHeaders);
		return self();
	}

	/** See {@link ExportSettings.Builder#basicAuth}. */
	public B exportBasicAuth(boolean exportBasicAuth) {
		this.export.basicAuth(exportBasicAuth);
		return self();
	}

	/** See {@link ExportSettings.Builder#allowInsecureBasicAuth}. */
	public B exportAllowInsecureBasicAuth(boolean exportAllowInsecureBasicAuth) {
		this.export.allowInsecureBasicAuth(exportAllowInsecureBasicAuth);
		return self();
	}

	/** See {@link ExportSettings.Builder#compression}. */
	public B exportCompression(@Nullable ExportCompression exportCompression) {
		this.export.compression(exportCompression);
		return self();
	}

	/** See {@link ExportSettings.Builder#maxRetries}. */
	public B maxRetries(int maxRetries) {
		this.export.maxRetries(maxRetries);
		return self();
	}

	/** See {@link ExportSettings.Builder#retryInitialBackoff}. */
	public B retryInitialBackoff(Duration retryInitialBackoff) {
		this.export.retryInitialBackoff(retryInitialBackoff);
		return self();
	}

	/** See {@link ExportSettings.Builder#retryMaxBackoff}. */
	public B retryMaxBackoff(Duration retryMaxBackoff) {
		this.export.retryMaxBackoff(retryMaxBackoff);
		return self();
	}

	/** See {@link CaptureSettings.Builder#input}. */
	public B captureInput(boolean captureInput) {
		this.capture.input(captureInput);
		return self();
	}

	/** See {@link CaptureSettings.Builder#output}. */
	public B captureOutput(boolean captureOutput) {
		this.capture.output(captureOutput);
		return self();
	}

	/** See {@link CaptureSettings.Builder#maxBytes}. */
	public B captureMaxBytes(int captureMaxBytes) {
		this.capture.maxBytes(captureMaxBytes);
		return self();
	}

	/** See {@link CaptureSettings.Builder#maxStreamElements}. */
	public B captureMaxStreamElements(int captureMaxStreamElements) {
		this.capture.maxStreamElements(captureMaxStreamElements);
		return self();
	}

	/** See {@link CaptureSettings.Builder#deferred}. */
	public B captureDeferred(boolean captureDeferred) {
		this.capture.deferred(captureDeferred);
		return self();
	}

	/** See {@link CaptureSettings.Builder#redactKeys}: added to the defaults. */
	public B redactedKeys(@Nullable List<String> redactedKeys) {
		this.capture.redactKeys(redactedKeys);
		return self();
	}

	/** See {@link CaptureSettings.Builder#redactDefaultKeys}. */
	public B redactDefaultKeys(boolean redactDefaultKeys) {
		this.capture.redactDefaultKeys(redactDefaultKeys);
		return self();
	}

	/** See {@link CaptureSettings.Builder#mask}. */
	public B mask(@Nullable CaptureMask mask) {
		this.capture.mask(mask);
		return self();
	}

	/** See {@link CaptureSettings.Builder#objectMapper}. */
	public B objectMapper(@Nullable ObjectMapper objectMapper) {
		this.capture.objectMapper(objectMapper);
		return self();
	}

}
