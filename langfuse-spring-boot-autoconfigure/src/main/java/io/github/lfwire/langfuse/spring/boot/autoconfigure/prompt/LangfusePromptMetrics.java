package io.github.lfwire.langfuse.spring.boot.autoconfigure.prompt;

import java.util.List;

import io.github.lfwire.langfuse.prompt.LangfusePrompts;
import io.github.lfwire.langfuse.prompt.PromptStats;
import io.github.lfwire.langfuse.spring.boot.autoconfigure.actuate.StatMeters;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Micrometer meters for every stat of the prompt cache in {@link PromptStats#describe()},
 * read from its stats when scraped.
 */
public class LangfusePromptMetrics implements MeterBinder {

	private final LangfusePrompts prompts;

	/** Creates the binder. */
	public LangfusePromptMetrics(LangfusePrompts prompts) {
		this.prompts = prompts;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		StatMeters.bind(registry, List.of(this.prompts.stats().describe()), this.prompts,
				(prompts) -> List.of(prompts.stats().describe()));
	}

}
