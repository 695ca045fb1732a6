package io.github.lfwire.langfuse.benchmarks;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import io.github.lfwire.langfuse.LangfuseClient;
import io.github.lfwire.langfuse.media.LangfuseMedia;
import io.github.lfwire.langfuse.media.MediaStats;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * Media: what an {@code @Observe} call costs its caller when its argument (and return
 * value) holds a 5 MB image, as bytes or as a base64 data URI, against a 32 KB capture of
 * text.
 * <p>
 * Every call runs the reference path: the upload queue is drained before each measured
 * batch of 10 calls (setup, not measured) and is large enough for the batch, so no media
 * falls back to an inline capture. Decoding, hashing and the upload run on the upload
 * thread; the collector answers as a server that already has the bytes.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 20, batchSize = 10)
@Measurement(iterations = 40, batchSize = 10)
@Fork(2)
@State(Scope.Benchmark)
public class MediaBenchmark {

	private static final int IMAGE_BYTES = 5 * 1024 * 1024;

	@Param({ "text32KB", "image5MBBytes", "image5MBDataUri" })
	public String media;

	private Object payload;

	private byte[] imageBytes;

	private String imageBase64;

	private BenchApplication.Running app;

	private ObservedService observed;

	private ObservedService untraced;

	private LangfuseClient client;

	@Setup(Level.Trial)
	public void start() {
		this.payload = switch (this.media) {
			case "text32KB" -> Payloads.state(32 * 1024);
			case "image5MBBytes" -> {
				this.imageBytes = image();
				yield Map.of("prompt", "Describe this image", "image", LangfuseMedia.of(this.imageBytes, "image/png"));
			}
			case "image5MBDataUri" -> {
				this.imageBase64 = Base64.getEncoder().encodeToString(image());
				yield Map.of("prompt", "Describe this image", "image", "data:image/png;base64," + this.imageBase64);
			}
			default -> throw new IllegalArgumentException(this.media);
		};
		this.app = BenchApplication.start("langfuse.media.max-queue-bytes=1GB");
		this.observed = this.app.observed();
		this.untraced = new ObservedService(Runnable::run);
		this.client = this.app.context().getBean(LangfuseClient.class);
	}

	@Setup(Level.Iteration)
	public void drain() {
		this.client.flush(Duration.ofSeconds(60));
	}

	@TearDown(Level.Trial)
	public void stop(BenchmarkParams params) {
		Map<String, Number> figures = Extras.exportFigures(this.client);
		MediaStats stats = this.client.mediaStats();
		figures.put("mediaDetected", stats.detected());
		figures.put("mediaSkipped", stats.skippedTotal());
		figures.put("mediaFailed", stats.failedTotal());
		figures.put("mediaDropped", stats.droppedTotal());
		Extras.record(params, figures);
		this.app.close();
	}

	private static byte[] image() {
		byte[] bytes = new byte[IMAGE_BYTES];
		new Random(42).nextBytes(bytes);
		return bytes;
	}

	@Benchmark
	public Object untraced() {
		return this.untraced.echo(this.payload);
	}

	/**
	 * The design not taken, for comparison: what the caller would pay to decode and hash
	 * one media value itself (twice per call here, as {@code echo} captures its argument
	 * and its result).
	 */
	@Benchmark
	public Object hashOnCaller() throws NoSuchAlgorithmException {
		if (this.imageBytes == null && this.imageBase64 == null) {
			return null;
		}
		byte[] content = (this.imageBytes != null) ? this.imageBytes : Base64.getDecoder().decode(this.imageBase64);
		return MessageDigest.getInstance("SHA-256").digest(content);
	}

	@Benchmark
	public Object observed() {
		return this.observed.echo(this.payload);
	}

}
