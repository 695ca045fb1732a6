package io.github.lfwire.langfuse;

import java.net.URI;
import java.net.URISyntaxException;

import io.github.lfwire.langfuse.config.LangfuseConfigException;
import org.jspecify.annotations.Nullable;

/** The checks and texts of the server's address and the project's keys. */
final class Credentials {

	private Credentials() {
	}

	static @Nullable String missing(@Nullable String publicKey, @Nullable String secretKey) {
		boolean noPublicKey = isBlank(publicKey);
		boolean noSecretKey = isBlank(secretKey);
		if (noPublicKey && noSecretKey) {
			return "no credentials: set LANGFUSE_PUBLIC_KEY and LANGFUSE_SECRET_KEY (publicKey and secretKey)";
		}
		if (noSecretKey) {
			return "no secret key: set LANGFUSE_SECRET_KEY (secretKey); the public key is set";
		}
		if (noPublicKey) {
			return "no public key: set LANGFUSE_PUBLIC_KEY (publicKey); the secret key is set";
		}
		return null;
	}

	/** The key with all but its prefix masked. */
	static String mask(@Nullable String key) {
		if (isBlank(key)) {
			return "<unset>";
		}
		int visible = key.startsWith("pk-lf-") ? Math.min(key.length(), 10) : Math.min(key.length() / 4, 4);
		return key.substring(0, visible) + "****";
	}

	static URI parseHost(@Nullable String raw) {
		String fix = "Use the base URL of your Langfuse server, e.g. https://cloud.langfuse.com.";
		if (raw == null || raw.isBlank()) {
			throw new LangfuseConfigException("host", "it is empty", fix);
		}
		String trimmed = raw.trim();
		while (trimmed.endsWith("/")) {
			trimmed = trimmed.substring(0, trimmed.length() - 1);
		}
		URI uri;
		try {
			uri = new URI(trimmed);
		}
		catch (URISyntaxException ex) {
			throw new LangfuseConfigException("host", "'" + raw + "' is not a URL", fix);
		}
		String scheme = uri.getScheme();
		if (scheme == null || uri.getHost() == null
				|| !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
			throw new LangfuseConfigException("host", "'" + raw + "' is not an http(s) URL", fix);
		}
		if (uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
			throw new LangfuseConfigException("host",
					"'" + uri.getHost() + "' URL must not carry credentials, a query or a fragment", fix);
		}
		return uri;
	}

	private static boolean isBlank(@Nullable String value) {
		return value == null || value.isBlank();
	}

}
