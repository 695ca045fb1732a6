package io.github.lfwire.langfuse.prompt;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.random.RandomGenerator;

import io.github.lfwire.langfuse.LangfuseConfig;
import io.github.lfwire.langfuse.LangfuseConfigException;
import io.github.lfwire.langfuse.internal.RetryPolicy;

/**
 * Fetches prompts managed in Langfuse, caches them and falls back to the application's
 * own prompt when Langfuse cannot provide one.
 * <p>
 * A cached prompt is returned without touching the network; once expired it is still
 * returned at once while one background fetch per prompt refreshes it. A prompt not in
 * the cache is fetched while the caller waits at most the fetch timeout, retried like
 * every request to Langfuse (timeouts, network errors, 408, 429 and 5xx, with jittered
 * exponential backoff or the server's {@code Retry-After}). When that fails the caller's
 * fallback is returned, marked {@link LangfusePrompt#isFallback()}, and the failure is
 * cached like a prompt, so later calls get the fallback at once until a background fetch
 * succeeds. Thread-safe; create one per application and share it.
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

	/** The first delay before retrying a failed fetch, by default. */
	public static final Duration DEFAULT_RETRY_INITIAL_BACKOFF = Duration.ofMillis(500);

	/** The longest delay before retrying a failed fetch, by default. */
	public static final Duration DEFAULT_RETRY_MAX_BACKOFF = Duration.ofSeconds(8);

	/** The most prompts and failures cached, by default. */
	public static final int DEFAULT_MAX_ENTRIES = 1000;

	private static final Logger logger = System.getLogger(LangfusePrompts.class.getName());

	private final LangfuseConfig config;

	private final String unavailableReason;

	private final PromptSettings settings;

	private final Clock clock;

	private final PromptCache cache;

	private final PromptCounters counters = new PromptCounters();

	private final PromptFetcher fetcher;

	private final PromptJson json = new PromptJson();

	private LangfusePrompts(Builder builder, PromptSettings settings) {
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
		this.settings = settings;
		this.clock = builder.clock;
		this.cache = new PromptCache(settings.maxEntries());
		this.fetcher = new PromptFetcher(config, settings, this.cache, this.counters, builder.clock, builder.sleeper,
				new RetryPolicy(settings.maxRetries(), settings.retryInitialBackoff(), settings.retryMaxBackoff(),
						builder.random));
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
	public TextPromptRequest text(String name) {
		return new TextPromptRequest(this, name);
	}

	/** A request for a chat prompt, to refine with a label or version and a fallback. */
	public ChatPromptRequest chat(String name) {
		return new ChatPromptRequest(this, name);
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
		return this.counters.snapshot(this.cache);
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
		return this.settings.cacheTtl();
	}

	/** The longest time a caller waits for a prompt that is not cached. */
	public Duration fetchTimeout() {
		return this.settings.fetchTimeout();
	}

	/** How many times a failed fetch is retried. */
	public int maxRetries() {
		return this.settings.maxRetries();
	}

	/** The first delay before retrying a failed fetch; later ones double. */
	public Duration retryInitialBackoff() {
		return this.settings.retryInitialBackoff();
	}

	/** The longest delay before retrying a failed fetch. */
	public Duration retryMaxBackoff() {
		return this.settings.retryMaxBackoff();
	}

	/**
	 * Stops the background fetches; later calls for prompts not cached get their
	 * fallback.
	 */
	@Override
	public void close() {
		this.fetcher.close();
	}

	@Override
	public String toString() {
		return "LangfusePrompts{host=" + (isAvailable() ? this.config.host() : "none") + ", cacheTtl="
				+ this.settings.cacheTtl() + ", fetchTimeout=" + this.settings.fetchTimeout() + ", maxRetries="
				+ this.settings.maxRetries() + ", maxEntries=" + this.settings.maxEntries() + "}";
	}

	LangfusePrompt get(PromptRequest<?, ?> request) {
		String label = (request.version() == null) ? Objects.requireNonNullElse(request.label(), DEFAULT_LABEL) : null;
		if (this.unavailableReason != null) {
			return fallbackOrThrow(request, label, new LangfusePromptException(
					"Prompt '" + request.name() + "' is not available: " + this.unavailableReason));
		}
		String key = PromptFetcher.cacheKey(request.name(), label, request.version());
		PromptCache.Entry entry = this.cache.get(key);
		if (entry != null) {
			if (entry.expired(this.clock.millis())) {
				this.fetcher.fetch(key, request.name(), label, request.version(), true);
			}
			if (entry.prompt() != null) {
				this.counters.hits.increment();
				return typed(request, label, entry.prompt());
			}
			return fallbackOrThrow(request, label, entry.failure());
		}
		this.counters.misses.increment();
		CompletableFuture<PromptCache.Entry> fetch = this.fetcher.fetch(key, request.name(), label, request.version(),
				false);
		try {
			PromptCache.Entry fetched = (fetch != null)
					? fetch.get(this.settings.fetchTimeout().toNanos(), TimeUnit.NANOSECONDS) : null;
			if (fetched == null) {
				return fallbackOrThrow(request, label,
						new LangfusePromptException("Prompt '" + request.name() + "' could not be fetched: stopped"));
			}
			return (fetched.prompt() != null) ? typed(request, label, fetched.prompt())
					: fallbackOrThrow(request, label, fetched.failure());
		}
		catch (TimeoutException ex) {
			return fallbackOrThrow(request, label, new LangfusePromptException("Prompt '" + request.name()
					+ "' was not fetched within the fetch timeout of " + this.settings.fetchTimeout()));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return fallbackOrThrow(request, label,
					new LangfusePromptException("Interrupted while fetching prompt '" + request.name() + "'"));
		}
		catch (ExecutionException ex) {
			return fallbackOrThrow(request, label,
					new LangfusePromptException("Prompt '" + request.name() + "' could not be fetched", ex.getCause()));
		}
	}

	private LangfusePrompt typed(PromptRequest<?, ?> request, String label, LangfusePrompt prompt) {
		if (prompt.type() == request.type()) {
			return prompt;
		}
		return fallbackOrThrow(request, label, new LangfusePromptException("Prompt '" + request.name() + "' is a "
				+ prompt.type().wireName() + " prompt, not a " + request.type().wireName() + " prompt"));
	}

	private LangfusePrompt fallbackOrThrow(PromptRequest<?, ?> request, String label, LangfusePromptException failure) {
		LangfusePrompt fallback = request.fallback(PromptMeta.fallback(request.name(), label));
		if (fallback == null) {
			throw (failure instanceof LangfusePromptNotFoundException)
					? new LangfusePromptNotFoundException(failure.getMessage())
					: new LangfusePromptException(failure.getMessage(), failure.getCause());
		}
		this.counters.fallbacks.increment();
		logger.log(Level.DEBUG,
				() -> "Using the fallback for prompt '" + request.name() + "': " + failure.getMessage());
		return fallback;
	}

	private LangfusePrompt create(String name, byte[] body) {
		if (this.unavailableReason != null) {
			throw new LangfusePromptException("Cannot create prompt '" + name + "': " + this.unavailableReason);
		}
		return this.fetcher.create(name, body);
	}

	/** Builds {@link LangfusePrompts}; every setting is checked in {@link #build()}. */
	public static final class Builder {

		private final LangfuseConfig config;

		private Duration cacheTtl = DEFAULT_CACHE_TTL;

		private Duration fetchTimeout = DEFAULT_FETCH_TIMEOUT;

		private int maxRetries = DEFAULT_MAX_RETRIES;

		private Duration retryInitialBackoff = DEFAULT_RETRY_INITIAL_BACKOFF;

		private Duration retryMaxBackoff = DEFAULT_RETRY_MAX_BACKOFF;

		private int maxEntries = DEFAULT_MAX_ENTRIES;

		private Clock clock = Clock.systemUTC();

		private PromptFetcher.Sleeper sleeper = (delay) -> Thread.sleep(delay.toMillis());

		private RandomGenerator random = new Random();

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
		 * The first delay before retrying a failed fetch, doubled for each retry and
		 * drawn at random between half and all of it (default 500 ms).
		 */
		public Builder retryInitialBackoff(Duration retryInitialBackoff) {
			this.retryInitialBackoff = retryInitialBackoff;
			return this;
		}

		/** The longest delay before retrying a failed fetch (default 8 s). */
		public Builder retryMaxBackoff(Duration retryMaxBackoff) {
			this.retryMaxBackoff = retryMaxBackoff;
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

		Builder sleeper(PromptFetcher.Sleeper sleeper) {
			this.sleeper = sleeper;
			return this;
		}

		Builder random(RandomGenerator random) {
			this.random = random;
			return this;
		}

		/**
		 * Validates every setting and builds the prompts.
		 * @throws LangfuseConfigException naming the first invalid setting and its fix
		 */
		public LangfusePrompts build() {
			return new LangfusePrompts(this, new PromptSettings(this.cacheTtl, this.fetchTimeout, this.maxRetries,
					this.retryInitialBackoff, this.retryMaxBackoff, this.maxEntries));
		}

	}

}
