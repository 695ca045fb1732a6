package io.github.lfwire.langfuse.internal.export;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Collection;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

import io.github.lfwire.langfuse.export.ExportCompression;
import io.opentelemetry.exporter.internal.otlp.traces.LowAllocationTraceRequestMarshaler;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.jspecify.annotations.Nullable;

/**
 * Encodes batches of spans as OTLP/protobuf request bodies, gzip-compressed or not,
 * keeping its marshaler, compressor and output buffer from one batch to the next.
 * <p>
 * The protobuf is written by OpenTelemetry's own reusable marshaler (the one its
 * exporters use for reusable data) and compressed as it is written, so no uncompressed
 * copy of the request is held. Calls are serialized; the export thread is the only
 * caller.
 */
public final class OtlpSpanEncoder {

	/**
	 * The compression level by default: level 1 compresses the benchmark's batches to
	 * within a few percent of the bytes of level 6 in a fraction of the time (see the
	 * exporter section of the benchmarks' report).
	 */
	public static final int DEFAULT_LEVEL = 1;

	static final int RETAINED_OUTPUT_BYTES = 1024 * 1024;

	private static final int INITIAL_OUTPUT_BYTES = 8 * 1024;

	private static final byte[] GZIP_HEADER = { 0x1f, (byte) 0x8b, Deflater.DEFLATED, 0, 0, 0, 0, 0, 0, (byte) 0xff };

	private static final int GZIP_TRAILER_BYTES = 8;

	private final LowAllocationTraceRequestMarshaler marshaler = new LowAllocationTraceRequestMarshaler();

	private final @Nullable GzipBody gzip;

	private OtlpSpanEncoder(@Nullable GzipBody gzip) {
		this.gzip = gzip;
	}

	/**
	 * An encoder of gzip-compressed bodies.
	 * @param level the gzip compression level, 0 (none) to 9 (smallest)
	 */
	public static OtlpSpanEncoder gzip(int level) {
		if (level < Deflater.NO_COMPRESSION || level > Deflater.BEST_COMPRESSION) {
			throw new IllegalArgumentException("The compression level must be between 0 and 9, not " + level);
		}
		return new OtlpSpanEncoder(new GzipBody(new Deflater(level, true)));
	}

	/** An encoder of uncompressed bodies. */
	public static OtlpSpanEncoder uncompressed() {
		return new OtlpSpanEncoder(null);
	}

	/** An encoder with the given compression, at {@link #DEFAULT_LEVEL} for gzip. */
	public static OtlpSpanEncoder of(ExportCompression compression) {
		return (compression == ExportCompression.GZIP) ? gzip(DEFAULT_LEVEL) : uncompressed();
	}

	/**
	 * The {@code Content-Encoding} of the bodies, or {@code null} for uncompressed ones.
	 */
	public @Nullable String contentEncoding() {
		return (this.gzip != null) ? "gzip" : null;
	}

	/**
	 * Encodes the spans as one OTLP/protobuf export request; an uncompressed one is
	 * written into an array of its exact size, the body itself.
	 */
	public synchronized byte[] encode(Collection<SpanData> spans) throws IOException {
		try {
			this.marshaler.initialize(spans);
			if (this.gzip != null) {
				return this.gzip.encode(this.marshaler);
			}
			byte[] body = new byte[this.marshaler.getBinarySerializedSize()];
			ExactStream exact = new ExactStream(body);
			this.marshaler.writeBinaryTo(exact);
			exact.checkFull();
			return body;
		}
		finally {
			this.marshaler.reset();
		}
	}

	/** The size of the output buffer kept for the next batch; none without gzip. */
	synchronized int retainedOutputBytes() {
		return (this.gzip != null) ? this.gzip.output.length : 0;
	}

	/** Writes into an array of the size the marshaler computed. */
	private static final class ExactStream extends OutputStream {

		private final byte[] body;

		private int position;

		ExactStream(byte[] body) {
			this.body = body;
		}

		@Override
		public void write(int b) {
			this.body[this.position++] = (byte) b;
		}

		@Override
		public void write(byte[] bytes, int offset, int count) {
			System.arraycopy(bytes, offset, this.body, this.position, count);
			this.position += count;
		}

		void checkFull() throws IOException {
			if (this.position != this.body.length) {
				throw new IOException(
						"The marshaler wrote " + this.position + " of the " + this.body.length + " bytes it computed");
			}
		}

	}

	/**
	 * Feeds what the marshaler writes to the deflater and the checksum, and collects the
	 * gzip member in an output buffer kept for the next batch.
	 */
	private static final class GzipBody extends OutputStream {

		private final Deflater deflater;

		private final CRC32 crc = new CRC32();

		private byte[] output = new byte[INITIAL_OUTPUT_BYTES];

		private int length;

		GzipBody(Deflater deflater) {
			this.deflater = deflater;
		}

		byte[] encode(LowAllocationTraceRequestMarshaler marshaler) throws IOException {
			this.deflater.reset();
			this.crc.reset();
			this.length = 0;
			try {
				append(GZIP_HEADER, 0, GZIP_HEADER.length);
				marshaler.writeBinaryTo(this);
				this.deflater.finish();
				while (!this.deflater.finished()) {
					deflate();
				}
				trailer((int) this.crc.getValue(), (int) this.deflater.getBytesRead());
				return Arrays.copyOf(this.output, this.length);
			}
			finally {
				if (this.output.length > RETAINED_OUTPUT_BYTES) {
					this.output = new byte[INITIAL_OUTPUT_BYTES];
				}
			}
		}

		@Override
		public void write(int b) {
			write(new byte[] { (byte) b }, 0, 1);
		}

		@Override
		public void write(byte[] bytes, int offset, int count) {
			if (count == 0) {
				return;
			}
			this.crc.update(bytes, offset, count);
			this.deflater.setInput(bytes, offset, count);
			while (!this.deflater.needsInput()) {
				deflate();
			}
		}

		private void trailer(int crc, int size) {
			ensure(GZIP_TRAILER_BYTES);
			writeIntLittleEndian(crc);
			writeIntLittleEndian(size);
		}

		private void writeIntLittleEndian(int value) {
			this.output[this.length++] = (byte) value;
			this.output[this.length++] = (byte) (value >>> 8);
			this.output[this.length++] = (byte) (value >>> 16);
			this.output[this.length++] = (byte) (value >>> 24);
		}

		private void append(byte[] bytes, int offset, int count) {
			ensure(count);
			System.arraycopy(bytes, offset, this.output, this.length, count);
			this.length += count;
		}

		private void deflate() {
			ensure(1);
			this.length += this.deflater.deflate(this.output, this.length, this.output.length - this.length);
		}

		private void ensure(int free) {
			if (this.output.length - this.length < free) {
				this.output = Arrays.copyOf(this.output, Math.max(this.output.length * 2, this.length + free));
			}
		}

	}

}
