package io.github.lfwire.langfuse.prompt;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.lang.System.Logger;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import io.github.lfwire.langfuse.LangfuseConfig;
import io.github.lfwire.langfuse.config.LangfuseConfigException;
import io.github.lfwire.langfuse.internal.LangfuseHttp;
import tools.jackson.core.JacksonException;

/**
 * Fetches prompts managed in Langfuse, caches them and falls back to the application's
 * own prompt when Langfuse cannot provide one.
 * <p>
 * A cached prompt is returned without touching the network; once expired it is still
 * returned at once while one background fetch per prompt refreshes it. A prompt not in
 * the cache is fetched while the caller waits at most the fetch timeout, retrying
 * timeouts, network errors, 408, 429 and 5xx with backoff and honouring
 * {@code Retry-After}. When that fails the caller's fallback is returned, marked
 * {@link LangfusePrompt#isFallback()}, and the failure is cached like a prompt, so later
 * calls get the fallback at once until a background fetch succeeds. Thread-safe; create
 * one per application and share it.
 */
public final class LangfusePrompts implements AutoCloseable {

	/** The label fetched when neither a label nor a version is given. */
	public static final String DEFAULT_LABEL = "production";

	/** How long a fetched prompt is served before it is refreshed, by default. */
	public static final Duration DEFAULT_CACHE_TTL = Duration.ofSeconds(60);

	/** How long a caller waits for a prompt not in the cache, by default. */
	public static final Duration DEFAULT_FETCH_TIMEOUT = Duration.ofSeconds(5);

	/** How many times a failed fetch is retried, by default. */
	public static final int DEFAULT_MAX_RETRIES = 2;

	/** The most prompts and failures cached, by default. */
	public static final int DEFAULT_MAX_ENTRIES = 1000;

	static final String PROMPTS_PATH = "/api/public/v2/prompts";

	private static final Duration INITIAL_BACKOFF = Duration.ofMillis(500);

	private static final Duration MAX_BACKOFF = Duration.ofSeconds(8);

	private static final int THREADS = 2;

	private static final Logger logger = System.getLogger(LangfusePrompts.class.getName());

	private static final AtomicInteger INSTANCES = new AtomicInteger();

	private final LangfuseConfig config;

	private final String unavailableReason;

	private final Duration cacheTtl;

	private final Duration fetchTimeout;

	private final int maxRetries;

	private final Clock clock;

	private final Sleeper sleeper;

	private final PromptCache cache;

	private final Map<String, CompletableFuture<PromptCache.Entry>> inFlight = new ConcurrentHashMap<>();

	private final PromptJson json = new PromptJson();

	private final LongAdder hits = new LongAdder();

	private final LongAdder misses = new LongAdder();

	private final LongAdder refreshes = new LongAdder();

	private final LongAdder fallbacks = new LongAdder();

	private final LongAdder errors = new LongAdder();

	private final Object executorLock = new Object();

	private ThreadPoolExecutor executor;

	private LangfuseHttp http;

	private boolean closed;

	private LangfusePrompts(Builder builder) {
		LangfuseConfig config = builder.config;
		if (!config.enabled()) {
			this.unavailableReason = "Langfuse is disabled by configuration (enabled=false)";
		}
		else if (!config.hasCredentials()) {
			this.unavailableReason = "no Langfuse credentials are set";
		}
		else {
			this.unavailableReason = null;
		}
		this.config = config;
		this.cacheTtl = builder.cacheTtl;
		this.fetchTimeout = builder.fetchTimeout;
		this.maxRetries = builder.maxRetries;
		this.clock = builder.clock;
		this.sleeper = builder.sleeper;
		this.cache = new PromptCache(builder.maxEntries);
	}

	/**
	 * Prompts fetched with the server, keys and HTTP timeout of the given settings,
	 * everything else at defaults.
	 */
	public static LangfusePrompts create(LangfuseConfig config) {
		return builder(config).build();
	}

	/**
	 * A builder that fetches with the server, keys and HTTP timeout of the given
	 * settings.
	 */
	public static Builder builder(LangfuseConfig config) {
		return new Builder(Objects.requireNonNull(config, "config"));
	}

	/**
	 * The {@code production} text prompt of that name; throws when Langfuse cannot
	 * provide it.
	 */
	public TextPrompt getText(String name) {
		return text(name).get();
	}

