package io.github.lfwire.langfuse.spring.boot.autoconfigure.observe;

import java.lang.reflect.Method;
import java.util.function.Supplier;

import io.github.lfwire.langfuse.observe.Observe;
import io.github.lfwire.langfuse.observe.ObserveInterceptor;
import org.aopalliance.aop.Advice;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;

import org.springframework.aop.Pointcut;
import org.springframework.aop.support.AbstractPointcutAdvisor;
import org.springframework.aop.support.AopUtils;
import org.springframework.util.function.SingletonSupplier;

/**
 * Spring AOP advisor that observes {@link Observe}-annotated methods through class-based
 * and interface-based proxies, finding the annotation on interfaces and superclasses as
 * Spring does for its own annotations.
 */
public final class ObserveAdvisor extends AbstractPointcutAdvisor {

	private final Pointcut pointcut = new ObservePointcut();

	private final Advice advice;

	/**
	 * Creates an advisor around a framework-neutral interceptor, looked up on the first
	 * observed call so that creating the advisor does not create the client.
	 */
	public ObserveAdvisor(Supplier<ObserveInterceptor> interceptor) {
		this.advice = new ObserveMethodInterceptor(SingletonSupplier.of(interceptor));
	}

	@Override
	public Pointcut getPointcut() {
		return this.pointcut;
	}

	@Override
	public Advice getAdvice() {
		return this.advice;
	}

	/** Hands each matched call to the {@link ObserveInterceptor}. */
	private static final class ObserveMethodInterceptor implements MethodInterceptor {

		private final Supplier<ObserveInterceptor> interceptor;

		ObserveMethodInterceptor(Supplier<ObserveInterceptor> interceptor) {
			this.interceptor = interceptor;
		}

		@Override
		public Object invoke(MethodInvocation invocation) throws Throwable {
			Method method = invocation.getMethod();
			Object target = invocation.getThis();
			Class<?> targetClass = (target != null) ? AopUtils.getTargetClass(target) : method.getDeclaringClass();
			return this.interceptor.get()
				.invoke(targetClass, method, AopUtils::getMostSpecificMethod, invocation.getArguments(),
						invocation::proceed);
		}

	}

}
