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
 * AspectJ aspect observing executions of {@link Observe}-annotated methods and of public
 * methods of {@link Observe}-annotated classes, for applications that weave with AspectJ
 * (compile-time or load-time) instead of using the starter's proxies.
 * <p>
 * Declaring it as a bean, with its interceptor set, makes the starter's
 * {@link ObserveAdvisor} step back; until the interceptor is set, woven methods run
 * unobserved.
 */
@Aspect
public final class ObserveAspect {

	private volatile ObserveInterceptor interceptor;

	/**
	 * Creates the aspect as AspectJ does when it is woven; set its interceptor before
	 * calls are observed.
	 */
	public ObserveAspect() {
	}

	/** Creates the aspect around a framework-neutral interceptor. */
	public ObserveAspect(ObserveInterceptor interceptor) {
		this.interceptor = interceptor;
	}

	/** Sets the interceptor that observes the calls. */
	public void setInterceptor(ObserveInterceptor interceptor) {
		this.interceptor = interceptor;
	}

	/** Observes one execution. */
	@Around("execution(* *(..)) && (@annotation(io.github.lfwire.langfuse.observe.Observe) "
			+ "|| (@within(io.github.lfwire.langfuse.observe.Observe) && execution(public * *(..))))")
	public Object observe(ProceedingJoinPoint joinPoint) throws Throwable {
		ObserveInterceptor current = this.interceptor;
		if (current == null) {
			return joinPoint.proceed();
		}
		Method method = ((MethodSignature) joinPoint.getSignature()).getMethod();
		Object target = joinPoint.getTarget();
		Class<?> targetClass = (target != null) ? AopUtils.getTargetClass(target) : method.getDeclaringClass();
		return current.invoke(targetClass, method, AopUtils::getMostSpecificMethod, joinPoint.getArgs(),
				joinPoint::proceed);
	}

}
