package io.github.lfwire.langfuse.spring.boot.autoconfigure.observe;

import org.springframework.core.MethodParameter;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.async.WebAsyncUtils;
import org.springframework.web.method.support.HandlerMethodReturnValueHandler;
import org.springframework.web.method.support.ModelAndViewContainer;

/**
 * Lets Spring MVC's emitter handling report to an observed stream: when it completes,
 * times out or fails, and what it writes to the response.
 */
final class ObservedStreamReturnValueHandler implements HandlerMethodReturnValueHandler {

	private final HandlerMethodReturnValueHandler delegate;

	ObservedStreamReturnValueHandler(HandlerMethodReturnValueHandler delegate) {
		this.delegate = delegate;
	}

	@Override
	public boolean supportsReturnType(MethodParameter returnType) {
		return this.delegate.supportsReturnType(returnType);
	}

	@Override
	public void handleReturnValue(Object returnValue, MethodParameter returnType, ModelAndViewContainer mavContainer,
			NativeWebRequest webRequest) throws Exception {
		this.delegate.handleReturnValue(returnValue, returnType, mavContainer, observe(returnValue, webRequest));
	}

	private NativeWebRequest observe(Object returnValue, NativeWebRequest webRequest) {
		try {
			ObservedStream stream = StreamingResponseResultHandler.observed(returnValue, webRequest);
			if (stream == null) {
				return webRequest;
			}
			WebAsyncUtils.getAsyncManager(webRequest).registerDeferredResultInterceptor(stream, stream);
			return stream.capturing(webRequest);
		}
		catch (RuntimeException ex) {
			return webRequest;
		}
	}

}
