package io.github.lfwire.langfuse.spring.boot.autoconfigure.observe;

import java.time.Duration;

import io.github.lfwire.langfuse.LangfuseClient;
import io.github.lfwire.langfuse.LangfuseConfig;
import io.github.lfwire.langfuse.observe.Observe;
import io.github.lfwire.langfuse.testing.FakeLangfuseServer;
import io.github.lfwire.langfuse.testing.ReceivedSpan;
import org.junit.jupiter.api.Test;

import org.springframework.aop.support.AopUtils;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.FilteredClassLoader;

import static org.assertj.core.api.Assertions.assertThat;

class InterfaceProxyObserveTest {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class, LangfuseObserveAutoConfiguration.class));

	@Test
	void shouldObserveThroughInterfaceBasedProxy() {
		try (FakeLangfuseServer server = FakeLangfuseServer.start()) {
			LangfuseClient client = LangfuseClient.create(LangfuseConfig.builder()
				.host(server.baseUrl())
				.publicKey(FakeLangfuseServer.PUBLIC_KEY)
				.secretKey(FakeLangfuseServer.SECRET_KEY)
				.build());
			this.runner.withPropertyValues("spring.aop.proxy-target-class=false")
				.withBean(LangfuseClient.class, () -> client)
				.withBean(Greeter.class, DefaultGreeter::new)
				.run((context) -> {
					Greeter greeter = context.getBean(Greeter.class);
					assertThat(AopUtils.isJdkDynamicProxy(greeter)).isTrue();
					assertThat(greeter.greet("Ada")).isEqualTo("hello Ada");
				});
			client.flush(Duration.ofSeconds(5));
			ReceivedSpan span = server.awaitSpans(1, Duration.ofSeconds(5)).get(0);
			assertThat(span.name()).isEqualTo("DefaultGreeter.greet");
			assertThat(span.attribute("langfuse.observation.input")).isEqualTo("{\"name\":\"Ada\"}");
			client.shutdown(Duration.ofSeconds(1));
		}
	}

	@Test
	void shouldWorkWithoutReactorOnTheClasspath() {
		LangfuseClient client = LangfuseClient.create(LangfuseConfig.builder().build());
		this.runner.withClassLoader(new FilteredClassLoader("reactor.core"))
			.withBean(LangfuseClient.class, () -> client)
			.run((context) -> {
				assertThat(context).hasNotFailed().hasSingleBean(ObserveAspect.class);
				assertThat(context).doesNotHaveBean(ReactorResultHandler.class);
			});
	}

	@Test
	void shouldNotCreateAspectWithoutAspectJ() {
		LangfuseClient client = LangfuseClient.create(LangfuseConfig.builder().build());
		this.runner.withClassLoader(new FilteredClassLoader("org.aspectj"))
			.withBean(LangfuseClient.class, () -> client)
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(ObserveAspect.class));
	}

	/** A greeting service. */
	public interface Greeter {

		String greet(String name);

	}

	/** The implementation, observed. */
	public static class DefaultGreeter implements Greeter {

		@Override
		@Observe
		public String greet(String name) {
			return "hello " + name;
		}

	}

}
