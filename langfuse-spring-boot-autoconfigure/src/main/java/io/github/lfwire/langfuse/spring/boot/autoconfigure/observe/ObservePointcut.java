package io.github.lfwire.langfuse.spring.boot.autoconfigure.observe;

import java.lang.reflect.Method;

import io.github.lfwire.langfuse.observe.Observe;
import io.github.lfwire.langfuse.observe.ObserveInterceptor;

import org.springframework.aop.ClassFilter;
import org.springframework.aop.support.AopUtils;
import org.springframework.aop.support.StaticMethodMatcherPointcut;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.annotation.MergedAnnotations.SearchStrategy;
import org.springframework.util.ClassUtils;

/**
 * Matches methods annotated with {@link Observe}, on the method or on a method it
 * overrides or implements, and the public methods other than {@code java.lang.Object}'s
 * of a class annotated with it, on the class, a superclass or an interface.
 */
final class ObservePointcut extends StaticMethodMatcherPointcut {

	ObservePointcut() {
		setClassFilter(ObserveClassFilter.INSTANCE);
	}

	@Override
	public boolean matches(Method method, Class<?> targetClass) {
		Class<?> userClass = (targetClass != null) ? ClassUtils.getUserClass(targetClass) : method.getDeclaringClass();
		Method specific = AopUtils.getMostSpecificMethod(method, userClass);
		if (AnnotatedElementUtils.hasAnnotation(specific, Observe.class)
				|| (specific != method && AnnotatedElementUtils.hasAnnotation(method, Observe.class))) {
			return true;
		}
		return MergedAnnotations.from(userClass, SearchStrategy.TYPE_HIERARCHY).isPresent(Observe.class)
				&& ObserveInterceptor.isObservedByType(specific);
	}

	/** Skips classes that cannot carry the annotation, such as the JDK's. */
	private static final class ObserveClassFilter implements ClassFilter {

		static final ObserveClassFilter INSTANCE = new ObserveClassFilter();

		@Override
		public boolean matches(Class<?> clazz) {
			return AnnotationUtils.isCandidateClass(clazz, Observe.class);
		}

	}

}
