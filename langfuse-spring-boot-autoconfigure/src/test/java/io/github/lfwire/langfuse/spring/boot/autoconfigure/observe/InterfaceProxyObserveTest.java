package io.github.lfwire.langfuse.spring.boot.autoconfigure.observe;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

import io.github.lfwire.langfuse.LangfuseClient;
import io.github.lfwire.langfuse.LangfuseConfig;
import io.github.lfwire.langfuse.ObservationType;
import io.github.lfwire.langfuse.observe.Observe;
import io.github.lfwire.langfuse.observe.ObserveInterceptor;
import io.github.lfwire.langfuse.testing.FakeLangfuseServer;
import io.github.lfwire.langfuse.testing.ReceivedSpan;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.aop.aspectj.annotation.AspectJProxyFactory;
import org.springframework.aop.support.AopUtils;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class InterfaceProxyObserveTest {

	private static final Duration WAIT = Duration.ofSeconds(5);

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class, LangfuseObserveAutoConfiguration.class));

	private FakeLangfuseServer server;

	private LangfuseClient client;

	@BeforeEach
	void start() {
		this.server = FakeLangfuseServer.start();
		this.client = LangfuseClient.create(this.server.clientConfig().build());
	}

	@AfterEach
	void stop() {
		this.client.shutdown(Duration.ofSeconds(1));
		this.server.close();
	}

	private List<ReceivedSpan> spans(int atLeast) {
		assertThat(this.client.flush(WAIT).success()).isTrue();
		return this.server.awaitSpans(atLeast, WAIT);
	}

	private void run(boolean proxyTargetClass, Consumer<AssertableApplicationContext> test) {
		this.runner.withPropertyValues("spring.aop.proxy-target-class=" + proxyTargetClass)
			.withBean(LangfuseClient.class, () -> this.client)
			.withBean(Greeter.class, DefaultGreeter::new)
			.withBean(Translator.class, PlainTranslator::new)
			.withBean(Search.class, PlainSearch::new)
			.withBean(Toolbox.class, Toolbox::new)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				test.accept(context);
			});
	}

	@Test
	void shouldObserveThroughInterfaceBasedProxy() {
		run(false, (context) -> {
			Greeter greeter = context.getBean(Greeter.class);
			assertThat(AopUtils.isJdkDynamicProxy(greeter)).isTrue();
			assertThat(greeter.greet("Ada")).isEqualTo("hello Ada");
		});
		ReceivedSpan span = spans(1).get(0);
		assertThat(span.name()).isEqualTo("DefaultGreeter.greet");
		assertThat(span.attribute("langfuse.observation.input")).isEqualTo("{\"name\":\"Ada\"}");
	}

	@ParameterizedTest(name = "proxyTargetClass={0}")
	@ValueSource(booleans = { false, true })
	void shouldObserveMethodAnnotatedOnlyOnTheInterface(boolean proxyTargetClass) {
		run(proxyTargetClass, (context) -> {
			Translator translator = context.getBean(Translator.class);
			assertThat(AopUtils.isCglibProxy(translator)).isEqualTo(proxyTargetClass);
			assertThat(AopUtils.isJdkDynamicProxy(translator)).isEqualTo(!proxyTargetClass);
			assertThat(translator.translate("hello")).isEqualTo("HELLO");
		});
		ReceivedSpan span = spans(1).get(0);
		assertThat(span.name()).isEqualTo("PlainTranslator.translate");
		assertThat(span.attribute("langfuse.observation.type")).isEqualTo("generation");
		assertThat(span.attribute("langfuse.observation.input")).isEqualTo("{\"text\":\"hello\"}");
	}

	@ParameterizedTest(name = "proxyTargetClass={0}")
	@ValueSource(booleans = { false, true })
	void shouldObserveEveryMethodOfAClassWhoseInterfaceIsAnnotatedButNotObjectMethods(boolean proxyTargetClass) {
		run(proxyTargetClass, (context) -> {
			Search search = context.getBean(Search.class);
			assertThat(AopUtils.isAopProxy(search)).isTrue();
			assertThat(search.toString()).isEqualTo("search");
			assertThat(search.hashCode()).isEqualTo(search.hashCode());
			assertThat(search.equals(search)).isTrue();
			assertThat(search.search("q")).containsExactly("q");
		});
		List<ReceivedSpan> spans = spans(1);
		assertThat(spans).extracting(ReceivedSpan::name).containsExactly("PlainSearch.search");
		assertThat(spans.get(0).attribute("langfuse.observation.type")).isEqualTo("retriever");
	}

	@Test
	void shouldNotObserveToStringEqualsAndHashCodeOfAnAnnotatedClass() {
		run(true, (context) -> {
			Toolbox toolbox = context.getBean(Toolbox.class);
			assertThat(AopUtils.isCglibProxy(toolbox)).isTrue();
			assertThat(toolbox.toString()).isEqualTo("toolbox");
			assertThat(toolbox.hashCode()).isEqualTo(toolbox.hashCode());
			assertThat(toolbox.equals(toolbox)).isTrue();
			assertThat(toolbox.lookup("k")).isEqualTo("value-k");
		});
		List<ReceivedSpan> spans = spans(1);
		assertThat(spans).extracting(ReceivedSpan::name).containsExactly("Toolbox.lookup");
	}

	@Test
	void shouldTraceNonPrivateNonFinalMethodsOfAClassBasedProxyButNotFinalPrivateOrSelfInvokedOnes(
			CapturedOutput output) {
		this.runner.withBean(LangfuseClient.class, () -> this.client)
			.withBean(Shouter.class, () -> new Shouter("hey "))
			.run((context) -> {
				Shouter shouter = context.getBean(Shouter.class);
				assertThat(AopUtils.isCglibProxy(shouter)).isTrue();
				assertThat(shouter.shout("ada")).isEqualTo("hey ADA");
				assertThat(shouter.whisper("ada")).isEqualTo("hey ada");
				assertThat(shouter.mumble("ada")).isEqualTo("hey ..");
				assertThat(shouter.shoutFinal("ada")).isEqualTo("null ADA");
				assertThat(shouter.selfCall("ada")).isEqualTo("hey ADA!");
			});
		assertThat(spans(3)).extracting(ReceivedSpan::name)
			.containsExactlyInAnyOrder("Shouter.shout", "Shouter.whisper", "Shouter.mumble");
		assertThat(output).contains("Public final method [public final java.lang.String " + Shouter.class.getName()
				+ ".shoutFinal(java.lang.String)] cannot get proxied via CGLIB");
	}

	@Test
	void shouldObserveWithoutAspectJOnTheClasspath() {
		this.runner.withClassLoader(new FilteredClassLoader("org.aspectj"))
			.withBean(LangfuseClient.class, () -> this.client)
			.withBean(Translator.class, PlainTranslator::new)
			.run((context) -> {
				assertThat(context).hasNotFailed().hasSingleBean(ObserveAdvisor.class);
				assertThat(context).doesNotHaveBean(ObserveAspect.class);
				assertThat(context.getBean(Translator.class).translate("hi")).isEqualTo("HI");
			});
		assertThat(spans(1)).extracting(ReceivedSpan::name).containsExactly("PlainTranslator.translate");
	}

	@Test
	void shouldObserveWithoutBootsAopAutoConfiguration() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(LangfuseObserveAutoConfiguration.class))
			.withBean(LangfuseClient.class, () -> this.client)
			.withBean(Toolbox.class, Toolbox::new)
			.run((context) -> {
				Toolbox toolbox = context.getBean(Toolbox.class);
				assertThat(AopUtils.isCglibProxy(toolbox)).isTrue();
				toolbox.lookup("k");
			});
		assertThat(spans(1)).extracting(ReceivedSpan::name).containsExactly("Toolbox.lookup");
	}

	@Test
	void shouldWorkWithoutReactorOnTheClasspath() {
		this.runner.withClassLoader(new FilteredClassLoader("reactor.core"))
			.withBean(LangfuseClient.class, () -> this.client)
			.run((context) -> {
				assertThat(context).hasNotFailed().hasSingleBean(ObserveAdvisor.class);
				assertThat(context).doesNotHaveBean(ReactorResultHandler.class);
			});
	}

	@Test
	void shouldLeaveObservingToTheAspectWhenTheApplicationDeclaresIt() {
		ObserveAspect aspect = new ObserveAspect();
		this.runner.withBean(LangfuseClient.class, () -> this.client)
			.withBean(ObserveAspect.class, () -> aspect)
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(ObserveAdvisor.class));
	}

	@Test
	void shouldObserveWithTheAspectAsAspectJWouldApplyIt() {
		ObserveAspect aspect = new ObserveAspect();
		AspectJProxyFactory factory = new AspectJProxyFactory(new Toolbox());
		factory.setProxyTargetClass(true);
		factory.addAspect(aspect);
		Toolbox toolbox = factory.getProxy();
		assertThat(toolbox.lookup("unobserved")).isEqualTo("value-unobserved");
		aspect.setInterceptor(new ObserveInterceptor(this.client, List.of()));
		assertThat(toolbox.toString()).isEqualTo("toolbox");
		assertThat(toolbox.lookup("k")).isEqualTo("value-k");
		List<ReceivedSpan> spans = spans(1);
		assertThat(spans).extracting(ReceivedSpan::name).containsExactly("Toolbox.lookup");
		assertThat(spans.get(0).attribute("langfuse.observation.input")).isEqualTo("{\"key\":\"k\"}");
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

	/** A translation service observed on the interface. */
	public interface Translator {

		@Observe(type = ObservationType.GENERATION)
		String translate(String text);

	}

	/** An implementation that does not repeat the annotation. */
	public static class PlainTranslator implements Translator {

		@Override
		public String translate(String text) {
			return text.toUpperCase(java.util.Locale.ROOT);
		}

	}

	/** A search service whose every method is observed. */
	@Observe(type = ObservationType.RETRIEVER)
	public interface Search {

		List<String> search(String query);

	}

	/** An implementation without annotations. */
	public static class PlainSearch implements Search {

		@Override
		public List<String> search(String query) {
			return List.of(query);
		}

		@Override
		public String toString() {
			return "search";
		}

		@Override
		public boolean equals(Object other) {
			return other == this;
		}

		@Override
		public int hashCode() {
			return 11;
		}

	}

	/** A class observed as a whole, proxied by class. */
	@Observe(type = ObservationType.TOOL)
	public static class Toolbox {

		public String lookup(String key) {
			return "value-" + key;
		}

		@Override
		public String toString() {
			return "toolbox";
		}

		@Override
		public boolean equals(Object other) {
			return other == this;
		}

		@Override
		public int hashCode() {
			return 7;
		}

	}

	/** Observed methods of each visibility and a final one, proxied by class. */
	public static class Shouter {

		private final String prefix;

		public Shouter(String prefix) {
			this.prefix = prefix;
		}

		@Observe
		public String shout(String text) {
			return this.prefix + text.toUpperCase(java.util.Locale.ROOT);
		}

		@Observe
		protected String whisper(String text) {
			return this.prefix + text;
		}

		@Observe
		String mumble(String text) {
			return this.prefix + "..";
		}

		@Observe
		public final String shoutFinal(String text) {
			return this.prefix + " " + text.toUpperCase(java.util.Locale.ROOT);
		}

		public String selfCall(String text) {
			return shout(text) + exclaim();
		}

		@Observe
		private String exclaim() {
			return "!";
		}

	}

}
