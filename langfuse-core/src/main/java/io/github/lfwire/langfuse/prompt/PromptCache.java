package io.github.lfwire.langfuse.prompt;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

import org.jspecify.annotations.Nullable;

/**
 * A bounded cache of prompts and failures by key, evicting the least recently used entry
 * when full.
 */
final class PromptCache {

	private final int maxEntries;

	private final LongAdder evictions = new LongAdder();

	private final Map<String, Entry> entries;

	PromptCache(int maxEntries) {
		this.maxEntries = maxEntries;
		this.entries = new LinkedHashMap<>(16, 0.75f, true) {

			@Override
			protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
				if (size() > PromptCache.this.maxEntries) {
					PromptCache.this.evictions.increment();
					return true;
				}
				return false;
			}

		};
	}

	synchronized Entry get(String key) {
		return this.entries.get(key);
	}

	synchronized void put(String key, Entry entry) {
		this.entries.put(key, entry);
	}

	synchronized void remove(String key) {
		this.entries.remove(key);
	}

	synchronized void clear() {
		this.entries.clear();
	}

	synchronized int size() {
		return this.entries.size();
	}

	int maxEntries() {
		return this.maxEntries;
	}

	long evictions() {
		return this.evictions.sum();
	}

	/**
	 * A cached prompt, or the failure of the last fetch when Langfuse could not provide
	 * one.
	 *
	 * @param prompt the prompt, or {@code null} for a failure
	 * @param failure why there is no prompt, or {@code null}
	 * @param expiresAtMillis when the entry must be refreshed, by the cache's clock
	 */
	record Entry(@Nullable LangfusePrompt prompt, @Nullable LangfusePromptException failure, long expiresAtMillis) {

		boolean expired(long nowMillis) {
			return nowMillis >= this.expiresAtMillis;
		}

	}

}
