package io.github.lfwire.langfuse.spring.boot.autoconfigure.prompt;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

import io.github.lfwire.langfuse.LangfuseClient;
import io.github.lfwire.langfuse.LangfuseConfig;
import io.github.lfwire.langfuse.LangfuseProjects;
import io.github.lfwire.langfuse.config.LangfuseConfigException;
import io.github.lfwire.langfuse.prompt.LangfusePrompts;

/**
 * The prompts of each Langfuse project: the default project's {@link LangfusePrompts}
 * bean and, created once with the same prompt settings, one for each further project,
 * fetching from its server with its keys.
 */
public final class LangfuseProjectPrompts implements AutoCloseable {

	private final Map<String, LangfusePrompts> prompts;

	private final LangfusePrompts defaultPrompts;

	/**
	 * Creates the prompts of every project.
	 * @param defaultPrompts the default project's prompts, which this does not close
	 * @param projects the projects
	 * @param factory the prompts of a further project's settings
	 */
	public LangfuseProjectPrompts(LangfusePrompts defaultPrompts, LangfuseProjects projects,
			Function<LangfuseConfig, LangfusePrompts> factory) {
		Map<String, LangfusePrompts> prompts = new LinkedHashMap<>();
		prompts.put(LangfuseProjects.DEFAULT_PROJECT, defaultPrompts);
		for (Map.Entry<String, LangfuseClient> project : projects.clients().entrySet()) {
			if (project.getValue() != projects.defaultClient()) {
				prompts.put(project.getKey(), factory.apply(project.getValue().config()));
			}
		}
		this.prompts = Collections.unmodifiableMap(prompts);
		this.defaultPrompts = defaultPrompts;
	}

	/**
	 * The prompts of a project; {@code default} or an empty id gives the default
	 * project's.
	 * @throws LangfuseConfigException naming the id and the known ones when there is no
	 * such project
	 */
	public LangfusePrompts prompts(String projectId) {
		String id = (projectId == null || projectId.isEmpty()) ? LangfuseProjects.DEFAULT_PROJECT : projectId;
		LangfusePrompts found = this.prompts.get(id);
		if (found == null) {
			throw LangfuseProjects.unknownProject(projectId, this.prompts.keySet());
		}
		return found;
	}

	/** The prompts of every project by id, the default first. */
	public Map<String, LangfusePrompts> all() {
		return this.prompts;
	}

	/** Closes the further projects' prompts; the default project's bean closes itself. */
	@Override
	public void close() {
		this.prompts.values()
			.stream()
			.filter((prompts) -> prompts != this.defaultPrompts)
			.forEach(LangfusePrompts::close);
	}

	@Override
	public String toString() {
		return "LangfuseProjectPrompts" + this.prompts.keySet();
	}

}
