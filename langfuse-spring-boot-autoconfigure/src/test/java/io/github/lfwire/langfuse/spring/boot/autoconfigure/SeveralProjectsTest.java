package io.github.lfwire.langfuse.spring.boot.autoconfigure;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.github.lfwire.langfuse.ApplicationTrace;
import io.github.lfwire.langfuse.LangfuseClient;
import io.github.lfwire.langfuse.LangfuseProjects;
import io.github.lfwire.langfuse.ObservationType;
import io.github.lfwire.langfuse.Score;
import io.github.lfwire.langfuse.config.LangfuseConfigException;
import io.github.lfwire.langfuse.media.LangfuseMedia;
import io.github.lfwire.langfuse.observe.Observe;
import io.github.lfwire.langfuse.observe.ObserveInterceptor;
import io.github.lfwire.langfuse.prompt.LangfusePrompts;
import io.github.lfwire.langfuse.spring.boot.autoconfigure.observe.LangfuseObserveAutoConfiguration;
import io.github.lfwire.langfuse.spring.boot.autoconfigure.prompt.LangfuseProjectPrompts;
import io.github.lfwire.langfuse.spring.boot.autoconfigure.prompt.LangfusePromptMetrics;
import io.github.lfwire.langfuse.spring.boot.autoconfigure.prompt.LangfusePromptsAutoConfiguration;
import io.github.lfwire.langfuse.testing.FakeLangfuseServer;
import io.github.lfwire.langfuse.testing.ReceivedScore;
import io.github.lfwire.langfuse.testing.ReceivedSpan;
import io.github.lfwire.langfuse.testing.RecordedRequest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application with a default project on one server and project {@code b} on another:
 * each trace arrives only at its project's server, with the observations of a shared bean
 * in the trace that called it and the scores and media in the same project.
 */
class SeveralProjectsTest {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private static final String B_PUBLIC_KEY = "pk-lf-b-2222";

	private static final String B_SECRET_KEY = "sk-lf-b-secret-2222";

	private static final byte[] IMAGE = { 1, 2, 3, 4 };

	private final FakeLangfuseServer serverA = FakeLangfuseServer.start();

