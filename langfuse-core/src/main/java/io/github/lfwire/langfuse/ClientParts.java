package io.github.lfwire.langfuse;

import java.time.Duration;

import io.github.lfwire.langfuse.media.MediaStats;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.trace.SpanProcessor;

/**
 * What a client does behind its facade: {@link ExportingParts} when it exports to the
 * server or the console, {@link DisabledParts} when it is off.
 */
interface ClientParts {

	/** Starts an observation and makes it current. */
	Observation start(ObservationType type, String name);

	/** Sends a score, or counts it when it breaks a rule. */
	void score(Score.Builder score);

	/** Exports what is queued, waiting at most the timeout. */
	FlushResult flush(Duration timeout);

	/** Flushes within the timeout, then stops. */
	FlushResult shutdown(Duration timeout);

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
