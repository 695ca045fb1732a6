package io.github.lfwire.sample.chat;

import java.util.Locale;

/** What a user message is about. */
public enum Intent {

	BILLING, SHARING, SYNC, SECURITY, OTHER;

	static Intent fromLabel(String label) {
		try {
			return valueOf(label.trim().toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			return OTHER;
		}
	}

}