	private final FakeLangfuseServer serverB = FakeLangfuseServer.start(B_PUBLIC_KEY, B_SECRET_KEY);

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(LangfuseAutoConfiguration.class,
				LangfuseObserveAutoConfiguration.class, LangfusePromptsAutoConfiguration.class))
		.withPropertyValues("langfuse.export.flush-interval=50ms");

	@AfterEach
	void stop() {
		this.serverA.close();
		this.serverB.close();
	}

	private ApplicationContextRunner twoProjects() {
		return this.runner.withPropertyValues("langfuse.host=" + this.serverA.baseUrl(),
				"langfuse.public-key=" + FakeLangfuseServer.PUBLIC_KEY,
				"langfuse.secret-key=" + FakeLangfuseServer.SECRET_KEY,
				"langfuse.projects.b.public-key=" + B_PUBLIC_KEY, "langfuse.projects.b.secret-key=" + B_SECRET_KEY,
				"langfuse.projects.b.base-url=" + this.serverB.baseUrl());
	}

	@Test
	void shouldSendATraceStartedInProjectBWithTheSharedBeansObservationsAndScoresOnlyToItsServer() {
		twoProjects().withUserConfiguration(Beans.class).run((context) -> {
			assertThat(context.getBean(ProjectBRoot.class).answer("q")).isEqualTo("b:shared:q");
			assertThat(context.getBean(LangfuseProjects.class).flush(WAIT).success()).isTrue();
			List<ReceivedSpan> spans = this.serverB.awaitSpans(3, WAIT);
			Map<String, ReceivedSpan> byName = spans.stream()
				.collect(Collectors.toMap(ReceivedSpan::name, (span) -> span));
			ReceivedSpan root = byName.get("ProjectBRoot.answer");
			assertThat(root.isRoot()).isTrue();
			assertThat(byName.get("Shared.lookup").parentSpanId()).isEqualTo(root.spanId());
			assertThat(byName.get("llm").parentSpanId()).isEqualTo(byName.get("Shared.lookup").spanId());
			assertThat(byName.get("llm").attribute("langfuse.observation.type")).isEqualTo("generation");
			assertThat(spans).hasSize(3).allSatisfy((span) -> assertThat(span.traceId()).isEqualTo(root.traceId()));
			List<ReceivedScore> scores = this.serverB.awaitScores(2, WAIT);
			assertThat(scores).extracting(ReceivedScore::name).containsExactlyInAnyOrder("relevance", "helpful");
			assertThat(scores).allSatisfy((score) -> assertThat(score.traceId()).isEqualTo(root.traceId()));
			assertThat(this.serverB.media().awaitUploaded(1, WAIT)).hasSize(1);
			assertThat(this.serverB.media().links()).singleElement()
				.satisfies((link) -> assertThat(link.traceId()).isEqualTo(root.traceId()));
			assertThat(this.serverA.spans()).isEmpty();
			assertThat(this.serverA.scores()).isEmpty();
			assertThat(this.serverA.media().links()).isEmpty();
			assertThat(this.serverA.requests()).as("only the default client's lookup of its own project id")
				.allSatisfy((request) -> assertThat(request.path()).isEqualTo(FakeLangfuseServer.PROJECTS_PATH));
			this.serverB.assertContractRespected();
		});
	}

	@Test
	void shouldSendATraceStartedInTheDefaultProjectWithTheSameSharedBeanOnlyToTheDefaultServer() {
		twoProjects().withUserConfiguration(Beans.class).run((context) -> {
			assertThat(context.getBean(DefaultRoot.class).answer("q")).isEqualTo("default:shared:q");
			assertThat(context.getBean(LangfuseProjects.class).flush(WAIT).success()).isTrue();
			List<ReceivedSpan> spans = this.serverA.awaitSpans(3, WAIT);
			ReceivedSpan root = spans.stream().filter(ReceivedSpan::isRoot).findFirst().orElseThrow();
			assertThat(root.name()).isEqualTo("DefaultRoot.answer");
			assertThat(spans).hasSize(3).allSatisfy((span) -> assertThat(span.traceId()).isEqualTo(root.traceId()));
			assertThat(this.serverA.awaitScores(1, WAIT)).extracting(ReceivedScore::name).containsExactly("helpful");
			assertThat(this.serverA.media().awaitUploaded(1, WAIT)).hasSize(1);
			assertThat(this.serverB.requests()).as("only b's lookup of its own project id, if any")
				.allSatisfy((request) -> assertThat(request.path()).isEqualTo(FakeLangfuseServer.PROJECTS_PATH));
			assertThat(this.serverB.spans()).isEmpty();
		});
	}

	@Test
	void shouldShutEveryProjectsClientDownWithTheContext() {
		twoProjects().withUserConfiguration(Beans.class).run((context) -> {
			LangfuseClient b = context.getBean(LangfuseProjects.class).client("b");
			context.getBean(ProjectBRoot.class).answer("q");
			context.close();
			assertThat(this.serverB.spans()).hasSize(3);
			assertThat(b.stats().spans().exported()).isEqualTo(3);
			assertThat(b.span("after shutdown").isRecording()).isFalse();
		});
	}

	@Test
	void shouldFailStartupNamingAProjectThatAnObserveAnnotationNamesButIsNotConfigured() {
		twoProjects().withUserConfiguration(UnknownProjectBean.class).run((context) -> {
			assertThat(context).hasFailed();
			FailureAnalysis analysis = new LangfuseConfigFailureAnalyzer(null).analyze(context.getStartupFailure());
			assertThat(analysis.getDescription()).contains("'langfuse.projects.billing'",
					"@Observe(project = \"billing\")", UnknownProject.class.getName(), "bean 'unknownProject'",
					"known: default, b");
			assertThat(analysis.getAction()).contains("langfuse.projects.billing.public-key",
					"langfuse.projects.billing.secret-key");
		});
	}

	@Test
	void shouldFailStartupForAnUnknownProjectOnTheInterfaceOfAnInterfaceProxiedBean() {
		twoProjects().withPropertyValues("spring.aop.proxy-target-class=false")
			.withBean("invoices", Invoices.class, InvoicesImpl::new)
			.run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = new LangfuseConfigFailureAnalyzer(null).analyze(context.getStartupFailure());
				assertThat(analysis.getDescription()).contains("'langfuse.projects.invoicing'",
						InvoicesImpl.class.getName(), "bean 'invoices'");
			});
	}

	@Test
	void shouldFailStartupNamingTheSecretKeyOfAProjectWithoutIt() {
		this.runner.withPropertyValues("langfuse.projects.b.public-key=" + B_PUBLIC_KEY).run((context) -> {
			assertThat(context).hasFailed();
			FailureAnalysis analysis = new LangfuseConfigFailureAnalyzer(null).analyze(context.getStartupFailure());
			assertThat(analysis.getDescription()).contains("'langfuse.projects.b.secret-key'", "is not set");
			assertThat(analysis.getAction()).contains("Set langfuse.projects.b.secret-key");
		});
	}

	@Test
	void shouldStartWithoutProjectKeysWhenTracingIsOff() {
		this.runner.withPropertyValues("langfuse.enabled=false", "langfuse.projects.b.base-url=https://eu.example.com")
			.withUserConfiguration(Beans.class)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(LangfuseProjects.class).client("b").isEnabled()).isFalse();
				assertThat(context.getBean(ProjectBRoot.class).answer("q")).isEqualTo("b:shared:q");
			});
	}

	@Test
	void shouldFailStartupNamingThePublicKeyOfAProjectWithoutIt() {
		this.runner.withPropertyValues("langfuse.projects.b.secret-key=" + B_SECRET_KEY).run((context) -> {
			assertThat(context).hasFailed();
			FailureAnalysis analysis = new LangfuseConfigFailureAnalyzer(null).analyze(context.getStartupFailure());
			assertThat(analysis.getDescription()).contains("'langfuse.projects.b.public-key'");
			assertThat(analysis.getDescription()).doesNotContain(B_SECRET_KEY);
		});
	}

	@Test
	void shouldFailStartupNamingTheBaseUrlOfAProjectWhenItIsNoUrl() {
		this.runner
			.withPropertyValues("langfuse.projects.b.public-key=" + B_PUBLIC_KEY,
					"langfuse.projects.b.secret-key=" + B_SECRET_KEY, "langfuse.projects.b.base-url=ftp://example.com")
			.run((context) -> {
				FailureAnalysis analysis = new LangfuseConfigFailureAnalyzer(null).analyze(context.getStartupFailure());
				assertThat(analysis.getDescription()).contains("'langfuse.projects.b.base-url'");
				assertThat(analysis.getAction()).contains("langfuse.projects.b.base-url");
			});
	}

	@Test
	void shouldFailStartupNamingAProjectCalledDefault() {
		this.runner
			.withPropertyValues("langfuse.projects.default.public-key=" + B_PUBLIC_KEY,
					"langfuse.projects.default.secret-key=" + B_SECRET_KEY)
			.run((context) -> {
				FailureAnalysis analysis = new LangfuseConfigFailureAnalyzer(null).analyze(context.getStartupFailure());
				assertThat(analysis.getDescription()).contains("'langfuse.projects.default'", "configured twice");
			});
	}

	@Test
	void shouldShareEverySettingButTheKeysAndServerWithTheDefaultProject() {
		twoProjects()
			.withPropertyValues("langfuse.environment=staging", "langfuse.capture.max-bytes=8KB",
					"langfuse.export.flush-at=7", "langfuse.sampling.probability=0.5")
			.run((context) -> {
				LangfuseClient b = context.getBean(LangfuseProjects.class).client("b");
				assertThat(b.config().host()).hasToString(this.serverB.baseUrl());
				assertThat(b.config().publicKey()).isEqualTo(B_PUBLIC_KEY);
				assertThat(b.config().tracing().environment()).isEqualTo("staging");
				assertThat(b.config().tracing().sampleRate()).isEqualTo(0.5);
				assertThat(b.config().capture().maxBytes()).isEqualTo(8 * 1024);
				assertThat(b.config().export().flushAt()).isEqualTo(7);
			});
	}

	@Test
	void shouldStartInJoinModeWithOnlyTheDefaultProjectJoiningTheApplicationsTraces() {
		twoProjects().withPropertyValues("langfuse.tracing.application-trace=join").run((context) -> {
			assertThat(context).hasNotFailed();
			LangfuseProjects projects = context.getBean(LangfuseProjects.class);
			assertThat(projects.defaultClient().config().tracing().applicationTrace()).isEqualTo(ApplicationTrace.JOIN);
			assertThat(projects.client("b").config().tracing().applicationTrace()).isEqualTo(ApplicationTrace.LINK);
		});
	}

	@Test
	void shouldUseTheDefaultHostForAProjectWithoutBaseUrl() {
		this.runner
			.withPropertyValues("langfuse.host=" + this.serverA.baseUrl(),
					"langfuse.projects.b.public-key=" + B_PUBLIC_KEY, "langfuse.projects.b.secret-key=" + B_SECRET_KEY)
			.run((context) -> {
				LangfuseProjects projects = context.getBean(LangfuseProjects.class);
				assertThat(projects.clients()).containsOnlyKeys("default", "b");
				assertThat(projects.client("b").config().host()).hasToString(this.serverA.baseUrl());
				assertThat(projects.client("b").isEnabled()).isTrue();
				assertThat(projects.defaultClient().isEnabled()).isFalse();
			});
	}

	@Test
	void shouldFetchPromptsOfProjectBFromItsServerWithItsKeys() {
		this.serverB.prompts().createText("greeting", "Hello from b", "production");
		this.serverA.prompts().createText("greeting", "Hello from a", "production");
		twoProjects().run((context) -> {
			LangfuseProjectPrompts prompts = context.getBean(LangfuseProjectPrompts.class);
			assertThat(prompts.prompts("b").getText("greeting").compile(Map.of())).isEqualTo("Hello from b");
			assertThat(prompts.prompts("default")).isSameAs(context.getBean(LangfusePrompts.class));
			assertThat(prompts.prompts("").getText("greeting").compile(Map.of())).isEqualTo("Hello from a");
			RecordedRequest request = this.serverB.requests()
				.stream()
				.filter((recorded) -> recorded.path().startsWith(FakeLangfuseServer.PROMPTS_PATH))
				.findFirst()
				.orElseThrow();
			assertThat(request.header("Authorization")).isEqualTo("Basic " + Base64.getEncoder()
				.encodeToString((B_PUBLIC_KEY + ":" + B_SECRET_KEY).getBytes(StandardCharsets.UTF_8)));
			assertThat(this.serverA.promptRequests()).isEqualTo(1);
			assertThat(this.serverB.promptRequests()).isEqualTo(1);
			SimpleMeterRegistry registry = new SimpleMeterRegistry();
			context.getBean(LangfusePromptMetrics.class).bindTo(registry);
			assertThat(registry.get("langfuse.prompts.misses").tag("project", "b").functionCounter().count())
				.isEqualTo(1);
			assertThat(registry.getMeters()).allSatisfy(
					(meter) -> assertThat(meter.getId().getTag("project")).as(meter.getId().toString()).isNotNull());
		});
	}

	@Test
	void shouldNameTheKnownProjectsWhenPromptsOfAnUnknownOneAreAsked() {
		twoProjects().run((context) -> {
			LangfuseProjectPrompts prompts = context.getBean(LangfuseProjectPrompts.class);
			assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> prompts.prompts("billing")))
				.isInstanceOf(LangfuseConfigException.class)
				.hasMessageContaining("'billing'")
				.hasMessageContaining("known: default, b");
		});
	}

	@Test
	void shouldObserveThroughTheProjectsOfTheInterceptorBean() {
		twoProjects().withUserConfiguration(Beans.class).run((context) -> {
			ObserveInterceptor interceptor = context.getBean(ObserveInterceptor.class);
			assertThat(interceptor.unknownProjects(ProjectBRoot.class)).isEmpty();
			assertThat(interceptor.unknownProjects(UnknownProject.class)).containsExactly("billing");
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class Beans {

		@Bean
		Shared shared(LangfuseClient client) {
			return new Shared(client);
		}

		@Bean
		ProjectBRoot projectBRoot(Shared shared) {
			return new ProjectBRoot(shared);
		}

		@Bean
		DefaultRoot defaultRoot(Shared shared) {
			return new DefaultRoot(shared);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UnknownProjectBean {

		@Bean
		UnknownProject unknownProject() {
			return new UnknownProject();
		}

	}

	/**
	 * A bean without a project, called from traces of both projects; it also starts a
	 * generation with the default client, as the Spring AI and LangChain4j integrations
	 * do.
	 */
	static class Shared {

		private final LangfuseClient client;

		Shared(LangfuseClient client) {
			this.client = client;
		}

		@Observe
		public String lookup(String question) {
			try (var generation = this.client.start(ObservationType.GENERATION, "llm")) {
				generation.model("fake-model");
			}
			LangfuseClient.currentObservation().scoreTrace(Score.numeric("helpful", 1));
			LangfuseClient.currentObservation()
				.input(Map.of("question", question, "image", LangfuseMedia.of(IMAGE, "image/png")));
			return "shared:" + question;
		}

	}

	static class ProjectBRoot {

		private final Shared shared;

		ProjectBRoot(Shared shared) {
			this.shared = shared;
		}

		@Observe(project = "b")
		public String answer(String question) {
			LangfuseClient.currentObservation().score(Score.numeric("relevance", 0.9));
			return "b:" + this.shared.lookup(question);
		}

	}

	static class DefaultRoot {

		private final Shared shared;

		DefaultRoot(Shared shared) {
			this.shared = shared;
		}

		@Observe
		public String answer(String question) {
			return "default:" + this.shared.lookup(question);
		}

	}

	interface Invoices {

		@Observe(project = "invoicing")
		String explain(String invoiceId);

	}

	static class InvoicesImpl implements Invoices {

		@Override
		public String explain(String invoiceId) {
			return invoiceId;
		}

	}

	static class UnknownProject {

		@Observe(project = "billing")
		public String answer(String question) {
			return question;
		}

	}

}
