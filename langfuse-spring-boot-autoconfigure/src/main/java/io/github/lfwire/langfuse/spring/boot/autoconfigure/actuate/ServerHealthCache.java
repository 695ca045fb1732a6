package io.github.lfwire.langfuse.spring.boot.autoconfigure.actuate;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.github.lfwire.langfuse.LangfuseClient;
import io.github.lfwire.langfuse.ServerHealth;

/**
 * The Langfuse server's last known health, refreshed in the background at most every
 * {@link #MAX_AGE}, so a request thread waits at most {@link #MAX_WAIT} for it.
 */
final class ServerHealthCache {

	static final Duration MAX_AGE = Duration.ofSeconds(30);

	static final Duration MAX_WAIT = Duration.ofSeconds(1);

	private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(5);

	private final LangfuseClient client;

	private final AtomicBoolean refreshing = new AtomicBoolean();

	private volatile ServerHealth last;

	private volatile CompletableFuture<ServerHealth> pending;

	ServerHealthCache(LangfuseClient client) {
		this.client = client;
	}

	ServerHealth get() {
		ServerHealth current = this.last;
		if (current == null || current.checkedAt().plus(MAX_AGE).isBefore(Instant.now())) {
			CompletableFuture<ServerHealth> refresh = refresh();
			if (current == null) {
				try {
					return refresh.get(MAX_WAIT.toMillis(), TimeUnit.MILLISECONDS);
				}
				catch (Exception ex) {
					if (ex instanceof InterruptedException) {
						Thread.currentThread().interrupt();
					}
					return new ServerHealth(ServerHealth.Status.UNKNOWN, null, "check in progress", Instant.now());
				}
			}
		}
		return current;
	}

	private CompletableFuture<ServerHealth> refresh() {
		if (this.refreshing.compareAndSet(false, true)) {
			this.pending = CompletableFuture.supplyAsync(() -> {
				try {
					ServerHealth health = this.client.serverHealth(CHECK_TIMEOUT);
					this.last = health;
					return health;
				}
				finally {
					this.refreshing.set(false);
				}
			}, (task) -> {
				Thread thread = new Thread(task, "langfuse-health-check");
				thread.setDaemon(true);
				thread.start();
			});
		}
		CompletableFuture<ServerHealth> current = this.pending;
		return (current != null) ? current : CompletableFuture.completedFuture(this.last);
	}

}
