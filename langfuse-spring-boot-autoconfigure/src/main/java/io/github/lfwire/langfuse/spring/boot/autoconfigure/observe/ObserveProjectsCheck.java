package io.github.lfwire.langfuse.spring.boot.autoconfigure.observe;

import java.util.List;
import java.util.Set;

import io.github.lfwire.langfuse.LangfuseProjects;
import io.github.lfwire.langfuse.config.LangfuseConfigException;
import io.github.lfwire.langfuse.observe.Observe;
import io.github.lfwire.langfuse.observe.ObserveInterceptor;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.framework.AopProxyUtils;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.FactoryBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.util.ClassUtils;

/**
 * Fails startup, once every singleton is created, when an {@link Observe} annotation of a
 * bean's class names a project that is not configured under {@code langfuse.projects},
 * naming the project, the bean and the properties to add.
 */
final class ObserveProjectsCheck implements SmartInitializingSingleton, BeanFactoryAware {

	/** Spring's own beans, which carry no {@link Observe}, are not searched. */
	private static final String SPRING = "org.springframework.";

	private final ObjectProvider<ObserveInterceptor> interceptor;

	private final ObjectProvider<LangfuseProjects> projects;

	private @Nullable ConfigurableListableBeanFactory beanFactory;

	ObserveProjectsCheck(ObjectProvider<ObserveInterceptor> interceptor, ObjectProvider<LangfuseProjects> projects) {
		this.interceptor = interceptor;
		this.projects = projects;
	}

	@Override
	public void setBeanFactory(BeanFactory beanFactory) throws BeansException {
		if (beanFactory instanceof ConfigurableListableBeanFactory listable) {
			this.beanFactory = listable;
		}
	}

	@Override
	public void afterSingletonsInstantiated() {
		ObserveInterceptor observe = this.interceptor.getIfAvailable();
		if (observe == null || this.beanFactory == null) {
			return;
		}
		for (String name : this.beanFactory.getBeanDefinitionNames()) {
			Class<?> type = userClass(name);
			if (type == null || type.getName().startsWith(SPRING)
					|| !AnnotationUtils.isCandidateClass(type, Observe.class)) {
				continue;
			}
			Set<String> unknown = observe.unknownProjects(type);
			if (!unknown.isEmpty()) {
				throw unknownProject(unknown.iterator().next(), name, type);
			}
		}
	}

	/**
	 * The class the bean's code is in: the target of a proxy, the user class of CGLIB.
	 */
	private @Nullable Class<?> userClass(String name) {
		Object singleton = this.beanFactory.containsSingleton(name) ? this.beanFactory.getSingleton(name) : null;
		Class<?> type = (singleton != null && !(singleton instanceof FactoryBean))
				? AopProxyUtils.ultimateTargetClass(singleton) : this.beanFactory.getType(name, false);
		return (type != null) ? ClassUtils.getUserClass(type) : null;
	}

	private LangfuseConfigException unknownProject(String project, String bean, Class<?> type) {
		LangfuseProjects configured = this.projects.getIfAvailable();
		LangfuseConfigException unknown = LangfuseProjects.unknownProject(project,
				(configured != null) ? configured.clients().keySet() : List.of(LangfuseProjects.DEFAULT_PROJECT));
		return new LangfuseConfigException(unknown.setting(), "@Observe(project = \"" + project + "\") in "
				+ type.getName() + " (bean '" + bean + "') names it, but " + unknown.problem(), unknown.fix());
	}

}
