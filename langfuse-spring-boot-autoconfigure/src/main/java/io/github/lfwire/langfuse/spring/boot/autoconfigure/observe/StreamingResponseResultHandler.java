package io.github.lfwire.langfuse.spring.boot.autoconfigure.observe;

import java.io.IOException;
import java.util.Map;

import io.github.lfwire.langfuse.Observation;
import io.github.lfwire.langfuse.observe.AsyncResultHandler;
import io.opentelemetry.context.Scope;

import org.springframework.http.ResponseEntity;
import org.springframework.util.ConcurrentReferenceHashMap;
import org.springframework.util.ConcurrentReferenceHashMap.ReferenceType;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitter;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * Ends the observation of a Spring MVC method returning a streamed response ({@link SseEmitter},
 * {@link ResponseBodyEmitter}, {@link StreamingResponseBody}, or a {@link ResponseEntity} of one) when the stream
 * completes, times out or fails, with the events or chunks sent as output.
 * <p>
 * A {@link StreamingResponseBody} runs with the observation current, so observations started while writing nest
 * under it.
 */
public final class StreamingResponseResultHandler implements AsyncResultHandler {

	private static final Runnable NOTHING = () -> {
	};

	private final int maxBytes;

	private final int maxElements;

	private final Map<ResponseBodyEmitter, ObservedStream> emitters = new ConcurrentReferenceHashMap<>(16,
			ReferenceType.WEAK);

	/**
	 * Creates a handler.
	 * @param maxBytes the most bytes of sent events kept for the captured output
	 * @param maxElements the most events or chunks kept for the captured output
	 */
	public StreamingResponseResultHandler(int maxBytes, int maxElements) {
		this.maxBytes = maxBytes;
		this.maxElements = maxElements;
	}

	@Override
	public boolean supports(Class<?> returnType) {
		return ResponseBodyEmitter.class.isAssignableFrom(returnType)
				|| StreamingResponseBody.class.isAssignableFrom(returnType)
				|| ResponseEntity.class.isAssignableFrom(returnType);
	}

	@Override
	public Object handle(Object result, Observation observation, boolean captureOutput) {
		Object body = (result instanceof ResponseEntity<?> entity) ? entity.getBody() : result;
		if (body instanceof ResponseBodyEmitter emitter) {
			observe(emitter, observation, captureOutput);
			return result;
		}
		if (body instanceof StreamingResponseBody streamingBody) {
			StreamingResponseBody observed = observe(streamingBody, observation, captureOutput);
			return (result instanceof ResponseEntity<?> entity)
					? new ResponseEntity<>(observed, entity.getHeaders(), entity.getStatusCode()) : observed;
		}
		if (captureOutput) {
			observation.output(result);
		}
		observation.end();
		return result;
	}

	/** The stream observed for a value returned by a handler method, or {@code null}. */
	ObservedStream observed(Object returnValue) {
		Object body = (returnValue instanceof ResponseEntity<?> entity) ? entity.getBody() : returnValue;
		return (body instanceof ResponseBodyEmitter emitter) ? this.emitters.get(emitter) : null;
	}

	private void observe(ResponseBodyEmitter emitter, Observation observation, boolean captureOutput) {
		StreamedOutput output = captureOutput
				? new StreamedOutput(emitter instanceof SseEmitter, this.maxBytes, this.maxElements) : null;
		ObservedStream stream = new ObservedStream(observation, output, () -> this.emitters.remove(emitter));
		this.emitters.put(emitter, stream);
		emitter.onCompletion(stream::completed);
		emitter.onTimeout(stream::timedOut);
		emitter.onError(stream::failed);
	}

	private StreamingResponseBody observe(StreamingResponseBody body, Observation observation,
			boolean captureOutput) {
		return (outputStream) -> {
			StreamedOutput output = captureOutput ? new StreamedOutput(false, this.maxBytes, this.maxElements)
					: null;
			ObservedStream stream = new ObservedStream(observation, output, NOTHING);
			try (Scope scope = observation.makeCurrent()) {
				body.writeTo(stream.capturing(outputStream));
			}
			catch (IOException | RuntimeException | Error ex) {
				stream.failed(ex);
				throw ex;
			}
			finally {
				stream.completed();
			}
		};
	}

}
