package io.github.lfwire.langfuse;

/** Thrown when a {@link LangfuseConfig} setting is invalid; names the setting and how to fix it. */
public final class LangfuseConfigException extends IllegalArgumentException {

	private final String setting;

	private final String fix;

	LangfuseConfigException(String setting, String problem, String fix) {
		super("Invalid Langfuse setting '" + setting + "': " + problem + ". " + fix);
		this.setting = setting;
		this.fix = fix;
	}

	/** The name of the invalid setting, as the {@link LangfuseConfig.Builder} method that sets it. */
	public String setting() {
		return this.setting;
	}

	/** What the user should do to fix it. */
	public String fix() {
		return this.fix;
	}

}
