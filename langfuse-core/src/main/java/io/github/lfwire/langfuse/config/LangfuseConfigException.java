package io.github.lfwire.langfuse.config;

/**
 * Thrown when a {@link LangfuseConfig} setting is invalid; names the setting and how to
 * fix it.
 */
public final class LangfuseConfigException extends IllegalArgumentException {

	private final String setting;

	private final String problem;

	private final String fix;

	/**
	 * Creates an exception for one invalid setting.
	 * @param setting the setting's name
	 * @param problem what is wrong with its value
	 * @param fix what to do about it
	 */
	public LangfuseConfigException(String setting, String problem, String fix) {
		super("Invalid Langfuse setting '" + setting + "': " + problem + ". " + fix);
		this.setting = setting;
		this.problem = problem;
		this.fix = fix;
	}

	/** What is wrong with the value. */
	public String problem() {
		return this.problem;
	}

	/**
	 * The name of the invalid setting, as the {@link LangfuseConfig.Builder} method that
	 * sets it.
	 */
	public String setting() {
		return this.setting;
	}

	/** What the user should do to fix it. */
	public String fix() {
		return this.fix;
	}

}
