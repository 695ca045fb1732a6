package io.github.lfwire.langfuse.spring.boot.autoconfigure.prompt;

import java.util.function.ToDoubleFunction;

import io.github.lfwire.langfuse.prompt.LangfusePrompts;
import io.github.lfwire.langfuse.prompt.PromptStats;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/** Micrometer meters for the Langfuse prompt cache, read from its stats when scraped. */
public class LangfusePromptMetrics implements MeterBinder {

	private final LangfusePrompts prompts;

	/** Creates the binder. */
	public LangfusePromptMetrics(LangfusePrompts prompts) {
		this.prompts = prompts;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		counter(registry, "langfuse.prompts.hits", "Prompts served from the cache without waiting for the network",
				PromptStats::hits);
		counter(registry, "langfuse.prompts.misses", "Prompts fetched while the caller waited", PromptStats::misses);
		counter(registry, "langfuse.prompts.refreshes", "Background refreshes of expired prompts",
				PromptStats::refreshes);
		counter(registry, "langfuse.prompts.fallbacks", "Fallback prompts returned instead of Langfuse's",
				PromptStats::fallbacks);
		counter(registry, "langfuse.prompts.errors", "Prompt fetches that failed after their retries",
				PromptStats::errors);
		counter(registry, "langfuse.prompts.evictions", "Prompts evicted because the cache was full",
				PromptStats::evictions);
		Gauge.builder("langfuse.prompts.cache.size", this.prompts, (prompts) -> prompts.stats().size())
			.description("Prompts and fetch failures cached")
			.register(registry);
		Gauge.builder("langfuse.prompts.cache.capacity", this.prompts, (prompts) -> prompts.stats().maxEntries())
			.description("Most prompts the cache holds")
			.register(registry);
	}

	private void counter(MeterRegistry registry, String name, String description, ToDoubleFunction<PromptStats> value) {
		FunctionCounter.builder(name, this.prompts, (prompts) -> value.applyAsDouble(prompts.stats()))
			.description(description)
			.register(registry);
	}

}