	/**
	 * The {@code production} chat prompt of that name; throws when Langfuse cannot
	 * provide it.
	 */
	public ChatPrompt getChat(String name) {
		return chat(name).get();
	}

	/** A request for a text prompt, to refine with a label or version and a fallback. */
	public TextRequest text(String name) {
		return new TextRequest(this, name);
	}

	/** A request for a chat prompt, to refine with a label or version and a fallback. */
	public ChatRequest chat(String name) {
		return new ChatRequest(this, name);
	}

	/**
	 * Creates a new version of a text prompt (the previous version + 1); the labels move
	 * to it and it becomes {@code latest}. Waits for the server at most the HTTP timeout
	 * of the settings.
	 * @throws LangfusePromptException when the server refuses it or cannot be reached
	 */
	public TextPrompt createText(String name, String prompt, List<String> labels, Map<String, ?> config) {
		return (TextPrompt) create(name, this.json.textBody(Objects.requireNonNull(name, "name"),
				Objects.requireNonNull(prompt, "prompt"), labels, config));
	}

	/**
	 * Creates a new version of a chat prompt (the previous version + 1); the labels move
	 * to it and it becomes {@code latest}. Waits for the server at most the HTTP timeout
	 * of the settings.
	 * @throws LangfusePromptException when the server refuses it or cannot be reached
	 */
	public ChatPrompt createChat(String name, List<ChatMessage> messages, List<String> labels, Map<String, ?> config) {
		return (ChatPrompt) create(name,
				this.json.chatBody(Objects.requireNonNull(name, "name"), List.copyOf(messages), labels, config));
	}

	/** Empties the cache, so the next call for each prompt fetches it. */
	public void clearCache() {
		this.cache.clear();
	}

	/** A snapshot of the counters. */
	public PromptStats stats() {
		return new PromptStats(this.hits.sum(), this.misses.sum(), this.refreshes.sum(), this.fallbacks.sum(),
				this.errors.sum(), this.cache.evictions(), this.cache.size(), this.cache.maxEntries());
	}

	/**
	 * Whether prompts are fetched from Langfuse; without keys or with Langfuse disabled
	 * only fallbacks are served.
	 */
	public boolean isAvailable() {
		return this.unavailableReason == null;
	}

	/** The time a fetched prompt is served before it is refreshed. */
	public Duration cacheTtl() {
		return this.cacheTtl;
	}

	/** The longest time a caller waits for a prompt that is not cached. */
	public Duration fetchTimeout() {
		return this.fetchTimeout;
	}

	/** How many times a failed fetch is retried. */
	public int maxRetries() {
		return this.maxRetries;
	}

	/**
	 * Stops the background fetches; later calls for prompts not cached get their
	 * fallback.
	 */
	@Override
	public void close() {
		ThreadPoolExecutor running;
		synchronized (this.executorLock) {
			this.closed = true;
			running = this.executor;
			this.executor = null;
		}
		if (running != null) {
			running.shutdownNow();
		}
	}

	@Override
	public String toString() {
		return "LangfusePrompts{host=" + (isAvailable() ? this.config.host() : "none") + ", cacheTtl=" + this.cacheTtl
				+ ", fetchTimeout=" + this.fetchTimeout + ", maxRetries=" + this.maxRetries + ", maxEntries="
				+ this.cache.maxEntries() + "}";
	}

	static String cacheKey(String name, String label, Integer version) {
		return (version != null) ? name + "-version:" + version : name + "-label:" + label;
	}

