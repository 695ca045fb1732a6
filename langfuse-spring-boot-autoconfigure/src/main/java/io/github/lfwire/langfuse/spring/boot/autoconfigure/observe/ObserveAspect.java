package io.github.lfwire.langfuse.spring.boot.autoconfigure.observe;

import java.lang.reflect.Method;

import io.github.lfwire.langfuse.observe.Observe;
import io.github.lfwire.langfuse.observe.ObserveInterceptor;
import org.aspectj.lang.ProceedingJoinPoint;
import org.aspectj.lang.annotation.Around;
import org.aspectj.lang.annotation.Aspect;
import org.aspectj.lang.reflect.MethodSignature;

import org.springframework.aop.support.AopUtils;

/**
 * Observes calls of {@link Observe}-annotated methods and of public methods of {@link Observe}-annotated classes.
 * <p>
 * Works as a Spring AOP aspect on class-based and interface-based proxies, and unchanged under AspectJ weaving.
 */
@Aspect
public final class ObserveAspect {

	private final ObserveInterceptor interceptor;

	/** Creates the aspect around a framework-neutral interceptor. */
	public ObserveAspect(ObserveInterceptor interceptor) {
		this.interceptor = interceptor;
	}

	/** Observes one call. */
	@Around("@annotation(io.github.lfwire.langfuse.observe.Observe) "
			+ "|| (@within(io.github.lfwire.langfuse.observe.Observe) && execution(public * *(..)))")
	public Object observe(ProceedingJoinPoint joinPoint) throws Throwable {
		Method method = ((MethodSignature) joinPoint.getSignature()).getMethod();
		Object target = joinPoint.getTarget();
		Class<?> targetClass = (target != null) ? AopUtils.getTargetClass(target) : method.getDeclaringClass();
		Method specific = AopUtils.getMostSpecificMethod(method, targetClass);
		return this.interceptor.invoke(targetClass, specific, joinPoint.getArgs(), joinPoint::proceed);
	}

}
