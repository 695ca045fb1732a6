package io.github.lfwire.langfuse.spring.boot.autoconfigure.observe;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;

import io.github.lfwire.langfuse.Observation;
import io.github.lfwire.langfuse.ObservationLevel;
import io.github.lfwire.langfuse.ObservationType;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import org.jspecify.annotations.Nullable;

import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.async.DeferredResult;
import org.springframework.web.context.request.async.DeferredResultProcessingInterceptor;

/**
 * The observation of one streamed response: ends it once, when the stream completes,
 * times out or fails, with what the client was sent as output.
 */
final class ObservedStream implements DeferredResultProcessingInterceptor {

	private final Observation observation;

	private final StreamedOutput output;

	private final AtomicBoolean answering = new AtomicBoolean();

	private final AtomicBoolean ended = new AtomicBoolean();

	/**
	 * Creates the observation of a stream.
	 * @param observation the observation to end
	 * @param output what was sent, or {@code null} when the output is not captured
	 */
	ObservedStream(Observation observation, @Nullable StreamedOutput output) {
		this.observation = observation;
		this.output = output;
	}

	/**
	 * Records bytes sent to the client; the first ones mark when a generation started
	 * answering.
	 */
	void written(byte[] bytes, int offset, int length) {
		try {
			if (this.output != null) {
				this.output.write(bytes, offset, length);
			}
			if (length > 0 && this.observation.type() == ObservationType.GENERATION
					&& this.answering.compareAndSet(false, true)) {
				this.observation.completionStartTime(Instant.now());
			}
		}
		catch (RuntimeException ex) {
			// tracing never fails the response
		}
	}

	/** Records that the response was flushed, which ends a chunk. */
	void flushed() {
		try {
			if (this.output != null) {
				this.output.flushed();
			}
		}
		catch (RuntimeException ex) {
			// tracing never fails the response
		}
	}

	/** Ends the observation: the stream completed. */
	void completed() {
		end();
	}

	/** Ends the observation as timed out. */
	void timedOut() {
		if (!this.ended.get()) {
			this.observation.level(ObservationLevel.WARNING).statusMessage("the stream timed out");
		}
		end();
	}

	/** Ends the observation as failed. */
	void failed(Throwable error) {
		if (!this.ended.get()) {
			this.observation.recordException(error);
		}
		end();
	}

	private void end() {
		if (this.ended.compareAndSet(false, true)) {
			try {
				if (this.output != null) {
					this.output.writeTo(this.observation);
				}
			}
			finally {
				this.observation.end();
			}
		}
	}

	/** A request whose response also reports what is written to this stream's output. */
	NativeWebRequest capturing(NativeWebRequest request) {
		HttpServletResponse response = request.getNativeResponse(HttpServletResponse.class);
		HttpServletRequest servletRequest = request.getNativeRequest(HttpServletRequest.class);
		if (!readsBytes() || response == null || servletRequest == null) {
			return request;
		}
		return new ServletWebRequest(servletRequest, new CapturingResponse(response, this));
	}

	/**
	 * An output stream that also reports what is written and flushed to this stream's
	 * output.
	 */
	OutputStream capturing(OutputStream target) {
		return readsBytes() ? new CapturingOutputStream(target, this) : target;
	}

	private boolean readsBytes() {
		return this.output != null || this.observation.type() == ObservationType.GENERATION;
	}

	@Override
	public <T> void postProcess(NativeWebRequest request, DeferredResult<T> deferredResult, Object concurrentResult) {
		if (concurrentResult instanceof Throwable error) {
			failed(error);
		}
	}

	@Override
	public <T> boolean handleTimeout(NativeWebRequest request, DeferredResult<T> deferredResult) {
		timedOut();
		return true;
	}

	@Override
	public <T> boolean handleError(NativeWebRequest request, DeferredResult<T> deferredResult, Throwable error) {
		failed(error);
		return true;
	}

	@Override
	public <T> void afterCompletion(NativeWebRequest request, DeferredResult<T> deferredResult) {
		completed();
	}

	/**
	 * Reports what is written to the response; a chunk ends at each message converter
	 * write, which asks for the output stream again to flush it (a flush Spring does not
	 * pass on), and at each flush.
	 */
	private static final class CapturingResponse extends HttpServletResponseWrapper {

		private final ObservedStream stream;

		private ServletOutputStream outputStream;

		CapturingResponse(HttpServletResponse response, ObservedStream stream) {
			super(response);
			this.stream = stream;
		}

		@Override
		public ServletOutputStream getOutputStream() throws IOException {
			ServletOutputStream target = super.getOutputStream();
			if (this.outputStream == null) {
				this.outputStream = new CapturingServletOutputStream(target, this.stream);
			}
			this.stream.flushed();
			return this.outputStream;
		}

		@Override
		public void flushBuffer() throws IOException {
			super.flushBuffer();
			this.stream.flushed();
		}

	}

	/**
	 * Reports what is written to a servlet output stream, through a
	 * {@link CapturingOutputStream}.
	 */
	private static final class CapturingServletOutputStream extends ServletOutputStream {

		private final ServletOutputStream target;

		private final CapturingOutputStream capture;

		CapturingServletOutputStream(ServletOutputStream target, ObservedStream stream) {
			this.target = target;
			this.capture = new CapturingOutputStream(target, stream);
		}

		@Override
		public void write(int b) throws IOException {
			this.capture.write(b);
		}

		@Override
		public void write(byte[] bytes, int offset, int length) throws IOException {
			this.capture.write(bytes, offset, length);
		}

		@Override
		public void flush() throws IOException {
			this.capture.flush();
		}

		@Override
		public void close() throws IOException {
			this.capture.close();
		}

		@Override
		public boolean isReady() {
			return this.target.isReady();
		}

		@Override
		public void setWriteListener(WriteListener writeListener) {
			this.target.setWriteListener(writeListener);
		}

	}

	/** Reports what is written to an output stream; a flush ends a chunk. */
	private static final class CapturingOutputStream extends OutputStream {

		private final OutputStream target;

		private final ObservedStream stream;

		CapturingOutputStream(OutputStream target, ObservedStream stream) {
			this.target = target;
			this.stream = stream;
		}

		@Override
		public void write(int b) throws IOException {
			this.target.write(b);
			this.stream.written(new byte[] { (byte) b }, 0, 1);
		}

		@Override
		public void write(byte[] bytes, int offset, int length) throws IOException {
			this.target.write(bytes, offset, length);
			this.stream.written(bytes, offset, length);
		}

		@Override
		public void flush() throws IOException {
			this.target.flush();
			this.stream.flushed();
		}

		@Override
		public void close() throws IOException {
			this.target.close();
		}

	}

}
