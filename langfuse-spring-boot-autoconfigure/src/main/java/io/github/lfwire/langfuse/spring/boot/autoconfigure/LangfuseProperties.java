package io.github.lfwire.langfuse.spring.boot.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/** Configuration properties for Langfuse tracing. */
@ConfigurationProperties("langfuse")
public class LangfuseProperties {

	/** Whether to trace to Langfuse. */
	private boolean enabled = true;

	/** Base URL of the Langfuse server. */
	private String host = "https://cloud.langfuse.com";

	/** Public key of the Langfuse project (pk-lf-...). */
	private String publicKey;

	/** Secret key of the Langfuse project (sk-lf-...). */
	private String secretKey;

	/** Environment stamped on every trace: lowercase letters, digits, '-' or '_', at most 40 characters. */
	private String environment;

	/** Release stamped on every trace. */
	private String release;

	private final Sampling sampling = new Sampling();

	private final Export export = new Export();

	private final Capture capture = new Capture();

	private final Shutdown shutdown = new Shutdown();

	private final Console console = new Console();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public String getHost() {
		return this.host;
	}

	public void setHost(String host) {
		this.host = host;
	}

	public String getPublicKey() {
		return this.publicKey;
	}

	public void setPublicKey(String publicKey) {
		this.publicKey = publicKey;
	}

	public String getSecretKey() {
		return this.secretKey;
	}

	public void setSecretKey(String secretKey) {
		this.secretKey = secretKey;
	}

	public String getEnvironment() {
		return this.environment;
	}

	public void setEnvironment(String environment) {
		this.environment = environment;
	}

	public String getRelease() {
		return this.release;
	}

	public void setRelease(String release) {
		this.release = release;
	}

	public Sampling getSampling() {
		return this.sampling;
	}

	public Export getExport() {
		return this.export;
	}

	public Capture getCapture() {
		return this.capture;
	}

	public Shutdown getShutdown() {
		return this.shutdown;
	}

	public Console getConsole() {
		return this.console;
	}

	/** Sampling properties. */
	public static class Sampling {

		/** Fraction of traces recorded, from 0.0 to 1.0; every span of a trace gets the same decision. */
		private double probability = 1.0;

		public double getProbability() {
			return this.probability;
		}

		public void setProbability(double probability) {
			this.probability = probability;
		}

	}

	/** Export properties. */
	public static class Export {

		/** Number of spans sent in one export request. */
		private int flushAt = 512;

		/** Longest time a finished span waits before it is exported. */
		private Duration flushInterval = Duration.ofSeconds(1);

		/** Most spans held in memory awaiting export; newer spans are dropped and counted. */
		private int maxQueueSize = 8192;

		/** Most estimated bytes of spans held in memory awaiting export; newer spans are dropped and counted. */
		private DataSize maxQueueBytes = DataSize.ofMegabytes(64);

		/** Timeout of one export request. */
		private Duration timeout = Duration.ofSeconds(10);

		/** How many times a failed export is retried, with exponential backoff and jitter. */
		private int maxRetries = 8;

		/** First retry delay; later ones double up to the maximum. */
		private Duration retryInitialBackoff = Duration.ofMillis(500);

		/** Longest retry delay. */
		private Duration retryMaxBackoff = Duration.ofSeconds(30);

		public int getFlushAt() {
			return this.flushAt;
		}

		public void setFlushAt(int flushAt) {
			this.flushAt = flushAt;
		}

		public Duration getFlushInterval() {
			return this.flushInterval;
		}

		public void setFlushInterval(Duration flushInterval) {
			this.flushInterval = flushInterval;
		}

		public int getMaxQueueSize() {
			return this.maxQueueSize;
		}

		public void setMaxQueueSize(int maxQueueSize) {
			this.maxQueueSize = maxQueueSize;
		}

		public DataSize getMaxQueueBytes() {
			return this.maxQueueBytes;
		}

		public void setMaxQueueBytes(DataSize maxQueueBytes) {
			this.maxQueueBytes = maxQueueBytes;
		}

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

		public int getMaxRetries() {
			return this.maxRetries;
		}

		public void setMaxRetries(int maxRetries) {
			this.maxRetries = maxRetries;
		}

		public Duration getRetryInitialBackoff() {
			return this.retryInitialBackoff;
		}

		public void setRetryInitialBackoff(Duration retryInitialBackoff) {
			this.retryInitialBackoff = retryInitialBackoff;
		}

		public Duration getRetryMaxBackoff() {
			return this.retryMaxBackoff;
		}

		public void setRetryMaxBackoff(Duration retryMaxBackoff) {
			this.retryMaxBackoff = retryMaxBackoff;
		}

	}

	/** Capture properties. */
	public static class Capture {

		/** Whether @Observe methods capture their arguments unless the annotation says otherwise. */
		private boolean input = true;

		/** Whether @Observe methods capture their return value unless the annotation says otherwise. */
		private boolean output = true;

		/** Most UTF-8 bytes stored for one captured value; larger values are cut and marked truncated. */
		private DataSize maxBytes = DataSize.ofKilobytes(32);

		/**
		 * Keys whose values are replaced by "<redacted>" in addition to the default keys, matched ignoring case and
		 * separators.
		 */
		private List<String> redactKeys = new ArrayList<>();

		/**
		 * Whether the default keys (password, secret, token, api key, authorization, cookie, credential, private key)
		 * are redacted besides 'redact-keys'.
		 */
		private boolean redactDefaultKeys = true;

		public boolean isInput() {
			return this.input;
		}

		public void setInput(boolean input) {
			this.input = input;
		}

		public boolean isOutput() {
			return this.output;
		}

		public void setOutput(boolean output) {
			this.output = output;
		}

		public DataSize getMaxBytes() {
			return this.maxBytes;
		}

		public void setMaxBytes(DataSize maxBytes) {
			this.maxBytes = maxBytes;
		}

		public List<String> getRedactKeys() {
			return this.redactKeys;
		}

		public void setRedactKeys(List<String> redactKeys) {
			this.redactKeys = redactKeys;
		}

		public boolean isRedactDefaultKeys() {
			return this.redactDefaultKeys;
		}

		public void setRedactDefaultKeys(boolean redactDefaultKeys) {
			this.redactDefaultKeys = redactDefaultKeys;
		}

	}

	/** Shutdown properties. */
	public static class Shutdown {

		/** Longest time a graceful shutdown waits for queued traces to be delivered. */
		private Duration timeout = Duration.ofSeconds(10);

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

	}

	/** Development console properties. */
	public static class Console {

		/** Whether to print each finished trace as a tree to standard output when no keys are set. */
		private boolean enabled;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

	}

}
