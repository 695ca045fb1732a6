package io.github.lfwire.langfuse;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Trace ids as the official Langfuse SDKs compute them ({@code create_trace_id(seed)},
 * {@code createTraceId(seed)}): the same seed, such as a request or ticket id, always
 * gives the same trace, so a score can be sent for a trace before or after it runs.
 */
public final class TraceIds {

	private TraceIds() {
	}

	/**
	 * The trace id of a seed: the first 16 bytes of the SHA-256 of its UTF-8 bytes, in
	 * lowercase hex.
	 */
	public static String fromSeed(String seed) {
		Objects.requireNonNull(seed, "seed");
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(seed.getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest, 0, 16);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is required of every Java platform", ex);
		}
	}

}
