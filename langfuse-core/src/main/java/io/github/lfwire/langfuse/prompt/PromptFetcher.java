package io.github.lfwire.langfuse.prompt;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.lfwire.langfuse.LangfuseConfig;
import io.github.lfwire.langfuse.internal.HttpOutcome;
import io.github.lfwire.langfuse.internal.LangfuseHttp;
import io.github.lfwire.langfuse.internal.RetryPolicy;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;

/**
 * Talks to Langfuse's prompt API for {@link LangfusePrompts}: fetches on a small pool of
 * threads started by the first fetch, one fetch per prompt at a time, retrying as the
 * shared {@link RetryPolicy} decides within the fetch timeout, and records each result,
 * prompt or failure, in the cache.
 */
final class PromptFetcher {

	static final String PROMPTS_PATH = "/api/public/v2/prompts";

	private static final int THREADS = 2;

	private static final Logger logger = System.getLogger(LangfusePrompts.class.getName());

	private static final AtomicInteger INSTANCES = new AtomicInteger();

	private final LangfuseConfig config;

	private final PromptSettings settings;

	private final PromptCache cache;

	private final PromptCounters counters;

	private final Clock clock;

	private final Sleeper sleeper;

	private final RetryPolicy retryPolicy;

	private final Map<String, CompletableFuture<PromptCache.Entry>> inFlight = new ConcurrentHashMap<>();

	private final PromptJson json = new PromptJson();

	private final Object lock = new Object();

	private @Nullable ThreadPoolExecutor executor;

	private @Nullable LangfuseHttp http;

	private boolean closed;

	PromptFetcher(LangfuseConfig config, PromptSettings settings, PromptCache cache, PromptCounters counters,
			Clock clock, Sleeper sleeper, RetryPolicy retryPolicy) {
		this.config = config;
		this.settings = settings;
		this.cache = cache;
		this.counters = counters;
		this.clock = clock;
		this.sleeper = sleeper;
		this.retryPolicy = retryPolicy;
	}

	static String cacheKey(String name, @Nullable String label, @Nullable Integer version) {
		return (version != null) ? name + "-version:" + version : name + "-label:" + label;
	}

