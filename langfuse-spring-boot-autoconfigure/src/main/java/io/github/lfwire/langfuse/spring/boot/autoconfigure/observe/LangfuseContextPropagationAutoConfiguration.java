package io.github.lfwire.langfuse.spring.boot.autoconfigure.observe;

import io.micrometer.context.ContextRegistry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.task.TaskDecorator;
import org.springframework.core.task.support.ContextPropagatingTaskDecorator;

/**
 * Carries the current observation across threads with Micrometer's context-propagation: registers the accessor and,
 * unless the application already has a {@link ContextPropagatingTaskDecorator}, adds one. Boot composes every
 * {@link TaskDecorator} bean for its task executors, so an application's own decorator (an MDC-copying one, say) runs
 * as well.
 */
@AutoConfiguration(before = TaskExecutionAutoConfiguration.class)
@ConditionalOnClass(ContextRegistry.class)
public final class LangfuseContextPropagationAutoConfiguration {

	static {
		ContextRegistry.getInstance().registerThreadLocalAccessor(new ObservationThreadLocalAccessor());
	}

	@Bean
	@ConditionalOnMissingBean(ContextPropagatingTaskDecorator.class)
	ContextPropagatingTaskDecorator langfuseContextPropagatingTaskDecorator() {
		return new ContextPropagatingTaskDecorator();
	}

}
