package io.github.lfwire.langfuse.spring.boot.autoconfigure.observe;

import io.github.lfwire.langfuse.LangfuseClient;
import io.github.lfwire.langfuse.Observation;
import io.github.lfwire.langfuse.spring.boot.autoconfigure.LangfuseAutoConfiguration;
import io.micrometer.context.ContextRegistry;
import io.opentelemetry.context.Scope;
import io.github.lfwire.langfuse.spring.boot.autoconfigure.llm.ReactorHookRestored;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Hooks;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.reactor.autoconfigure.ReactorAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.task.TaskDecorator;
import org.springframework.core.task.support.ContextPropagatingTaskDecorator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The observation accessor is found by context-propagation itself; Reactor's global hook
 * and the application-wide task decorator follow Boot's own switches.
 */
@ExtendWith(ReactorHookRestored.class)
class ContextPropagationAutoConfigurationTest {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(LangfuseAutoConfiguration.class,
				LangfuseObserveAutoConfiguration.class, LangfuseContextPropagationAutoConfiguration.class))
		.withPropertyValues("langfuse.console.enabled=true");

	@BeforeEach
	void resetReactor() {
		Hooks.disableAutomaticContextPropagation();
	}

	@Test
	void shouldRegisterTheAccessorThroughServiceLoaderWithoutAnyContext() {
		assertThat(new ContextRegistry().loadThreadLocalAccessors().getThreadLocalAccessors())
			.anySatisfy((accessor) -> assertThat(accessor).isInstanceOf(ObservationThreadLocalAccessor.class));
		assertThat(ContextRegistry.getInstance().getThreadLocalAccessors())
			.filteredOn((accessor) -> ObservationThreadLocalAccessor.KEY.equals(accessor.key()))
			.hasSize(1);
	}

	@Test
	void shouldLeaveReactorsGlobalHookAloneWithoutBootsSwitch() {
		this.runner.withConfiguration(AutoConfigurations.of(ReactorAutoConfiguration.class)).run((context) -> {
			assertThat(context).hasSingleBean(ReactorResultHandler.class);
			assertThat(Hooks.isAutomaticContextPropagationEnabled()).isFalse();
			try (Observation observation = context.getBean(LangfuseClient.class).span("probe")) {
				assertThat(seenOnAnotherThread(observation)).as("carried by the starter's schedule hook only")
					.isSameAs(observation);
				assertThat(restoredFromReactorContext(observation)).isSameAs(Observation.noop());
			}
		});
	}

	@Test
	void shouldLeaveTheSwitchToBootsReactorAutoConfigurationWhenPresent() {
		this.runner.withConfiguration(AutoConfigurations.of(ReactorAutoConfiguration.class))
			.withPropertyValues("spring.reactor.context-propagation=auto")
			.run((context) -> {
				assertThat(context)
					.doesNotHaveBean(LangfuseObserveAutoConfiguration.ReactorContextPropagationConfiguration.class);
				try (Observation observation = context.getBean(LangfuseClient.class).span("probe")) {
					assertThat(seenOnAnotherThread(observation)).isSameAs(observation);
				}
			});
	}

	@Test
	void shouldFollowBootsSwitchItselfWithoutBootsReactorModule() {
		this.runner.withClassLoader(new FilteredClassLoader(ReactorAutoConfiguration.class))
			.withPropertyValues("spring.reactor.context-propagation=auto")
			.run((context) -> {
				assertThat(context)
					.hasSingleBean(LangfuseObserveAutoConfiguration.ReactorContextPropagationConfiguration.class);
				try (Observation observation = context.getBean(LangfuseClient.class).span("probe")) {
					assertThat(seenOnAnotherThread(observation)).isSameAs(observation);
				}
			});
	}

	@Test
	void shouldKeepAutomaticPropagationOffWithoutBootsReactorModuleWhenBootsSwitchIsLimited() {
		this.runner.withClassLoader(new FilteredClassLoader(ReactorAutoConfiguration.class))
			.withPropertyValues("spring.reactor.context-propagation=limited")
			.run((context) -> {
				assertThat(Hooks.isAutomaticContextPropagationEnabled()).isFalse();
				try (Observation observation = context.getBean(LangfuseClient.class).span("probe")) {
					assertThat(restoredFromReactorContext(observation)).isSameAs(Observation.noop());
				}
			});
	}

	@Test
	void shouldAddTaskDecoratorWhereBootAppliesNone() {
		this.runner.run((context) -> assertThat(context).getBeans(TaskDecorator.class)
			.containsOnlyKeys("langfuseContextPropagatingTaskDecorator"));
	}

	@Test
	void shouldLeaveTaskDecoratorToBootWhenItsOwnPropagationIsOn() {
		this.runner.withPropertyValues("spring.task.execution.propagate-context=true")
			.withBean("contextPropagatingTaskDecorator", TaskDecorator.class, ContextPropagatingTaskDecorator::new)
			.run((context) -> assertThat(context).getBeans(TaskDecorator.class)
				.containsOnlyKeys("contextPropagatingTaskDecorator"));
	}

	@Test
	void shouldLeaveTaskDecoratorToTheApplicationsOwnContextPropagatingOne() {
		this.runner
			.withBean("applicationDecorator", ContextPropagatingTaskDecorator.class,
					ContextPropagatingTaskDecorator::new)
			.run((context) -> assertThat(context).getBeans(TaskDecorator.class)
				.containsOnlyKeys("applicationDecorator"));
	}

	/**
	 * What a {@code map} sees when only the Reactor context holds the observation and the
	 * element comes from a thread nothing was scheduled from in an observation: found
	 * there only under Reactor's automatic context propagation.
	 */
	private static Observation restoredFromReactorContext(Observation observation) {
		try (Scope outside = Observation.noop().makeCurrent()) {
			return seenOnAnotherThread(observation);
		}
	}

	private static Observation seenOnAnotherThread(Observation observation) {
		return Mono.just(1)
			.publishOn(Schedulers.parallel())
			.map((ignored) -> Observation.current())
			.contextWrite((reactorContext) -> reactorContext.put(ObservationThreadLocalAccessor.KEY, observation))
			.block();
	}

}
