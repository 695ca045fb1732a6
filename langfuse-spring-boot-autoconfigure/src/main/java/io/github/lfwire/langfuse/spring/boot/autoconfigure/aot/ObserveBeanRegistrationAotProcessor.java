package io.github.lfwire.langfuse.spring.boot.autoconfigure.aot;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.github.lfwire.langfuse.observe.Observe;
import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.BindingReflectionHintsRegistrar;
import org.springframework.aot.hint.ExecutableMode;
import org.springframework.aot.hint.ReflectionHints;
import org.springframework.beans.factory.aot.BeanRegistrationAotContribution;
import org.springframework.beans.factory.aot.BeanRegistrationAotProcessor;
import org.springframework.beans.factory.support.RegisteredBean;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * Registers reflection hints for beans with {@code @Observe} methods: their types are
 * introspected to find the annotations and parameter names, the observed methods are
 * invoked reflectively by the proxy, and their parameter and return types are serialized
 * as captured input and output.
 */
final class ObserveBeanRegistrationAotProcessor implements BeanRegistrationAotProcessor {

	private final BindingReflectionHintsRegistrar bindings = new BindingReflectionHintsRegistrar();

	@Override
	public @Nullable BeanRegistrationAotContribution processAheadOfTime(RegisteredBean registeredBean) {
		Class<?> beanClass = ClassUtils.getUserClass(registeredBean.getBeanClass());
		Set<Class<?>> hierarchy;
		List<Method> observed;
		try {
			hierarchy = hierarchy(beanClass);
			observed = observedMethods(beanClass, hierarchy);
		}
		catch (LinkageError | TypeNotPresentException ex) {
			return null;
		}
		if (observed.isEmpty()) {
			return null;
		}
		return (generationContext, code) -> {
			ReflectionHints reflection = generationContext.getRuntimeHints().reflection();
			for (Class<?> type : hierarchy) {
				reflection.registerType(type);
			}
			for (Method method : observed) {
				reflection.registerMethod(method, ExecutableMode.INVOKE);
				this.bindings.registerReflectionHints(reflection, method.getGenericParameterTypes());
				this.bindings.registerReflectionHints(reflection, method.getGenericReturnType());
			}
		};
	}

	private static Set<Class<?>> hierarchy(Class<?> beanClass) {
		Set<Class<?>> types = new LinkedHashSet<>();
		for (Class<?> type = beanClass; type != null && type != Object.class; type = type.getSuperclass()) {
			types.add(type);
		}
		for (Class<?> type : new ArrayList<>(types)) {
			types.addAll(ClassUtils.getAllInterfacesForClassAsSet(type));
		}
		return types;
	}

	private static List<Method> observedMethods(Class<?> beanClass, Set<Class<?>> hierarchy) {
		Set<String> annotatedSignatures = new LinkedHashSet<>();
		boolean typeAnnotated = false;
		for (Class<?> type : hierarchy) {
			typeAnnotated |= type.isAnnotationPresent(Observe.class);
			for (Method method : type.getDeclaredMethods()) {
				if (method.isAnnotationPresent(Observe.class)) {
					annotatedSignatures.add(signature(method));
				}
			}
		}
		if (!typeAnnotated && annotatedSignatures.isEmpty()) {
			return List.of();
		}
		List<Method> observed = new ArrayList<>();
		boolean observeClassMethods = typeAnnotated;
		ReflectionUtils.doWithMethods(beanClass, observed::add, (method) -> !method.isBridge() && !method.isSynthetic()
				&& ReflectionUtils.findMethod(Object.class, method.getName(), method.getParameterTypes()) == null
				&& (annotatedSignatures.contains(signature(method))
						|| (observeClassMethods && Modifier.isPublic(method.getModifiers()))));
		return observed;
	}

	private static String signature(Method method) {
		StringBuilder signature = new StringBuilder(method.getName()).append('(');
		for (Class<?> parameter : method.getParameterTypes()) {
			signature.append(parameter.getName()).append(',');
		}
		return signature.append(')').toString();
	}

}
