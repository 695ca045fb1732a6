package io.github.lfwire.langfuse.weaving;

import java.time.Duration;

import io.github.lfwire.langfuse.LangfuseClient;
import io.github.lfwire.langfuse.observe.ObserveInterceptor;
import io.github.lfwire.langfuse.spring.boot.autoconfigure.observe.ObserveAspect;
import io.github.lfwire.langfuse.testing.FakeLangfuseServer;
import org.aspectj.lang.Aspects;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Spring Boot application declares the woven aspect as a bean, as README shows: woven
 * beans are observed once each, self-invocations and private methods included, and the
 * starter's proxy advisor steps back.
 */
@SpringBootTest(classes = WovenAspectBeanTest.App.class, properties = "langfuse.export.flush-interval=50ms")
class WovenAspectBeanTest {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private static final FakeLangfuseServer server = FakeLangfuseServer.start();

	@DynamicPropertySource
	static void langfuse(DynamicPropertyRegistry registry) {
		registry.add("langfuse.host", server::baseUrl);
		registry.add("langfuse.public-key", () -> FakeLangfuseServer.PUBLIC_KEY);
		registry.add("langfuse.secret-key", () -> FakeLangfuseServer.SECRET_KEY);
	}

	@AfterAll
	static void stopServer() {
		Aspects.aspectOf(ObserveAspect.class).setInterceptor(null);
		server.close();
	}

	@Autowired
	private LangfuseClient client;

	@Autowired
	private Pipeline pipeline;

	@Autowired
	private ApplicationContext context;

	@Test
	void shouldObserveEachWovenCallOnceWithoutAProxy() {
		assertThat(AopUtils.isAopProxy(this.pipeline)).isFalse();
		assertThat(this.context
			.getBeanNamesForType(io.github.lfwire.langfuse.spring.boot.autoconfigure.observe.ObserveAdvisor.class))
			.isEmpty();

		assertThat(this.pipeline.run(" Why ")).isEqualTo("why?");

		assertThat(this.client.flush(WAIT).success()).isTrue();
		CompileTimeWeavingTest.assertNested(server.awaitSpans(3, WAIT));
		server.assertContractRespected();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class App {

		@Bean
		ObserveAspect observeAspect(ObserveInterceptor interceptor) {
			ObserveAspect aspect = Aspects.aspectOf(ObserveAspect.class);
			aspect.setInterceptor(interceptor);
			return aspect;
		}

		@Bean
		Pipeline pipeline() {
			return new Pipeline();
		}

	}

}
