package io.github.lfwire.langfuse.internal;

import java.time.Duration;

import io.github.lfwire.langfuse.config.DurationFormat;
import io.github.lfwire.langfuse.config.LangfuseConfigException;
import org.jspecify.annotations.Nullable;

/**
 * The checks the settings of every concern share, each naming the setting and its fix.
 */
public final class SettingChecks {

	private SettingChecks() {
	}

	/**
	 * Checks that a number is at least the minimum.
	 * @throws LangfuseConfigException naming the setting and the fix
	 */
	public static void requireAtLeast(String setting, long value, long min, String fix) {
		if (value < min) {
			throw new LangfuseConfigException(setting, value + " is below the minimum " + min, fix);
		}
	}

	/**
	 * Checks that a duration is set and positive.
	 * @param example a valid value, such as {@code e.g. 10s}
	 * @throws LangfuseConfigException naming the setting and the fix
	 */
	public static Duration requirePositive(String setting, @Nullable Duration value, String example) {
		if (value == null || value.isNegative() || value.isZero()) {
			throw new LangfuseConfigException(setting, DurationFormat.format(value) + " is not a positive duration",
					"Use a positive duration, " + example + ".");
		}
		return value;
	}

	/**
	 * Checks that a duration is set and at least the minimum, so that a value read in the
	 * wrong unit fails instead of meaning something else.
	 * @param example a valid value, such as {@code e.g. 10s}
	 * @throws LangfuseConfigException naming the setting and the fix
	 */
	public static Duration requireAtLeast(String setting, @Nullable Duration value, Duration min, String example) {
		Duration checked = requirePositive(setting, value, example);
		if (checked.compareTo(min) < 0) {
			throw new LangfuseConfigException(setting,
					DurationFormat.format(checked) + " is below the minimum " + DurationFormat.format(min),
					"Use a duration of at least " + DurationFormat.format(min) + ", " + example + ".");
		}
		return checked;
	}

}
