package io.github.lfwire.langfuse.spring.boot.autoconfigure.actuate;

import java.util.EnumSet;
import java.util.Set;

import io.github.lfwire.langfuse.LangfuseClient;
import io.github.lfwire.langfuse.LangfuseStats;
import io.github.lfwire.langfuse.export.ExportStats;
import io.github.lfwire.langfuse.export.FailureCause;
import io.github.lfwire.langfuse.spring.boot.autoconfigure.SettingProperties;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/**
 * Langfuse export health: UP while exports succeed or before the first one; when the
 * server refuses the keys or after {@value #SUSTAINED_FAILURES} failed attempts in a row,
 * {@link #DEGRADED} (which the aggregate health ignores, so a tracing outage never takes
 * the application out of service) or, if asked, DOWN; a deliberately disabled client is
 * UP with the reason.
 */
public class LangfuseHealthIndicator extends AbstractHealthIndicator {

	/**
	 * Exports are failing; Boot's default status order does not contain it, so the
	 * aggregate stays as it is.
	 */
	public static final Status DEGRADED = new Status("DEGRADED");

	/** Failed export attempts in a row that count as a sustained failure. */
	static final int SUSTAINED_FAILURES = 3;

	private static final Set<FailureCause> REJECTED_KEYS = EnumSet.of(FailureCause.HTTP_401, FailureCause.HTTP_403);

	private final LangfuseClient client;

	private final Status failureStatus;

	/**
	 * Creates the indicator.
	 * @param downOnFailure whether failing exports report DOWN, turning the aggregate
	 * health DOWN, instead of {@link #DEGRADED}
	 */
	public LangfuseHealthIndicator(LangfuseClient client, boolean downOnFailure) {
		super("Langfuse health check failed");
		this.client = client;
		this.failureStatus = downOnFailure ? Status.DOWN : DEGRADED;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		LangfuseStats stats = this.client.stats();
		if (!stats.enabled()) {
			builder.up()
				.withDetail("enabled", false)
				.withDetail("reason", SettingProperties.translate(String.valueOf(stats.disabledReason())));
			return;
		}
		ExportStats spans = stats.spans();
		boolean failing = spans.consecutiveFailures() > 0;
		if (failing && REJECTED_KEYS.contains(spans.lastFailureCause())) {
			builder.status(this.failureStatus)
				.withDetail("reason", "the server refused the keys (" + spans.lastFailureCause().key() + ")");
		}
		else if (spans.consecutiveFailures() >= SUSTAINED_FAILURES) {
			builder.status(this.failureStatus)
				.withDetail("reason", spans.consecutiveFailures() + " failed exports in a row");
		}
		else {
			builder.up();
		}
		builder.withDetail("destination", this.client.destination())
			.withDetail("queuedSpans", spans.queueSize())
			.withDetail("exportedSpans", spans.exported())
			.withDetail("droppedSpans", spans.droppedTotal());
		if (spans.lastSuccessfulExport() != null) {
			builder.withDetail("lastSuccessfulExport", spans.lastSuccessfulExport());
		}
		if (failing && spans.lastError() != null) {
			builder.withDetail("lastError", spans.lastError());
		}
	}

}
