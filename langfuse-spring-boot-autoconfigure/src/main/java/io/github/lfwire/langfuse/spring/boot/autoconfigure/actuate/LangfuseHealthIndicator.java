package io.github.lfwire.langfuse.spring.boot.autoconfigure.actuate;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.github.lfwire.langfuse.LangfuseClient;
import io.github.lfwire.langfuse.LangfuseProjects;
import io.github.lfwire.langfuse.LangfuseStats;
import io.github.lfwire.langfuse.export.ExportStats;
import io.github.lfwire.langfuse.export.FailureCause;
import io.github.lfwire.langfuse.spring.boot.autoconfigure.SettingProperties;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/**
 * Langfuse export health: UP while exports succeed or before the first one; when the
 * server refuses the keys or after {@value #SUSTAINED_FAILURES} failed attempts in a row,
 * {@link #DEGRADED} (which the aggregate health ignores, so a tracing outage never takes
 * the application out of service) or, if asked, DOWN; a deliberately disabled client is
 * UP with the reason. Further projects are judged alike, each under {@code projects}.
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

	private final LangfuseProjects projects;

	private final Status failureStatus;

	/**
	 * Creates the indicator.
	 * @param downOnFailure whether failing exports report DOWN, turning the aggregate
	 * health DOWN, instead of {@link #DEGRADED}
	 */
	public LangfuseHealthIndicator(LangfuseClient client, boolean downOnFailure) {
		this(LangfuseProjects.of(client), downOnFailure);
	}

	/**
	 * Creates the indicator of the default project, whose details are at the top, and of
	 * each further project, whose details are under {@code projects}; a failing project
	 * fails the whole.
	 * @param downOnFailure whether failing exports report DOWN, turning the aggregate
	 * health DOWN, instead of {@link #DEGRADED}
	 */
	public LangfuseHealthIndicator(LangfuseProjects projects, boolean downOnFailure) {
		super("Langfuse health check failed");
		this.projects = projects;
		this.failureStatus = downOnFailure ? Status.DOWN : DEGRADED;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		Map<String, Object> details = new LinkedHashMap<>();
		String failure = check(this.projects.defaultClient(), details);
		Map<String, Map<String, Object>> projects = new LinkedHashMap<>();
		List<String> projectFailures = new ArrayList<>();
		this.projects.clients().forEach((id, client) -> {
			if (client != this.projects.defaultClient()) {
				Map<String, Object> project = new LinkedHashMap<>();
				String reason = check(client, project);
				Map<String, Object> shown = new LinkedHashMap<>();
				shown.put("status", ((reason != null) ? this.failureStatus : Status.UP).getCode());
				shown.putAll(project);
				projects.put(id, shown);
				if (reason != null) {
					projectFailures.add("project " + id + ": " + reason);
				}
			}
		});
		if (failure == null && !projectFailures.isEmpty()) {
			details.merge("reason", String.join("; ", projectFailures), (own, further) -> own + "; " + further);
		}
		builder.status((failure != null || !projectFailures.isEmpty()) ? this.failureStatus : Status.UP)
			.withDetails(details);
		if (!projects.isEmpty()) {
			builder.withDetail("projects", projects);
		}
	}

	/**
	 * Writes a client's details and returns why it is failing, or {@code null} when it is
	 * healthy or deliberately disabled.
	 */
	private static @Nullable String check(LangfuseClient client, Map<String, Object> details) {
		LangfuseStats stats = client.stats();
		if (!stats.enabled()) {
			details.put("enabled", false);
			details.put("reason", SettingProperties.translate(String.valueOf(stats.disabledReason())));
			return null;
		}
		ExportStats spans = stats.spans();
		boolean failing = spans.consecutiveFailures() > 0;
		String failure = null;
		if (failing && REJECTED_KEYS.contains(spans.lastFailureCause())) {
			failure = "the server refused the keys (" + spans.lastFailureCause().key() + ")";
		}
		else if (spans.consecutiveFailures() >= SUSTAINED_FAILURES) {
			failure = spans.consecutiveFailures() + " failed exports in a row";
		}
		if (failure != null) {
			details.put("reason", failure);
		}
		details.put("destination", client.destination());
		details.put("queuedSpans", spans.queueSize());
		details.put("exportedSpans", spans.exported());
		details.put("droppedSpans", spans.droppedTotal());
		if (spans.lastSuccessfulExport() != null) {
			details.put("lastSuccessfulExport", spans.lastSuccessfulExport());
		}
		if (failing && spans.lastError() != null) {
			details.put("lastError", spans.lastError());
		}
		return failure;
	}

}
