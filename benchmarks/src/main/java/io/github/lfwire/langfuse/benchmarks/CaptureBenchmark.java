package io.github.lfwire.langfuse.benchmarks;

import java.util.concurrent.TimeUnit;

import io.github.lfwire.langfuse.capture.Captured;
import io.github.lfwire.langfuse.capture.PayloadCapture;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Capture alone, with the default 32 KB limit and redaction on: a value that just fits
 * against plain {@code ObjectMapper.writeValueAsBytes} of it, and values of 500 KB and 5
 * MB cut at the limit against the one that fits.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
@State(Scope.Benchmark)
public class CaptureBenchmark {

	private final ObjectMapper mapper = JsonMapper.builder().build();

	private final PayloadCapture capture = PayloadCapture.builder().build();

	private Payloads.State fits;

	private Payloads.State over500KB;

	private Payloads.State over5MB;

	@Setup
	public void build() {
		this.fits = justFitting(this.capture.maxBytes());
		this.over500KB = Payloads.state(500 * 1024);
		this.over5MB = Payloads.state(5 * 1024 * 1024);
		if (this.capture.capture(this.fits).truncated() || !this.capture.capture(this.over500KB).truncated()) {
			throw new IllegalStateException("The capture benchmark's values do not straddle the limit");
		}
	}

	private Payloads.State justFitting(int limit) {
		int bytes = limit;
		Payloads.State state = Payloads.state(bytes);
		while (this.mapper.writeValueAsBytes(state).length > limit) {
			bytes -= 256;
			state = Payloads.state(bytes);
		}
		return state;
	}

	@Benchmark
	public byte[] objectMapperFits() {
		return this.mapper.writeValueAsBytes(this.fits);
	}

	@Benchmark
	public Captured captureFits() {
		return this.capture.capture(this.fits);
	}

	@Benchmark
	public Captured captureOver500KB() {
		return this.capture.capture(this.over500KB);
	}

	@Benchmark
	public Captured captureOver5MB() {
		return this.capture.capture(this.over5MB);
	}

}