	static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A");
	}

	/**
	 * Starts a fetch of the prompt in the background, or joins the one already running;
	 * {@code null} once closed.
	 */
	@Nullable CompletableFuture<PromptCache.Entry> fetch(String key, String name, @Nullable String label,
			@Nullable Integer version, boolean refresh) {
		CompletableFuture<PromptCache.Entry> created = new CompletableFuture<>();
		CompletableFuture<PromptCache.Entry> running = this.inFlight.putIfAbsent(key, created);
		if (running != null) {
			return running;
		}
		try {
			ThreadPoolExecutor executor = executor();
			if (executor == null) {
				this.inFlight.remove(key, created);
				return null;
			}
			executor.execute(() -> {
				PromptCache.Entry entry;
				try {
					entry = fetchNow(key, name, label, version);
				}
				catch (Throwable ex) {
					this.inFlight.remove(key, created);
					created.completeExceptionally(ex);
					return;
				}
				this.inFlight.remove(key, created);
				created.complete(entry);
			});
			if (refresh) {
				this.counters.refreshes.increment();
			}
		}
		catch (RejectedExecutionException ex) {
			this.inFlight.remove(key, created);
			return null;
		}
		return created;
	}

	private PromptCache.Entry fetchNow(String key, String name, @Nullable String label, @Nullable Integer version) {
		String path = PROMPTS_PATH + "/" + encode(name)
				+ ((version != null) ? "?version=" + version : "?label=" + encode(label));
		long deadline = System.nanoTime() + this.settings.fetchTimeout().toNanos();
		String what = "prompt '" + name + "' " + ((version != null) ? "version " + version : "label '" + label + "'");
		for (int attempt = 0;; attempt++) {
			Duration retryAfter = null;
			HttpOutcome outcome = HttpOutcome.RETRY;
			String problem;
			try {
				LangfuseHttp.Response response = http().getAuthenticated(path, remaining(deadline));
				int status = response.status();
				outcome = HttpOutcome.ofStatus(status);
				if (outcome == HttpOutcome.SUCCESS) {
					return store(key, this.json.prompt(response.body()));
				}
				String message = this.json.message(response.body());
				if (status == 404) {
					return fail(key, new LangfusePromptNotFoundException(
							(message != null) ? message : "Prompt not found: " + what), true);
				}
				problem = "HTTP " + status + ((message != null) ? " (" + message + ")" : "");
				if (outcome != HttpOutcome.RETRY) {
					return fail(key, new LangfusePromptException("Langfuse refused " + what + ": " + problem), false);
				}
				retryAfter = response.retryAfter();
			}
			catch (IOException ex) {
				problem = ex.getClass().getSimpleName();
			}
			catch (InterruptedException ex) {
				return interrupted(key, what);
			}
			catch (JacksonException | IllegalArgumentException | ClassCastException ex) {
				return fail(key,
						new LangfusePromptException(
								"Langfuse answered " + what + " with a body that is not a prompt: " + ex.getMessage()),
						false);
			}
			Duration delay = this.retryPolicy.retryDelay(outcome, attempt, retryAfter);
			if (delay == null || delay.compareTo(remaining(deadline)) >= 0) {
				return fail(key,
						new LangfusePromptException(
								"Could not fetch " + what + " after " + (attempt + 1) + " attempt(s): " + problem),
						false);
			}
			try {
				this.sleeper.sleep(delay);
			}
			catch (InterruptedException ex) {
				return interrupted(key, what);
			}
		}
	}

	private PromptCache.Entry interrupted(String key, String what) {
		Thread.currentThread().interrupt();
		return fail(key, new LangfusePromptException("Fetching " + what + " was interrupted"), false);
	}

	private PromptCache.Entry store(String key, LangfusePrompt prompt) {
		PromptCache.Entry entry = new PromptCache.Entry(prompt, null, expiry());
		this.cache.put(key, entry);
		return entry;
	}

	private PromptCache.Entry fail(String key, LangfusePromptException failure, boolean evict) {
		this.counters.errors.increment();
		logger.log(Level.WARNING, failure.getMessage());
		PromptCache.Entry entry = new PromptCache.Entry(null, failure, expiry());
		PromptCache.Entry cached = this.cache.get(key);
		if (evict || cached == null || cached.prompt() == null) {
			this.cache.put(key, entry);
		}
		return entry;
	}

	private long expiry() {
		return this.clock.millis() + this.settings.cacheTtl().toMillis();
	}

	private static Duration remaining(long deadline) {
		return Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime()));
	}

	/**
	 * Creates a prompt version, without retrying: a retried creation could add two
	 * versions.
	 */
	LangfusePrompt create(String name, byte[] body) {
		LangfuseHttp.Response response;
		try {
			response = http().post(PROMPTS_PATH, "application/json", body, Map.of());
		}
		catch (IOException ex) {
			throw new LangfusePromptException("Cannot create prompt '" + name + "': " + ex.getClass().getSimpleName(),
					ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new LangfusePromptException("Interrupted while creating prompt '" + name + "'", ex);
		}
		if (HttpOutcome.ofStatus(response.status()) != HttpOutcome.SUCCESS) {
			String message = this.json.message(response.body());
			throw new LangfusePromptException("Langfuse refused to create prompt '" + name + "': HTTP "
					+ response.status() + ((message != null) ? " (" + message + ")" : ""));
		}
		LangfusePrompt created;
		try {
			created = this.json.prompt(response.body());
		}
		catch (JacksonException | IllegalArgumentException ex) {
			throw new LangfusePromptException(
					"Langfuse answered the creation of prompt '" + name + "' with a body that is not a prompt", ex);
		}
		this.cache.remove(cacheKey(name, "latest", null));
		created.labels().forEach((label) -> this.cache.remove(cacheKey(name, label, null)));
		return created;
	}

	/** Stops the background fetches; later fetches are not started. */
	void close() {
		ThreadPoolExecutor running;
		synchronized (this.lock) {
			this.closed = true;
			running = this.executor;
			this.executor = null;
		}
		if (running != null) {
			running.shutdownNow();
		}
	}

	private @Nullable ThreadPoolExecutor executor() {
		synchronized (this.lock) {
			if (this.closed) {
				return null;
			}
			if (this.executor == null) {
				int instance = INSTANCES.incrementAndGet();
				AtomicInteger threads = new AtomicInteger();
				ThreadPoolExecutor executor = new ThreadPoolExecutor(THREADS, THREADS, 30, TimeUnit.SECONDS,
						new LinkedBlockingQueue<>(), (runnable) -> {
							Thread thread = new Thread(runnable,
									"langfuse-prompts-" + instance + "-" + threads.incrementAndGet());
							thread.setDaemon(true);
							return thread;
						});
				executor.allowCoreThreadTimeOut(true);
				this.executor = executor;
			}
			return this.executor;
		}
	}

	private LangfuseHttp http() {
		synchronized (this.lock) {
			if (this.http == null) {
				this.http = new LangfuseHttp(this.config.host(), this.config.publicKey(), this.config.secretKey(),
						this.config.exportTimeout());
			}
			return this.http;
		}
	}

	/** Waits between retries; replaced in tests. */
	@FunctionalInterface
	interface Sleeper {

		void sleep(Duration delay) throws InterruptedException;

	}

}
