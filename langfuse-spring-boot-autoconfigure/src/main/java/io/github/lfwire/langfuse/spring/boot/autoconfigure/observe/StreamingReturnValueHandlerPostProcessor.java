package io.github.lfwire.langfuse.spring.boot.autoconfigure.observe;

import java.util.ArrayList;
import java.util.List;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.web.method.support.HandlerMethodReturnValueHandler;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitterReturnValueHandler;

/**
 * Decorates Spring MVC's emitter return value handler so that observed emitters learn
 * when their response ends and what it carried.
 */
final class StreamingReturnValueHandlerPostProcessor implements BeanPostProcessor {

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof RequestMappingHandlerAdapter adapter && adapter.getReturnValueHandlers() != null) {
			List<HandlerMethodReturnValueHandler> decorated = new ArrayList<>();
			for (HandlerMethodReturnValueHandler candidate : adapter.getReturnValueHandlers()) {
				decorated.add((candidate instanceof ResponseBodyEmitterReturnValueHandler)
						? new ObservedStreamReturnValueHandler(candidate) : candidate);
			}
			adapter.setReturnValueHandlers(decorated);
		}
		return bean;
	}

}
