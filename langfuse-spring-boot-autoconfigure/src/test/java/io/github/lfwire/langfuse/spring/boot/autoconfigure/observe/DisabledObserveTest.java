package io.github.lfwire.langfuse.spring.boot.autoconfigure.observe;

import io.github.lfwire.langfuse.observe.Observe;
import io.github.lfwire.langfuse.spring.boot.autoconfigure.LangfuseAutoConfiguration;
import io.github.lfwire.langfuse.testing.FakeLangfuseServer;
import io.github.lfwire.langfuse.testing.ReceivedSpan;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.aop.support.AopUtils;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code langfuse.enabled=false} no bean is proxied for {@code @Observe}, and
 * observed beans still work.
 */
class DisabledObserveTest {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class, LangfuseAutoConfiguration.class,
				LangfuseObserveAutoConfiguration.class))
		.withBean(Echo.class, Echo::new)
		.withPropertyValues("langfuse.public-key=" + FakeLangfuseServer.PUBLIC_KEY,
				"langfuse.secret-key=" + FakeLangfuseServer.SECRET_KEY, "langfuse.export.max-retries=0");

	private final FakeLangfuseServer server = FakeLangfuseServer.start();

	@AfterEach
	void stopServer() {
		this.server.close();
	}

	@Test
	void shouldNotProxyObservedBeansWhenDisabled() {
		this.runner.withPropertyValues("langfuse.enabled=false", "langfuse.host=" + this.server.baseUrl())
			.run((context) -> {
				assertThat(context).hasNotFailed().doesNotHaveBean(ObserveAdvisor.class);
				Echo echo = context.getBean(Echo.class);
				assertThat(AopUtils.isAopProxy(echo)).isFalse();
				assertThat(echo.echo("hello")).isEqualTo("hello");
			});
		assertThat(this.server.requests()).isEmpty();
	}

	@Test
	void shouldProxyObservedBeansWhenEnabled() {
		this.runner.withPropertyValues("langfuse.host=" + this.server.baseUrl()).run((context) -> {
			assertThat(context).hasSingleBean(ObserveAdvisor.class);
			Echo echo = context.getBean(Echo.class);
			assertThat(AopUtils.isAopProxy(echo)).isTrue();
			assertThat(echo.echo("hello")).isEqualTo("hello");
		});
		assertThat(this.server.spans()).extracting(ReceivedSpan::name).containsExactly("Echo.echo");
	}

	static class Echo {

		@Observe
		public String echo(String text) {
			return text;
		}

	}

}
