package io.github.lfwire.langfuse.spring.boot.autoconfigure.observe;

import java.io.IOException;
import java.util.IdentityHashMap;
import java.util.Map;

import io.github.lfwire.langfuse.Observation;
import io.github.lfwire.langfuse.observe.AsyncResultHandler;
import io.opentelemetry.context.Scope;
import org.jspecify.annotations.Nullable;

import org.springframework.http.ResponseEntity;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitter;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * Ends the observation of a Spring MVC method returning a streamed response
 * ({@link SseEmitter}, {@link ResponseBodyEmitter}, {@link StreamingResponseBody}, or a
 * {@link ResponseEntity} of one) when the stream completes, times out or fails, with the
 * events or chunks sent as output.
 * <p>
 * A {@link StreamingResponseBody} runs with the observation current, so observations
 * started while writing nest under it.
 */
public final class StreamingResponseResultHandler implements AsyncResultHandler {

	private static final String STREAMS_ATTRIBUTE = StreamingResponseResultHandler.class.getName() + ".streams";

	private final int maxBytes;

	private final int maxElements;

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

	/**
	 * The stream observed for a value that a handler method returned in the given
	 * request, or {@code null}.
	 */
	static @Nullable ObservedStream observed(@Nullable Object returnValue, RequestAttributes request) {
		Object body = (returnValue instanceof ResponseEntity<?> entity) ? entity.getBody() : returnValue;
		if (body instanceof ResponseBodyEmitter
				&& request.getAttribute(STREAMS_ATTRIBUTE, RequestAttributes.SCOPE_REQUEST) instanceof Map<?, ?> map) {
			return (ObservedStream) map.get(body);
		}
		return null;
	}

	private void observe(ResponseBodyEmitter emitter, Observation observation, boolean captureOutput) {
		if (!observation.isRecording()) {
			return;
		}
		StreamedOutput output = captureOutput
				? new StreamedOutput(emitter instanceof SseEmitter, this.maxBytes, this.maxElements) : null;
		ObservedStream stream = new ObservedStream(observation, output);
		emitter.onCompletion(stream::completed);
		emitter.onTimeout(stream::timedOut);
		emitter.onError(stream::failed);
		RequestAttributes request = RequestContextHolder.getRequestAttributes();
		if (request != null) {
			@SuppressWarnings("unchecked")
			Map<Object, ObservedStream> streams = (Map<Object, ObservedStream>) request.getAttribute(STREAMS_ATTRIBUTE,
					RequestAttributes.SCOPE_REQUEST);
			if (streams == null) {
				streams = new IdentityHashMap<>(2);
				request.setAttribute(STREAMS_ATTRIBUTE, streams, RequestAttributes.SCOPE_REQUEST);
			}
			streams.put(emitter, stream);
		}
	}

	private StreamingResponseBody observe(StreamingResponseBody body, Observation observation, boolean captureOutput) {
		return (outputStream) -> {
			StreamedOutput output = captureOutput ? new StreamedOutput(false, this.maxBytes, this.maxElements) : null;
			ObservedStream stream = new ObservedStream(observation, output);
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
