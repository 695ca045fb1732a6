package io.github.lfwire.langfuse.benchmarks;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

import io.github.lfwire.langfuse.internal.export.OtlpSpanEncoder;
import io.opentelemetry.exporter.internal.otlp.traces.LowAllocationTraceRequestMarshaler;
import io.opentelemetry.exporter.internal.otlp.traces.TraceRequestMarshaler;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
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
 * Group 10b: the export thread's work on one request body, for batches of
 * {@link BatchingBenchmark}'s spans: the protobuf marshaling alone, gzip alone at levels
 * 1 to 9 on a full batch, the exporter's encoder (both, at its default level), and the
 * encoding the exporter used before (a new marshaler and gzip stream per request, level
 * 6). The sizes of the bodies are recorded as extras.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 300, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 3, time = 300, timeUnit = TimeUnit.MILLISECONDS)
@Fork(1)
public class ExportEncodingBenchmark {

	/** A full batch: the default {@code flush-at}. */
	static final int FULL_BATCH = 512;

	@Benchmark
	public int marshal(Batch batch) throws IOException {
		return batch.marshal(OutputStream.nullOutputStream());
	}

	@Benchmark
	public int gzip(Compression compression) {
		return compression.compress();
	}

	@Benchmark
	public byte[] encode(Batch batch) throws IOException {
		return batch.encoder.encode(batch.batch);
	}

	@Benchmark
	public byte[] encodePerRequest(Batch batch) throws IOException {
		return encodePerRequest(batch.batch);
	}

	/** The exporter's encoding before it kept its encoder: everything new per request. */
	static byte[] encodePerRequest(List<SpanData> spans) throws IOException {
		TraceRequestMarshaler marshaler = TraceRequestMarshaler.create(spans);
		ByteArrayOutputStream out = new ByteArrayOutputStream(marshaler.getBinarySerializedSize() / 4 + 64);
		try (GZIPOutputStream gzip = new GZIPOutputStream(out, 8192)) {
			marshaler.writeBinaryTo(gzip);
		}
		return out.toByteArray();
	}

	static List<SpanData> spans(int count) {
		List<SpanData> spans = BatchSpans.traces((count + BatchSpans.SPANS_PER_TRACE - 1) / BatchSpans.SPANS_PER_TRACE);
		return List.copyOf(spans.subList(0, count));
	}

	static byte[] protobuf(List<SpanData> spans) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		TraceRequestMarshaler.create(spans).writeBinaryTo(out);
		return out.toByteArray();
	}

	/** A batch of spans, the marshaler and the exporter's encoder. */
	@State(Scope.Benchmark)
	public static class Batch {

		@Param({ "1", "512" })
		public int spans;

		List<SpanData> batch;

		final OtlpSpanEncoder encoder = OtlpSpanEncoder.gzip(OtlpSpanEncoder.DEFAULT_LEVEL);

		private final LowAllocationTraceRequestMarshaler marshaler = new LowAllocationTraceRequestMarshaler();

		@Setup
		public void setUp() {
			this.batch = spans(this.spans);
		}

		int marshal(OutputStream out) throws IOException {
			this.marshaler.initialize(this.batch);
			try {
				this.marshaler.writeBinaryTo(out);
				return this.marshaler.getBinarySerializedSize();
			}
			finally {
				this.marshaler.reset();
			}
		}

		@TearDown
		public void record(BenchmarkParams params) throws IOException {
			byte[] body = params.getBenchmark().endsWith("encodePerRequest") ? encodePerRequest(this.batch)
					: this.encoder.encode(this.batch);
			Extras.record(params, Map.of("protobufBytesPerSpan", (double) protobuf(this.batch).length / this.spans,
					"bodyBytesPerSpan", (double) body.length / this.spans));
		}

	}

	/**
	 * A full batch marshaled once, compressed by a kept deflater at a level, as the
	 * encoder does.
	 */
	@State(Scope.Benchmark)
	public static class Compression {

		@Param({ "1", "3", "6", "9" })
		public int level;

		private byte[] protobuf;

		private byte[] output;

		private Deflater deflater;

		private final CRC32 crc = new CRC32();

		long checksum;

		@Setup
		public void setUp() throws IOException {
			this.protobuf = protobuf(spans(FULL_BATCH));
			this.output = new byte[this.protobuf.length + 1024];
			this.deflater = new Deflater(this.level, true);
		}

		int compress() {
			this.deflater.reset();
			this.crc.reset();
			this.crc.update(this.protobuf, 0, this.protobuf.length);
			this.deflater.setInput(this.protobuf);
			this.deflater.finish();
			int length = 0;
			while (!this.deflater.finished()) {
				length += this.deflater.deflate(this.output, length, this.output.length - length);
			}
			this.checksum = this.crc.getValue();
			return length;
		}

		@TearDown
		public void record(BenchmarkParams params) {
			int body = 10 + compress() + 8;
			this.deflater.end();
			Extras.record(params, Map.of("spans", FULL_BATCH, "protobufBytesPerSpan",
					(double) this.protobuf.length / FULL_BATCH, "bodyBytesPerSpan", (double) body / FULL_BATCH));
		}

	}

}
