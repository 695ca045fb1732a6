package io.github.lfwire.langfuse.spring.boot.autoconfigure.observe;

import io.github.lfwire.langfuse.LangfuseClient;
import io.github.lfwire.langfuse.LangfuseProjects;
import io.github.lfwire.langfuse.observe.AsyncResultHandler;
import io.github.lfwire.langfuse.observe.ObserveInterceptor;
import reactor.core.publisher.Hooks;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Role;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitter;

/**
 * Auto-configuration of {@code @Observe}: a Spring AOP advisor applied by an auto-proxy
 * creator, which needs spring-aop only, not AspectJ.
 */
@AutoConfiguration(afterName = "io.github.lfwire.langfuse.spring.boot.autoconfigure.LangfuseAutoConfiguration")
@ConditionalOnBean(LangfuseClient.class)
@Import(ObserveProxyRegistrar.class)
public final class LangfuseObserveAutoConfiguration {

	static final String BOOT_REACTOR_AUTO_CONFIGURATION = "org.springframework.boot.reactor.autoconfigure.ReactorAutoConfiguration";

	@Bean
	@ConditionalOnMissingBean
	ObserveInterceptor langfuseObserveInterceptor(LangfuseClient client, ObjectProvider<LangfuseProjects> projects,
			ObjectProvider<AsyncResultHandler> asyncResultHandlers) {
		return new ObserveInterceptor(projects.getIfAvailable(() -> LangfuseProjects.of(client)),
				asyncResultHandlers.orderedStream().toList());
	}

	/**
	 * Fails startup when an {@code @Observe(project = ...)} of a bean names a project
	 * that is not configured.
	 */
	@Bean
	static ObserveProjectsCheck langfuseObserveProjectsCheck(ObjectProvider<ObserveInterceptor> observeInterceptor,
			ObjectProvider<LangfuseProjects> projects) {
		return new ObserveProjectsCheck(observeInterceptor, projects);
	}

	@Bean
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	@ConditionalOnBooleanProperty(name = "langfuse.enabled", matchIfMissing = true)
	@ConditionalOnMissingBean({ ObserveAdvisor.class, ObserveAspect.class })
	static ObserveAdvisor langfuseObserveAdvisor(ObjectProvider<ObserveInterceptor> observeInterceptor) {
		return new ObserveAdvisor(observeInterceptor::getObject);
	}

	/**
	 * Observes {@code Mono} and {@code Flux} results: each is current while its stream is
	 * subscribed to, tasks handed to Reactor schedulers carry it, and it is written into
	 * the Reactor context, from which Reactor also restores it in operators on other
	 * threads when automatic context propagation is on.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(Mono.class)
	static final class ReactorConfiguration {

		@Bean
		@ConditionalOnMissingBean
		ReactorResultHandler langfuseReactorResultHandler(LangfuseClient client,
				ObjectProvider<ObservedStreamListener> observedStreamListeners) {
			return new ReactorResultHandler(client.config().capture().maxStreamElements(),
					observedStreamListeners.orderedStream().toList());
		}

		@Bean
		@ConditionalOnBooleanProperty(name = "langfuse.enabled", matchIfMissing = true)
		ReactorSchedulerPropagation langfuseReactorSchedulerPropagation() {
			return new ReactorSchedulerPropagation();
		}

	}

	/**
	 * Follows Boot's {@code spring.reactor.context-propagation=auto} switch where Boot's
	 * own Reactor auto-configuration ({@code spring-boot-reactor}), which would apply it,
	 * is absent.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(Hooks.class)
	@ConditionalOnMissingClass(BOOT_REACTOR_AUTO_CONFIGURATION)
	@ConditionalOnProperty(name = "spring.reactor.context-propagation", havingValue = "auto")
	static final class ReactorContextPropagationConfiguration {

		ReactorContextPropagationConfiguration() {
			Hooks.enableAutomaticContextPropagation();
		}

	}

	/** Observes streamed Spring MVC responses until they end. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(ResponseBodyEmitter.class)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
	static final class ServletStreamingConfiguration {

		@Bean
		@ConditionalOnMissingBean
		StreamingResponseResultHandler langfuseStreamingResponseResultHandler(LangfuseClient client) {
			return new StreamingResponseResultHandler(client.config().capture().maxBytes(),
					client.config().capture().maxStreamElements());
		}

		@Bean
		static StreamingReturnValueHandlerPostProcessor langfuseStreamingReturnValueHandlerPostProcessor() {
			return new StreamingReturnValueHandlerPostProcessor();
		}

	}

}
