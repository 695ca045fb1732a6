package io.github.lfwire.langfuse.spring.boot.autoconfigure.observe;

import io.micrometer.context.ContextRegistry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.task.TaskDecorator;
import org.springframework.core.task.support.ContextPropagatingTaskDecorator;

/**
 * Carries the current observation across Boot's task executors with Micrometer's
 * context-propagation, whose {@code ContextRegistry} finds
 * {@link ObservationThreadLocalAccessor} through {@code META-INF/services}: adds a
 * {@link ContextPropagatingTaskDecorator} where Boot applies none, that is unless the
 * application has one or sets {@code spring.task.execution.propagate-context=true} (Boot
 * 4.1 and later then adds its own). Boot composes every {@link TaskDecorator} bean for
 * its task executors, so an application's own decorator (an MDC-copying one, say) runs as
 * well.
 */
@AutoConfiguration(before = TaskExecutionAutoConfiguration.class)
@ConditionalOnClass(ContextRegistry.class)
public final class LangfuseContextPropagationAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(ContextPropagatingTaskDecorator.class)
	@ConditionalOnBooleanProperty(name = "spring.task.execution.propagate-context", havingValue = false,
			matchIfMissing = true)
	ContextPropagatingTaskDecorator langfuseContextPropagatingTaskDecorator() {
		return new ContextPropagatingTaskDecorator();
	}

}
