package io.github.lfwire.langfuse.prompt;

import java.time.Duration;

import io.github.lfwire.langfuse.LangfuseConfigException;

/**
 * The settings of {@link LangfusePrompts}, validated when created.
 *
 * @param cacheTtl how long a fetched prompt is served before it is refreshed
 * @param fetchTimeout the longest time a caller waits for a prompt that is not cached
 * @param maxRetries how many times a failed fetch is retried
 * @param retryInitialBackoff the first retry delay, doubled for each retry
 * @param retryMaxBackoff the longest retry delay
 * @param maxEntries the most prompts and failures cached
 */
record PromptSettings(Duration cacheTtl, Duration fetchTimeout, int maxRetries, Duration retryInitialBackoff,
		Duration retryMaxBackoff, int maxEntries) {

	/**
	 * Validates the settings.
	 * @throws LangfuseConfigException naming the first invalid setting and its fix
	 */
	PromptSettings {
		if (cacheTtl == null || cacheTtl.isNegative()) {
			throw new LangfuseConfigException("promptCacheTtl", cacheTtl + " is not a duration of zero or more",
					"Use a duration such as 60s; 0s refreshes in the background on every call.");
		}
		requirePositive("promptFetchTimeout", fetchTimeout, "5s");
		if (maxRetries < 0 || maxRetries > 10) {
			throw new LangfuseConfigException("promptMaxRetries", maxRetries + " is not between 0 and 10",
					"Use 0 to never retry, or a small count such as 2.");
		}
		requirePositive("promptRetryInitialBackoff", retryInitialBackoff, "500ms");
		requirePositive("promptRetryMaxBackoff", retryMaxBackoff, "8s");
		if (retryMaxBackoff.compareTo(retryInitialBackoff) < 0) {
			throw new LangfuseConfigException("promptRetryMaxBackoff", "it is shorter than promptRetryInitialBackoff",
					"Use a maximum backoff at least as long as the initial one.");
		}
		if (maxEntries < 1) {
			throw new LangfuseConfigException("promptMaxEntries", maxEntries + " is below the minimum 1",
					"Use the most prompts to cache, e.g. 1000.");
		}
	}

	private static void requirePositive(String setting, Duration value, String example) {
		if (value == null || value.isNegative() || value.isZero()) {
			throw new LangfuseConfigException(setting, value + " is not a positive duration",
					"Use a positive duration such as " + example + ".");
		}
	}

}
