package io.github.lfwire.langfuse.export;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

import io.github.lfwire.langfuse.config.LangfuseConfigException;
import org.jspecify.annotations.Nullable;

/** The checks of where spans are posted: the endpoint's URL and the extra headers. */
final class OtlpTargetChecks {

	private static final Set<String> RESTRICTED_HEADERS = Set.of("connection", "content-length", "content-type",
			"content-encoding", "expect", "host", "upgrade");

	private static final Pattern HEADER_NAME = Pattern.compile("[A-Za-z0-9!#$%&'*+.^_`|~-]+");

	private OtlpTargetChecks() {
	}

	static URI parseEndpoint(String raw) {
		String fix = "Use the full URL of the OTLP/HTTP traces endpoint, e.g. http://otel-collector:4318/v1/traces.";
		URI uri;
		try {
			uri = new URI(raw.trim());
		}
		catch (URISyntaxException ex) {
			throw new LangfuseConfigException("exportEndpoint", "'" + raw + "' is not a URL", fix);
		}
		String scheme = uri.getScheme();
		if (scheme == null || uri.getHost() == null
				|| !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
			throw new LangfuseConfigException("exportEndpoint", "'" + raw + "' is not an http(s) URL", fix);
		}
		if (uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
			throw new LangfuseConfigException("exportEndpoint",
					"'" + uri.getHost() + "' URL must not carry credentials or a fragment",
					"Put credentials in exportHeaders. " + fix);
		}
		return uri;
	}

	static Map<String, String> checkHeaders(Map<String, String> headers, boolean basicAuth) {
		Map<String, String> checked = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
		for (Map.Entry<String, String> header : headers.entrySet()) {
			String name = header.getKey();
			String value = header.getValue();
			if (name == null || !HEADER_NAME.matcher(name).matches()) {
				throw new LangfuseConfigException("exportHeaders", "'" + name + "' is not a header name",
						"Use header names of letters, digits and '-', e.g. x-collector-token.");
			}
			if (value == null || value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
				throw new LangfuseConfigException("exportHeaders",
						"the value of header '" + name + "' is missing or spans lines",
						"Use a one-line value for each header.");
			}
			String lowerCase = name.toLowerCase(Locale.ROOT);
			if (RESTRICTED_HEADERS.contains(lowerCase)) {
				throw new LangfuseConfigException("exportHeaders",
						"header '" + name + "' is set by the exporter itself",
						lowerCase.equals("content-encoding")
								? "Remove it from the extra headers; exportCompression chooses gzip or none."
								: "Remove it from the extra headers.");
			}
			if (basicAuth && name.equalsIgnoreCase("Authorization")) {
				throw new LangfuseConfigException("exportHeaders",
						"header 'Authorization' would be sent besides the Basic auth of the keys",
						"Turn Basic auth off (exportBasicAuth) to send your own Authorization header.");
			}
			checked.put(name, value);
		}
		return Collections.unmodifiableMap(new LinkedHashMap<>(checked));
	}

	/** Whether the host is this machine, where plain http never leaves it. */
	static boolean isLoopback(@Nullable String host) {
		if (host == null) {
			return false;
		}
		String bare = (host.startsWith("[") && host.endsWith("]")) ? host.substring(1, host.length() - 1) : host;
		return bare.equalsIgnoreCase("localhost") || bare.toLowerCase(Locale.ROOT).endsWith(".localhost")
				|| bare.startsWith("127.") || bare.equals("::1") || bare.equals("0:0:0:0:0:0:0:1");
	}

	/** Whether Basic auth would go over plain http to a host other than this machine. */
	static boolean sendsKeysInClear(URI endpoint, boolean basicAuth) {
		return basicAuth && "http".equalsIgnoreCase(endpoint.getScheme()) && !isLoopback(endpoint.getHost());
	}

	/**
	 * Refuses an endpoint that would carry the project's keys unencrypted over the
	 * network.
	 */
	static void checkKeysNotInClear(URI endpoint, boolean basicAuth, boolean allowed) {
		if (!allowed && sendsKeysInClear(endpoint, basicAuth)) {
			throw new LangfuseConfigException("exportEndpoint",
					"'" + endpoint.getScheme() + "://" + endpoint.getRawAuthority()
							+ "' is plain http to another host, and Basic auth would send the public and secret key"
							+ " in clear text",
					"Use https, or turn exportBasicAuth off and authenticate to the collector with exportHeaders"
							+ " (e.g. Authorization: Bearer ...); to accept clear-text keys on a trusted network,"
							+ " set exportAllowInsecureBasicAuth.");
		}
	}

}
