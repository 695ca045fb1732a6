package io.github.lfwire.langfuse.prompt;

import java.util.concurrent.atomic.LongAdder;

/** The counters behind {@link PromptStats}. */
final class PromptCounters {

	final LongAdder hits = new LongAdder();

	final LongAdder misses = new LongAdder();

	final LongAdder refreshes = new LongAdder();

	final LongAdder fallbacks = new LongAdder();

	final LongAdder errors = new LongAdder();

	PromptStats snapshot(PromptCache cache) {
		return new PromptStats(this.hits.sum(), this.misses.sum(), this.refreshes.sum(), this.fallbacks.sum(),
				this.errors.sum(), cache.evictions(), cache.size(), cache.maxEntries());
	}

}
