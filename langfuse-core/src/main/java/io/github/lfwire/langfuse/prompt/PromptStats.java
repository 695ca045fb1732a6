package io.github.lfwire.langfuse.prompt;

import java.util.List;

import io.github.lfwire.langfuse.stats.Stat;
import io.github.lfwire.langfuse.stats.StatGroup;

/**
 * A snapshot of the prompt cache's counters, for health pages and metrics.
 *
 * @param hits prompts served from the cache, fresh or expired, without waiting for the
 * network
 * @param misses prompts not in the cache, fetched while the caller waited
 * @param refreshes background refreshes of expired entries started
 * @param fallbacks fallback prompts returned because Langfuse could not provide the
 * prompt
 * @param errors fetches that failed after their retries, including prompts not found
 * @param evictions entries removed because the cache was full
 * @param size entries in the cache
 * @param maxEntries the most entries the cache holds
 */
public record PromptStats(long hits, long misses, long refreshes, long fallbacks, long errors, long evictions, int size,
		int maxEntries) {

	/** The stats of the prompt cache, named {@code prompts}. */
	public StatGroup describe() {
		return new StatGroup("prompts",
				List.of(Stat.counter("hits", "Prompts served from the cache without waiting for the network",
						this.hits), Stat.counter("misses", "Prompts fetched while the caller waited", this.misses),
						Stat.counter("refreshes", "Background refreshes of expired prompts", this.refreshes),
						Stat.counter("fallbacks", "Fallback prompts returned instead of Langfuse's", this.fallbacks),
						Stat.counter("errors", "Prompt fetches that failed after their retries", this.errors),
						Stat.counter("evictions", "Prompts evicted because the cache was full", this.evictions),
						Stat.gauge("cacheSize", "Prompts and fetch failures cached", this.size),
						Stat.gauge("cacheCapacity", "Most prompts the cache holds", this.maxEntries)));
	}

}
