package io.github.lfwire.langfuse.prompt;

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
}
