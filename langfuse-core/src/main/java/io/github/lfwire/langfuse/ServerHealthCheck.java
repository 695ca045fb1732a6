package io.github.lfwire.langfuse;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

import io.github.lfwire.langfuse.internal.LangfuseHttp;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** Asks the server for its health and version over HTTP; never throws. */
final class ServerHealthCheck {

	private final LangfuseHttp http;

	private final Supplier<ObjectMapper> mapper;

	ServerHealthCheck(LangfuseHttp http, Supplier<ObjectMapper> mapper) {
		this.http = http;
		this.mapper = mapper;
	}

	ServerHealth check(Duration timeout) {
		try {
			LangfuseHttp.Response response = this.http.get("/api/public/health", timeout);
			if (response.status() != 200) {
				return health(ServerHealth.Status.UNHEALTHY, null, "HTTP " + response.status());
			}
			JsonNode body = this.mapper.get().readTree(response.body());
			String status = body.path("status").asString(null);
			if (status == null) {
				return health(ServerHealth.Status.INVALID, null, "health answer has no status");
			}
			String version = body.path("version").asString(null);
			if (!"OK".equals(status)) {
				return health(ServerHealth.Status.UNHEALTHY, version, "server reported status " + status);
			}
			return health(ServerHealth.Status.OK, version, null);
		}
		catch (JacksonException ex) {
			return health(ServerHealth.Status.INVALID, null, "health answer is not JSON");
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return health(ServerHealth.Status.UNREACHABLE, null, "interrupted");
		}
		catch (Exception ex) {
			return health(ServerHealth.Status.UNREACHABLE, null, ex.getClass().getSimpleName()
					+ ((ex.getMessage() != null && !ex.getMessage().isBlank()) ? ": " + ex.getMessage() : ""));
		}
	}

	static ServerHealth health(ServerHealth.Status status, String version, String detail) {
		return new ServerHealth(status, version, detail, Instant.now());
	}

}
