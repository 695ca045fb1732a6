package io.github.lfwire.langfuse;

import java.time.Duration;
import java.util.Optional;

import io.github.lfwire.langfuse.media.MediaStats;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.trace.SpanProcessor;
import org.jspecify.annotations.Nullable;

/**
 * What a client does behind its facade: {@link ExportingParts} when it exports to the
 * server or the console, {@link DisabledParts} when it is off.
 */
interface ClientParts {

	/**
	 * Starts an observation, in the given trace when there is one, and makes it current.
	 */
	Observation start(ObservationType type, String name, @Nullable TraceContext trace);

	/** The trace's page in Langfuse, when the project is known. */
	Optional<String> traceUrl(String traceId);

	/** Sends a score, or counts it when it breaks a rule. */
	void score(Score.Builder score);

	/** Creates what the first observation needs ahead of it. */
	void prepare();

	/** Counts a score of a trace refused at its root as dropped. */
	void scoreRefused();

	/** Exports what is queued, waiting at most the timeout. */
	FlushResult flush(Duration timeout);

	/**
	 * Flushes within the timeout, then stops; returns what it did with every item since
	 * the start, without logging it.
	 */
	ShutdownSummary shutdown(Duration timeout);

	/** The server's health and version. */
	ServerHealth serverHealth(Duration timeout);

	/** The counters, with the captures truncated so far. */
	LangfuseStats stats(long capturesTruncated);

	/** The media counters. */
	MediaStats mediaStats();

	/** Where traces go, without secrets. */
	String destination();

	/** The attributes every span starts with. */
	Attributes traceDefaults();

	/** The processor to add to the application's OpenTelemetry SDK in join mode. */
	SpanProcessor applicationSpanProcessor();

	/** Where captured media goes. */
	MediaHook mediaHook();

}
