package io.github.lfwire.langfuse.spring.boot.autoconfigure.prompt;

import java.util.List;
import java.util.Map;

import io.github.lfwire.langfuse.LangfuseProjects;
import io.github.lfwire.langfuse.prompt.LangfusePrompts;
import io.github.lfwire.langfuse.prompt.PromptStats;
import io.github.lfwire.langfuse.spring.boot.autoconfigure.actuate.StatMeters;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Micrometer meters for every stat of the prompt cache in {@link PromptStats#describe()},
 * read from its stats when scraped; with further projects, those of each project, tagged
 * with its {@code project}.
 */
public class LangfusePromptMetrics implements MeterBinder {

	private final Map<String, LangfusePrompts> prompts;

	/** Creates the binder of one prompt cache. */
	public LangfusePromptMetrics(LangfusePrompts prompts) {
		this.prompts = Map.of(LangfuseProjects.DEFAULT_PROJECT, prompts);
	}

	/**
	 * Creates the binder of each project's prompt cache; with further projects every
	 * meter is tagged with its {@code project}, {@code default} for the default one.
	 */
	public LangfusePromptMetrics(LangfuseProjectPrompts prompts) {
		this.prompts = prompts.all();
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		this.prompts.forEach((project, prompts) -> StatMeters.bind(registry, List.of(prompts.stats().describe()),
				prompts, (bound) -> List.of(bound.stats().describe()),
				(this.prompts.size() > 1) ? Tags.of("project", project) : Tags.empty()));
	}

}
