package io.github.lfwire.langfuse.internal.export;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.jspecify.annotations.Nullable;

import io.github.lfwire.langfuse.export.DropReason;
import io.github.lfwire.langfuse.export.FailureCause;

/**
 * Delivers a batch to an OpenTelemetry {@link SpanExporter} once: the exporter retries on
 * its own, so a batch it fails, throws on or does not finish within the export timeout is
 * dropped and counted.
 */
final class ExporterDelivery implements Delivery<SpanData> {

	private final SpanExporter exporter;

	private final Duration timeout;

	private final ExportCounters counters;

	private final ExportLog log;

	private final Clock clock;

	ExporterDelivery(SpanExporter exporter, Duration timeout, ExportCounters counters, ExportLog log, Clock clock) {
		this.exporter = exporter;
		this.timeout = timeout;
		this.counters = counters;
		this.log = log;
		this.clock = clock;
	}

	@Override
	public void deliver(List<SpanData> items, ExportWorker.RetryWait retryWait) {
		int n = items.size();
		CompletableResultCode result;
		try {
			result = this.exporter.export(items);
			result.join(this.timeout.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (RuntimeException | Error ex) {
			if (ex instanceof VirtualMachineError error) {
				throw error;
			}
			fail(FailureCause.EXPORTER_ERROR, n, ex.getClass().getSimpleName());
			return;
		}
		if (!result.isDone()) {
			fail(FailureCause.TIMEOUT, n, null);
		}
		else if (!result.isSuccess()) {
			fail(FailureCause.EXPORTER_FAILED, n, null);
		}
		else {
			this.counters.delivered(n, this.clock.instant());
			this.log.delivered();
		}
	}

	private void fail(FailureCause cause, int n, @Nullable String error) {
		String message = this.log.destinationFailure(cause, n, error);
		this.counters.failed(cause, message, this.clock.instant());
		this.log.destinationFailed(message);
		this.counters.lost(DropReason.DESTINATION_FAILED, n);
	}

	/** Flushes and shuts the exporter down, waiting at most the timeout for each. */
	@Override
	public void close(Duration timeout) {
		try {
			this.exporter.flush().join(timeout.toNanos(), TimeUnit.NANOSECONDS);
			this.exporter.shutdown().join(timeout.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (RuntimeException ex) {
			this.log.destinationFailed(
					this.log.destinationFailure(FailureCause.EXPORTER_ERROR, 0, ex.getClass().getSimpleName()));
		}
	}

}
