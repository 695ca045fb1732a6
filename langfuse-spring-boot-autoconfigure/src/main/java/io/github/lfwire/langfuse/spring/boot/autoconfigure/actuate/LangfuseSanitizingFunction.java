package io.github.lfwire.langfuse.spring.boot.autoconfigure.actuate;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;

/**
 * Masks the Langfuse secrets in {@code /actuator/env} and {@code /actuator/configprops}
 * whatever {@code show-values} says: the secret keys, every export header value, and the
 * public keys but for their prefix, those of {@code langfuse.projects.<id>} included;
 * keys are matched in any form, such as {@code langfuse.secret-key},
 * {@code langfuse.secretKey} or {@code LANGFUSE_SECRET_KEY}.
 */
public final class LangfuseSanitizingFunction implements SanitizingFunction {

	private static final String SECRET_KEY = "langfusesecretkey";

	private static final String PUBLIC_KEY = "langfusepublickey";

	private static final String HEADERS = "langfuseexportheaders";

	private static final String PROJECTS = "langfuseprojects";

	private static final int PUBLIC_KEY_PREFIX = 8;

	@Override
	public SanitizableData apply(SanitizableData data) {
		String key = normalize(data.getKey());
		Object value = data.getValue();
		if (value == null) {
			return data;
		}
		boolean project = key.startsWith(PROJECTS);
		if (key.equals(SECRET_KEY) || (project && key.endsWith("secretkey"))
				|| (key.startsWith(HEADERS) && key.length() > HEADERS.length())) {
			return data.withSanitizedValue();
		}
		if (key.equals(HEADERS) && value instanceof Map<?, ?> headers) {
			Map<Object, Object> masked = new LinkedHashMap<>();
			headers.keySet().forEach((name) -> masked.put(name, SanitizableData.SANITIZED_VALUE));
			return data.withValue(masked);
		}
		if (key.equals(PUBLIC_KEY) || (project && key.endsWith("publickey"))) {
			return data.withValue(maskPublicKey(value.toString()));
		}
		return data;
	}

	/** The public key with all but its prefix, such as {@code pk-lf-12}, masked. */
	static String maskPublicKey(String key) {
		int visible = Math.min(PUBLIC_KEY_PREFIX, key.length() / 2);
		return key.substring(0, visible) + SanitizableData.SANITIZED_VALUE;
	}

	/** The key in lower case without separators. */
	private static String normalize(String key) {
		StringBuilder normalized = new StringBuilder(key.length());
		for (char c : key.toCharArray()) {
			if (Character.isLetterOrDigit(c)) {
				normalized.append(Character.toLowerCase(c));
			}
		}
		return normalized.toString().toLowerCase(Locale.ROOT);
	}

}