	static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A");
	}

	private LangfusePrompt get(Request<?> request) {
		String label = (request.version == null) ? Objects.requireNonNullElse(request.label, DEFAULT_LABEL) : null;
		if (this.unavailableReason != null) {
			return fallbackOrThrow(request, label, new LangfusePromptException(
					"Prompt '" + request.name + "' is not available: " + this.unavailableReason));
		}
		String key = cacheKey(request.name, label, request.version);
		PromptCache.Entry entry = this.cache.get(key);
		if (entry != null) {
			if (entry.expired(this.clock.millis())) {
				fetch(key, request.name, label, request.version, true);
			}
			if (entry.prompt() != null) {
				this.hits.increment();
				return typed(request, label, entry.prompt());
			}
			return fallbackOrThrow(request, label, entry.failure());
		}
		this.misses.increment();
		CompletableFuture<PromptCache.Entry> fetch = fetch(key, request.name, label, request.version, false);
		try {
			PromptCache.Entry fetched = (fetch != null) ? fetch.get(this.fetchTimeout.toNanos(), TimeUnit.NANOSECONDS)
					: null;
			if (fetched == null) {
				return fallbackOrThrow(request, label,
						new LangfusePromptException("Prompt '" + request.name + "' could not be fetched: stopped"));
			}
			return (fetched.prompt() != null) ? typed(request, label, fetched.prompt())
					: fallbackOrThrow(request, label, fetched.failure());
		}
		catch (TimeoutException ex) {
			return fallbackOrThrow(request, label, new LangfusePromptException(
					"Prompt '" + request.name + "' was not fetched within the fetch timeout of " + this.fetchTimeout));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return fallbackOrThrow(request, label,
					new LangfusePromptException("Interrupted while fetching prompt '" + request.name + "'"));
		}
		catch (ExecutionException ex) {
			return fallbackOrThrow(request, label,
					new LangfusePromptException("Prompt '" + request.name + "' could not be fetched", ex.getCause()));
		}
	}

	private LangfusePrompt typed(Request<?> request, String label, LangfusePrompt prompt) {
		if (prompt.type() == request.type) {
			return prompt;
		}
		return fallbackOrThrow(request, label, new LangfusePromptException("Prompt '" + request.name + "' is a "
				+ prompt.type().wireName() + " prompt, not a " + request.type.wireName() + " prompt"));
	}

	private LangfusePrompt fallbackOrThrow(Request<?> request, String label, LangfusePromptException failure) {
		LangfusePrompt fallback = request.fallback(PromptMeta.fallback(request.name, label));
		if (fallback == null) {
			throw (failure instanceof LangfusePromptNotFoundException)
					? new LangfusePromptNotFoundException(failure.getMessage())
					: new LangfusePromptException(failure.getMessage(), failure.getCause());
		}
		this.fallbacks.increment();
		logger.log(Level.DEBUG, () -> "Using the fallback for prompt '" + request.name + "': " + failure.getMessage());
		return fallback;
	}

	private CompletableFuture<PromptCache.Entry> fetch(String key, String name, String label, Integer version,
			boolean refresh) {
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
				this.refreshes.increment();
			}
		}
		catch (RejectedExecutionException ex) {
			this.inFlight.remove(key, created);
			return null;
		}
		return created;
	}

	private PromptCache.Entry fetchNow(String key, String name, String label, Integer version) {
		String path = PROMPTS_PATH + "/" + encode(name)
				+ ((version != null) ? "?version=" + version : "?label=" + encode(label));
		long deadline = System.nanoTime() + this.fetchTimeout.toNanos();
		String what = "prompt '" + name + "' " + ((version != null) ? "version " + version : "label '" + label + "'");
		for (int attempt = 0;; attempt++) {
			Duration retryAfter = null;
			String problem;
			try {
				LangfuseHttp.Response response = http().getAuthenticated(path, remaining(deadline));
				int status = response.status();
				if (status == 200) {
					return store(key, this.json.prompt(response.body()));
				}
				String message = this.json.message(response.body());
				if (status == 404) {
					return fail(key, new LangfusePromptNotFoundException(
							(message != null) ? message : "Prompt not found: " + what), true);
				}
				problem = "HTTP " + status + ((message != null) ? " (" + message + ")" : "");
				if (!(status == 408 || status == 429 || status >= 500)) {
					return fail(key, new LangfusePromptException("Langfuse refused " + what + ": " + problem), false);
				}
				retryAfter = response.retryAfter();
			}
			catch (IOException ex) {
				problem = ex.getClass().getSimpleName();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return fail(key, new LangfusePromptException("Fetching " + what + " was interrupted"), false);
			}
			catch (JacksonException | IllegalArgumentException | ClassCastException ex) {
				return fail(key,
						new LangfusePromptException(
								"Langfuse answered " + what + " with a body that is not a prompt: " + ex.getMessage()),
						false);
			}
			Duration delay = (retryAfter != null) ? retryAfter : backoff(attempt);
			if (attempt >= this.maxRetries || delay.compareTo(remaining(deadline)) >= 0) {
				return fail(key,
						new LangfusePromptException(
								"Could not fetch " + what + " after " + (attempt + 1) + " attempt(s): " + problem),
						false);
			}
			try {
				this.sleeper.sleep(delay);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return fail(key, new LangfusePromptException("Fetching " + what + " was interrupted"), false);
			}
		}
	}

	private PromptCache.Entry store(String key, LangfusePrompt prompt) {
		PromptCache.Entry entry = new PromptCache.Entry(prompt, null, expiry());
		this.cache.put(key, entry);
		return entry;
	}

	private PromptCache.Entry fail(String key, LangfusePromptException failure, boolean evict) {
		this.errors.increment();
		logger.log(Level.WARNING, failure.getMessage());
		PromptCache.Entry entry = new PromptCache.Entry(null, failure, expiry());
		PromptCache.Entry cached = this.cache.get(key);
		if (evict || cached == null || cached.prompt() == null) {
			this.cache.put(key, entry);
		}
		return entry;
	}

	private long expiry() {
		return this.clock.millis() + this.cacheTtl.toMillis();
	}

	private static Duration backoff(int attempt) {
		Duration delay = INITIAL_BACKOFF.multipliedBy(1L << Math.min(attempt, 10));
		return (delay.compareTo(MAX_BACKOFF) > 0) ? MAX_BACKOFF : delay;
	}

	private static Duration remaining(long deadline) {
		return Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime()));
	}

	private ThreadPoolExecutor executor() {
		synchronized (this.executorLock) {
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
		synchronized (this.executorLock) {
			if (this.http == null) {
				this.http = new LangfuseHttp(this.config.host(), this.config.publicKey(), this.config.secretKey(),
						this.config.export().timeout());
			}
			return this.http;
		}
	}

	private LangfusePrompt create(String name, byte[] body) {
		if (this.unavailableReason != null) {
			throw new LangfusePromptException("Cannot create prompt '" + name + "': " + this.unavailableReason);
		}
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
		if (response.status() != 200 && response.status() != 201) {
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

	/** Waits between retries; replaced in tests. */
	@FunctionalInterface
	interface Sleeper {

		void sleep(Duration delay) throws InterruptedException;

	}

	/**
	 * A request for one prompt: a label (default {@code production}) or a version, and an
	 * optional fallback.
	 */
	public abstract static sealed class Request<P extends LangfusePrompt> permits TextRequest, ChatRequest {

		private final LangfusePrompts prompts;

		private final String name;

		private final PromptType type;

		private String label;

		private Integer version;

		Request(LangfusePrompts prompts, String name, PromptType type) {
			if (name == null || name.isBlank()) {
				throw new IllegalArgumentException("A prompt name must not be empty");
			}
			this.prompts = prompts;
			this.name = name;
			this.type = type;
		}

		/**
		 * Fetches the version that has this label; not together with
		 * {@link #version(int)}.
		 */
		public Request<P> label(String label) {
			if (this.version != null) {
				throw new IllegalArgumentException(
						"Ask for a label or a version of prompt '" + this.name + "', not both");
			}
			this.label = Objects.requireNonNull(label, "label");
			return this;
		}

		/** Fetches this version; not together with {@link #label(String)}. */
		public Request<P> version(int version) {
			if (this.label != null) {
				throw new IllegalArgumentException(
						"Ask for a label or a version of prompt '" + this.name + "', not both");
			}
			this.version = version;
			return this;
		}

		/**
		 * The prompt from the cache, or from Langfuse within the fetch timeout, or the
		 * fallback when one is given.
		 * @throws LangfusePromptNotFoundException when Langfuse has no such prompt and no
		 * fallback is given
		 * @throws LangfusePromptException when Langfuse cannot provide it for another
		 * reason and no fallback is given
		 */
		@SuppressWarnings("unchecked")
		public P get() {
			return (P) this.prompts.get(this);
		}

		abstract LangfusePrompt fallback(PromptMeta meta);

	}

	/** A request for a text prompt. */
	public static final class TextRequest extends Request<TextPrompt> {

		private String fallback;

		TextRequest(LangfusePrompts prompts, String name) {
			super(prompts, name, PromptType.TEXT);
		}

		@Override
		public TextRequest label(String label) {
			super.label(label);
			return this;
		}

		@Override
		public TextRequest version(int version) {
			super.version(version);
			return this;
		}

		/**
		 * The template returned, as a fallback prompt of version 0, when Langfuse cannot
		 * provide the prompt.
		 */
		public TextRequest fallback(String prompt) {
			this.fallback = Objects.requireNonNull(prompt, "prompt");
			return this;
		}

		@Override
		LangfusePrompt fallback(PromptMeta meta) {
			return (this.fallback != null) ? new TextPrompt(meta, this.fallback) : null;
		}

	}

	/** A request for a chat prompt. */
	public static final class ChatRequest extends Request<ChatPrompt> {

		private List<ChatMessage> fallback;

		ChatRequest(LangfusePrompts prompts, String name) {
			super(prompts, name, PromptType.CHAT);
		}

		@Override
		public ChatRequest label(String label) {
			super.label(label);
			return this;
		}

		@Override
		public ChatRequest version(int version) {
			super.version(version);
			return this;
		}

		/**
		 * The messages returned, as a fallback prompt of version 0, when Langfuse cannot
		 * provide the prompt.
		 */
		public ChatRequest fallback(List<ChatMessage> messages) {
			this.fallback = List.copyOf(messages);
			return this;
		}

		@Override
		LangfusePrompt fallback(PromptMeta meta) {
			return (this.fallback != null) ? new ChatPrompt(meta, this.fallback) : null;
		}

	}

	/** Builds {@link LangfusePrompts}; every setting is checked in {@link #build()}. */
	public static final class Builder {

		private final LangfuseConfig config;

		private Duration cacheTtl = DEFAULT_CACHE_TTL;

		private Duration fetchTimeout = DEFAULT_FETCH_TIMEOUT;

		private int maxRetries = DEFAULT_MAX_RETRIES;

		private int maxEntries = DEFAULT_MAX_ENTRIES;

		private Clock clock = Clock.systemUTC();

		private Sleeper sleeper = (delay) -> Thread.sleep(delay.toMillis());

		private Builder(LangfuseConfig config) {
			this.config = config;
		}

		/**
		 * How long a fetched prompt is served before a background fetch refreshes it
		 * (default 60 s).
		 */
		public Builder cacheTtl(Duration cacheTtl) {
			this.cacheTtl = cacheTtl;
			return this;
		}

		/**
		 * The longest time a caller waits for a prompt that is not cached, retries
		 * included (default 5 s).
		 */
		public Builder fetchTimeout(Duration fetchTimeout) {
			this.fetchTimeout = fetchTimeout;
			return this;
		}

		/**
		 * How many times a fetch that failed with a timeout, network error, 408, 429 or
		 * 5xx is retried (default 2).
		 */
		public Builder maxRetries(int maxRetries) {
			this.maxRetries = maxRetries;
			return this;
		}

		/**
		 * The most prompts and failures cached; the least recently used is evicted beyond
		 * it (default 1000).
		 */
		public Builder maxEntries(int maxEntries) {
			this.maxEntries = maxEntries;
			return this;
		}

		/** The clock that decides when cached prompts expire, for tests. */
		public Builder clock(Clock clock) {
			this.clock = Objects.requireNonNull(clock, "clock");
			return this;
		}

		Builder sleeper(Sleeper sleeper) {
			this.sleeper = sleeper;
			return this;
		}

		/**
		 * Validates every setting and builds the prompts.
		 * @throws LangfuseConfigException naming the first invalid setting and its fix
		 */
		public LangfusePrompts build() {
			if (this.cacheTtl == null || this.cacheTtl.isNegative()) {
				throw new LangfuseConfigException("promptCacheTtl",
						this.cacheTtl + " is not a duration of zero or more",
						"Use a duration such as 60s; 0s refreshes in the background on every call.");
			}
			if (this.fetchTimeout == null || this.fetchTimeout.isNegative() || this.fetchTimeout.isZero()) {
				throw new LangfuseConfigException("promptFetchTimeout",
						this.fetchTimeout + " is not a positive duration", "Use a positive duration such as 5s.");
			}
			if (this.maxRetries < 0 || this.maxRetries > 10) {
				throw new LangfuseConfigException("promptMaxRetries", this.maxRetries + " is not between 0 and 10",
						"Use 0 to never retry, or a small count such as 2.");
			}
			if (this.maxEntries < 1) {
				throw new LangfuseConfigException("promptMaxEntries", this.maxEntries + " is below the minimum 1",
						"Use the most prompts to cache, e.g. 1000.");
			}
			return new LangfusePrompts(this);
		}

	}

}
