package io.github.lfwire.langfuse.spring.boot.autoconfigure;

import io.github.lfwire.langfuse.LangfuseConfig;

/**
 * Callback to adjust the {@link LangfuseConfig} of the auto-configured client, after the
 * properties apply.
 */
@FunctionalInterface
public interface LangfuseConfigCustomizer {

	/** Adjusts the builder. */
	void customize(LangfuseConfig.Builder builder);

}
