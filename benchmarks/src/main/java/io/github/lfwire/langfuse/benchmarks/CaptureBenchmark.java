package io.github.lfwire.langfuse.benchmarks;

import java.util.Map;
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
 * MB cut at the limit against the one that fits; for records with long texts and for
 * JSON-like maps of many short keys ({@link MapPayloads}: a 30 KB map that fits, maps of
 * 50 KB and 500 KB cut at the limit). Four forks per row, since the JIT compiles
 * Jackson's serializers differently from fork to fork by more than these rows differ.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(4)
@State(Scope.Benchmark)
public class CaptureBenchmark {

	/** About 30 KB: fits the 32 KB limit, as in the study's JSON-like state. */
	static final int MAP_FITS_BYTES = 30 * 1024;

	private final ObjectMapper mapper = JsonMapper.builder().build();

	private final PayloadCapture capture = PayloadCapture.builder().build();

	private Payloads.State fits;

	private Payloads.State over500KB;

	private Payloads.State over5MB;

	private Map<String, Object> mapFits;

	private Map<String, Object> mapOver50KB;

	private Map<String, Object> mapOver500KB;

	@Setup
	public void build() {
		this.fits = justFitting(this.capture.maxBytes());
		this.over500KB = Payloads.state(500 * 1024);
		this.over5MB = Payloads.state(5 * 1024 * 1024);
		if (this.capture.capture(this.fits).truncated() || !this.capture.capture(this.over500KB).truncated()) {
			throw new IllegalStateException("The capture benchmark's values do not straddle the limit");
		}
		this.mapFits = MapPayloads.stateAtMost(MAP_FITS_BYTES);
		this.mapOver50KB = MapPayloads.stateAtLeast(50 * 1024);
		this.mapOver500KB = MapPayloads.stateAtLeast(500 * 1024);
		if (this.capture.capture(this.mapFits).truncated() || !this.capture.capture(this.mapOver50KB).truncated()) {
			throw new IllegalStateException("The capture benchmark's maps do not straddle the limit");
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

	@Benchmark
	public byte[] objectMapperMapFits() {
		return this.mapper.writeValueAsBytes(this.mapFits);
	}

	@Benchmark
	public Captured captureMapFits() {
		return this.capture.capture(this.mapFits);
	}

	@Benchmark
	public Captured captureMapOver50KB() {
		return this.capture.capture(this.mapOver50KB);
	}

	@Benchmark
	public Captured captureMapOver500KB() {
		return this.capture.capture(this.mapOver500KB);
	}

}
