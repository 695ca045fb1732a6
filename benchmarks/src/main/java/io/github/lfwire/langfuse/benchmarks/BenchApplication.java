package io.github.lfwire.langfuse.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.github.lfwire.langfuse.LangfuseClient;
import io.github.lfwire.langfuse.spring.boot.autoconfigure.LangfuseAutoConfiguration;
import io.github.lfwire.langfuse.spring.boot.autoconfigure.observe.LangfuseContextPropagationAutoConfiguration;
import io.github.lfwire.langfuse.spring.boot.autoconfigure.observe.LangfuseObserveAutoConfiguration;

import org.springframework.aop.framework.AopProxyUtils;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.task.AsyncTaskExecutor;

/**
 * A Spring Boot application with the starter's auto-configuration and one
 * {@code @Observe} bean, exporting to a {@link LoopbackCollector}; the traced side of the
 * {@code @Observe} benchmarks.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@ImportAutoConfiguration({ JacksonAutoConfiguration.class, AopAutoConfiguration.class,
		TaskExecutionAutoConfiguration.class, LangfuseAutoConfiguration.class, LangfuseObserveAutoConfiguration.class,
		LangfuseContextPropagationAutoConfiguration.class })
public class BenchApplication {

	private static final int WARMING_CALLS = 50_000;

	private static final int WARMING_FLUSH_EVERY = 2_000;

	private static final Duration WARMING_FLUSH_TIMEOUT = Duration.ofSeconds(30);

	@Bean
	ObservedService observedService(@Qualifier("applicationTaskExecutor") AsyncTaskExecutor applicationTaskExecutor) {
		return new ObservedService(applicationTaskExecutor);
	}

	/** A started application and the collector it exports to. */
	public record Running(ConfigurableApplicationContext context,
			LoopbackCollector collector) implements AutoCloseable {

		/** The {@code @Observe} proxy. */
		public ObservedService observed() {
			ObservedService proxy = this.context.getBean(ObservedService.class);
			((ObservedService) AopProxyUtils.getSingletonTarget(proxy)).setNext(proxy);
			return proxy;
		}

		/**
		 * Calls an {@code @Observe} method until the JIT has compiled the path every
		 * traced call shares, flushing as it goes so that nothing is dropped; an
		 * application whose traced methods run often is in this state.
		 */
		public void warmObservePath() throws InterruptedException {
			ObservedService proxy = observed();
			LangfuseClient client = this.context.getBean(LangfuseClient.class);
			for (int call = 1; call <= WARMING_CALLS; call++) {
				proxy.sleep(0);
				if (call % WARMING_FLUSH_EVERY == 0) {
					client.flush(WARMING_FLUSH_TIMEOUT);
				}
			}
			client.flush(WARMING_FLUSH_TIMEOUT);
		}

		@Override
		public void close() {
			this.context.close();
			this.collector.close();
		}

	}

	/**
	 * Starts the application against a new collector, with extra {@code key=value}
	 * properties; it reads no {@code application.yml}, so every setting the benchmarks do
	 * not name keeps its default.
	 */
	public static Running start(String... properties) {
		LoopbackCollector collector = LoopbackCollector.start();
		List<String> all = new ArrayList<>(List.of(benchmarkProperties(collector)));
		all.add("spring.config.name=lfwire-benchmark");
		all.addAll(List.of(properties));
		return new Running(run(BenchApplication.class, all), collector);
	}

	/**
	 * Starts a non-web application quietly, with {@code key=value} properties passed as
	 * command-line arguments, which win over any {@code application.yml} on the class
	 * path (the sample application's is).
	 */
	public static ConfigurableApplicationContext run(Class<?> source, List<String> properties) {
		return new SpringApplicationBuilder(source).web(WebApplicationType.NONE)
			.bannerMode(Banner.Mode.OFF)
			.logStartupInfo(false)
			.run(properties.stream().map((property) -> "--" + property).toArray(String[]::new));
	}

	/**
	 * The properties that point an application at the collector, with quiet logging and
	 * whole traces off: a flat-out loop makes spans faster than one export thread sends
	 * them, and refused traces would cost the timed calls almost nothing.
	 */
	public static String[] benchmarkProperties(LoopbackCollector collector) {
		return new String[] { "langfuse.host=" + collector.baseUrl(),
				"langfuse.public-key=" + LoopbackCollector.PUBLIC_KEY,
				"langfuse.secret-key=" + LoopbackCollector.SECRET_KEY, "langfuse.environment=benchmark",
				"langfuse.export.whole-traces=false", "logging.level.root=WARN" };
	}

	/** A plain executor for the untraced instance. */
	public static ExecutorService plainExecutor() {
		return Executors.newFixedThreadPool(8, (task) -> {
			Thread thread = new Thread(task, "untraced-executor");
			thread.setDaemon(true);
			return thread;
		});
	}

}
