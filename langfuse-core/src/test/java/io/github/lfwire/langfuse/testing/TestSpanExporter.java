package io.github.lfwire.langfuse.testing;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.export.SpanExporter;

/**
 * A span exporter for tests of destinations beside Langfuse: a subclass says what an
 * export does; flushing and shutting down succeed.
 */
public abstract class TestSpanExporter implements SpanExporter {

	@Override
	public CompletableResultCode flush() {
		return CompletableResultCode.ofSuccess();
	}

	@Override
	public CompletableResultCode shutdown() {
		return CompletableResultCode.ofSuccess();
	}

}
