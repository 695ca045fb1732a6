package io.github.lfwire.langfuse.observe;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import io.github.lfwire.langfuse.ApplicationTrace;
import io.github.lfwire.langfuse.LangfuseClient;
import io.github.lfwire.langfuse.LangfuseConfig;
import io.github.lfwire.langfuse.LangfuseProjects;
import io.github.lfwire.langfuse.Observation;
import io.github.lfwire.langfuse.Score;
import io.github.lfwire.langfuse.TracingSettings;
import io.github.lfwire.langfuse.config.LangfuseConfigException;
import io.github.lfwire.langfuse.testing.FakeLangfuseServer;
import io.github.lfwire.langfuse.testing.ReceivedScore;
import io.github.lfwire.langfuse.testing.ReceivedSpan;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ObserveProjectsTest {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private FakeLangfuseServer serverA;

	private FakeLangfuseServer serverB;

	private LangfuseProjects projects;

	private ObserveInterceptor interceptor;

	private final Shared shared = new Shared();

	@BeforeEach
	void start() {
		this.serverA = FakeLangfuseServer.start("pk-lf-project-a", "sk-lf-project-a");
		this.serverB = FakeLangfuseServer.start("pk-lf-project-b", "sk-lf-project-b");
		this.projects = LangfuseProjects.builder(LangfuseClient.create(this.serverA.clientConfig().build()))
			.add("b", this.serverB.clientConfig().build())
			.build();
		this.interceptor = new ObserveInterceptor(this.projects, List.of());
	}

	@AfterEach
	void stop() {
		this.projects.shutdownWithSummaries(Duration.ofSeconds(2));
		this.serverA.close();
		this.serverB.close();
	}

	@Test
	void shouldSendATraceStartedInAProjectOnlyToThatProjectWithTheSharedBeansAndScores() throws Throwable {
		call(new BillingAgent(), "answer", "refund?");
		call(new SupportAgent(), "answer", "hello");
		this.projects.flush(WAIT);
		List<ReceivedSpan> inB = this.serverB.awaitSpans(2, WAIT);
		List<ReceivedSpan> inA = this.serverA.awaitSpans(2, WAIT);
		ReceivedSpan billing = named(inB, "BillingAgent.answer");
		ReceivedSpan sharedInB = named(inB, "Shared.lookup");
		assertThat(sharedInB.traceId()).isEqualTo(billing.traceId());
		assertThat(sharedInB.parentSpanId()).isEqualTo(billing.spanId());
		ReceivedSpan support = named(inA, "SupportAgent.answer");
		ReceivedSpan sharedInA = named(inA, "Shared.lookup");
		assertThat(sharedInA.parentSpanId()).isEqualTo(support.spanId());
		assertThat(inB).extracting(ReceivedSpan::traceId).containsOnly(billing.traceId());
		assertThat(inA).extracting(ReceivedSpan::traceId).containsOnly(support.traceId());
		List<ReceivedScore> scoresB = this.serverB.awaitScores(1, WAIT);
		List<ReceivedScore> scoresA = this.serverA.awaitScores(1, WAIT);
		assertThat(scoresB).singleElement().satisfies((score) -> {
			assertThat(score.traceId()).isEqualTo(billing.traceId());
			assertThat(score.observationId()).isEqualTo(sharedInB.spanId());
		});
		assertThat(scoresA).singleElement()
			.satisfies((score) -> assertThat(score.observationId()).isEqualTo(sharedInA.spanId()));
		this.serverA.assertContractRespected();
		this.serverB.assertContractRespected();
	}

	@Test
	void shouldJoinTheCallersTraceWhenAProjectBeanIsCalledInsideAnotherProjectsTrace() throws Throwable {
		call(new Dispatcher(), "dispatch", "refund?");
		this.projects.flush(WAIT);
		List<ReceivedSpan> inA = this.serverA.awaitSpans(3, WAIT);
		ReceivedSpan dispatch = named(inA, "Dispatcher.dispatch");
		assertThat(named(inA, "BillingAgent.answer").parentSpanId()).isEqualTo(dispatch.spanId());
		assertThat(inA).extracting(ReceivedSpan::traceId).containsOnly(dispatch.traceId());
		assertThat(this.serverB.spans()).isEmpty();
		assertThat(this.serverB.scores()).isEmpty();
	}

	@Test
	void shouldListTheProjectsNamedByAClassThatAreNotConfigured() {
		assertThat(this.interceptor.unknownProjects(BillingAgent.class)).isEmpty();
		assertThat(this.interceptor.unknownProjects(Misconfigured.class)).containsExactly("typo", "other");
	}

	@Test
	void shouldRecordNothingForAProjectThatIsNotConfiguredAndStillRunTheMethod() throws Throwable {
		assertThat(call(new Misconfigured(), "run", "x")).isEqualTo("ran x");
		this.projects.flush(WAIT);
		assertThat(this.serverA.spans()).isEmpty();
		assertThat(this.serverB.spans()).isEmpty();
	}

	@Test
	void shouldNameTheUnknownProjectAndTheKnownOnes() {
		assertThatThrownBy(() -> this.projects.client("c")).isInstanceOf(LangfuseConfigException.class)
			.hasMessageContaining("'projects.c'")
			.hasMessageContaining("known: default, b")
			.hasMessageContaining("projects.c.public-key");
		assertThat(this.projects.client("")).isSameAs(this.projects.defaultClient());
		assertThat(this.projects.client("default")).isSameAs(this.projects.defaultClient());
	}

	@Test
	void shouldRefuseMalformedDuplicateAndDefaultProjectIds() {
		LangfuseClient client = LangfuseClient.create(this.serverA.clientConfig().build());
		LangfuseProjects.Builder builder = LangfuseProjects.builder(client);
		assertThatThrownBy(() -> builder.add("has space", this.serverB.clientConfig().build()))
			.isInstanceOf(LangfuseConfigException.class)
			.hasMessageContaining("'projects.has space'");
		assertThatThrownBy(() -> builder.add("default", this.serverB.clientConfig().build()))
			.hasMessageContaining("configured twice")
			.hasMessageContaining("without a project id");
		assertThatThrownBy(() -> builder.add("again", client)).hasMessageContaining("already serves another project");
		client.shutdown(Duration.ofSeconds(1));
	}

	@Test
	void shouldLetOnlyTheDefaultProjectJoinTheApplicationsTraces() {
		LangfuseConfig joining = this.serverB.clientConfig()
			.tracing(TracingSettings.builder().applicationTrace(ApplicationTrace.JOIN).build())
			.build();
		LangfuseClient joiningClient = LangfuseClient.create(joining);
		try (LangfuseProjects joined = LangfuseProjects.builder(LangfuseClient.create(joining))
			.add("b", joining)
			.build()) {
			assertThat(joined.defaultClient().config().tracing().applicationTrace()).isEqualTo(ApplicationTrace.JOIN);
			assertThat(joined.client("b").config().tracing().applicationTrace()).isEqualTo(ApplicationTrace.LINK);
			assertThatThrownBy(() -> LangfuseProjects.builder(joined.defaultClient()).add("c", joiningClient))
				.isInstanceOf(LangfuseConfigException.class)
				.hasMessageContaining("only the default project can join");
		}
		finally {
			joiningClient.shutdown(Duration.ofSeconds(1));
		}
	}

	private Object call(Object target, String methodName, Object... args) throws Throwable {
		Method method = Arrays.stream(target.getClass().getMethods())
			.filter((candidate) -> candidate.getName().equals(methodName))
			.findFirst()
			.orElseThrow();
		return this.interceptor.invoke(target.getClass(), method, args, () -> method.invoke(target, args));
	}

	private static ReceivedSpan named(List<ReceivedSpan> spans, String name) {
		return spans.stream()
			.filter((span) -> span.name().equals(name))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no span " + name + " in " + spans));
	}

	/** Used by both projects' traces. */
	public final class Shared {

		@Observe
		public String lookup(String query) {
			LangfuseClient.currentObservation().score(Score.numeric("relevance", 0.5));
			return "found " + query;
		}

	}

	/** Starts its traces in project b. */
	public final class BillingAgent {

		@Observe(project = "b")
		public String answer(String question) throws Throwable {
			return (String) call(ObserveProjectsTest.this.shared, "lookup", question);
		}

	}

	/** Starts its traces in the default project. */
	public final class SupportAgent {

		@Observe
		public String answer(String question) throws Throwable {
			return (String) call(ObserveProjectsTest.this.shared, "lookup", question);
		}

	}

	/** A default-project trace that calls a project-b bean. */
	public final class Dispatcher {

		@Observe
		public String dispatch(String question) throws Throwable {
			Observation current = LangfuseClient.currentObservation();
			assertThat(current.isRecording()).isTrue();
			return (String) call(new BillingAgent(), "answer", question);
		}

	}

	/** Names projects that are not configured. */
	@Observe(project = "typo")
	public static final class Misconfigured {

		public String run(String value) {
			return "ran " + value;
		}

		@Observe(project = "other")
		public String other() {
			return "other";
		}

	}

}
