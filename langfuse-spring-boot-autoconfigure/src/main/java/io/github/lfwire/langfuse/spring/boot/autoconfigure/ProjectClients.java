package io.github.lfwire.langfuse.spring.boot.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.lfwire.langfuse.ApplicationTrace;
import io.github.lfwire.langfuse.LangfuseClient;
import io.github.lfwire.langfuse.LangfuseConfig;
import io.github.lfwire.langfuse.LangfuseProjects;
import io.github.lfwire.langfuse.config.LangfuseConfigException;
import org.jspecify.annotations.Nullable;

/**
 * The {@link LangfuseProjects} of the properties: the default client and one client per
 * {@code langfuse.projects} entry, which shares every setting of the default project but
 * its keys and server.
 */
final class ProjectClients {

	private ProjectClients() {
	}

	/**
	 * The projects: the default client and a client for each configured project.
	 * @throws LangfuseConfigException naming the {@code langfuse.projects.<id>} property
	 * of a project without keys (unless tracing is off), with a malformed base URL or id
	 */
	static LangfuseProjects create(LangfuseClient defaultClient, Map<String, LangfuseProperties.Project> projects) {
		List<LangfuseClient> created = new ArrayList<>();
		try {
			LangfuseProjects.Builder builder = LangfuseProjects.builder(defaultClient);
			for (Map.Entry<String, LangfuseProperties.Project> project : projects.entrySet()) {
				LangfuseClient client = LangfuseClient
					.create(config(defaultClient.config(), project.getKey(), project.getValue()));
				created.add(client);
				builder.add(project.getKey(), client);
			}
			return builder.build();
		}
		catch (RuntimeException ex) {
			created.forEach(LangfuseClient::close);
			throw ex;
		}
	}

	/**
	 * The settings of a project: the default project's, with the project's keys and
	 * server; span exporters added to the default project stay with it, and in join mode
	 * the project links to the application's trace, since only the default project joins
	 * it.
	 */
	static LangfuseConfig config(LangfuseConfig defaults, String id, LangfuseProperties.Project project) {
		String prefix = "projects." + id + ".";
		String publicKey = required(defaults, project.getPublicKey(), prefix + "public-key", "public key (pk-lf-...)");
		String secretKey = required(defaults, project.getSecretKey(), prefix + "secret-key", "secret key (sk-lf-...)");
		String host = (project.getBaseUrl() != null && !project.getBaseUrl().isBlank()) ? project.getBaseUrl()
				: defaults.host().toString();
		try {
			return LangfuseConfig.builder()
				.host(host)
				.publicKey(publicKey)
				.secretKey(secretKey)
				.enabled(defaults.enabled())
				.consoleExport(defaults.consoleExport())
				.tracing((defaults.tracing().applicationTrace() != ApplicationTrace.JOIN) ? defaults.tracing()
						: defaults.tracing().toBuilder().applicationTrace(ApplicationTrace.LINK).build())
				.capture(defaults.capture())
				.export(defaults.export())
				.media(defaults.media())
				.build();
		}
		catch (LangfuseConfigException ex) {
			if (ex.setting().equals("host")) {
				throw new LangfuseConfigException(prefix + "base-url", ex.problem(), "Set langfuse." + prefix
						+ "base-url to the base URL of the project's Langfuse server, such as https://cloud.langfuse.com.");
			}
			throw ex;
		}
	}

	/**
	 * A key, which must be set unless tracing is off ({@code langfuse.enabled=false}),
	 * when every project is a no-op.
	 */
	private static @Nullable String required(LangfuseConfig defaults, @Nullable String value, String setting,
			String what) {
		if (!defaults.enabled()) {
			return value;
		}
		if (value == null || value.isBlank()) {
			throw new LangfuseConfigException(setting, "it is not set, so the project has no " + what,
					"Set langfuse." + setting + " to the project's " + what + ", or remove the project.");
		}
		return value.strip();
	}

}
