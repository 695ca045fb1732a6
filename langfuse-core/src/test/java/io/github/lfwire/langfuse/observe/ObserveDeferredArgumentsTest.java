package io.github.lfwire.langfuse.observe;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.fasterxml.jackson.annotation.JsonValue;
import io.github.lfwire.langfuse.LangfuseClient;
import io.github.lfwire.langfuse.capture.CaptureSettings;
import io.github.lfwire.langfuse.media.MediaSettings;
import io.github.lfwire.langfuse.testing.FakeLangfuseServer;
import io.github.lfwire.langfuse.testing.ReceivedSpan;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ObserveDeferredArgumentsTest {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private static final String INPUT = "langfuse.observation.input";

	@Test
	void shouldSerializeImmutableArgumentsOffTheCallersThreadAndMutableOnesAsTheyWereAtTheCall() throws Throwable {
		try (FakeLangfuseServer server = FakeLangfuseServer.start()) {
			LangfuseClient client = LangfuseClient.create(server.clientConfig()
				.capture(CaptureSettings.builder().deferred(true).build())
				.media(MediaSettings.DEFAULTS.withEnabled(false))
				.build());
			ObserveInterceptor interceptor = new ObserveInterceptor(client, List.of());
			Agent agent = new Agent();
			String caller = Thread.currentThread().getName();
			call(interceptor, agent, "sight", "question", ThreadName.CURRENT);
			List<String> history = new ArrayList<>(List.of("first"));
			call(interceptor, agent, "remember", history);
			history.add("changed after the call");
			String[] lines = { "first" };
			call(interceptor, agent, "note", (Object) lines);
			lines[0] = "changed after the call";
			assertThat(client.flush(WAIT).success()).isTrue();
			Map<String, ReceivedSpan> spans = server.awaitSpans(3, WAIT)
				.stream()
				.collect(Collectors.toMap(ReceivedSpan::name, Function.identity()));
			String sighted = spans.get("Agent.sight").attribute(INPUT);
			assertThat(sighted).startsWith("{\"question\":\"question\",\"thread\":\"")
				.doesNotContain("\"thread\":\"" + caller + "\"");
			assertThat(spans.get("Agent.remember").attribute(INPUT)).isEqualTo("{\"history\":[\"first\"]}");
			assertThat(spans.get("Agent.note").attribute(INPUT)).isEqualTo("{\"lines\":[\"first\"]}");
			assertThat(client.stats().capturesDeferred()).as("the immutable arguments and the copied list")
				.isEqualTo(2);
			assertThat(client.stats().describe().get(0).stats())
				.anySatisfy((stat) -> assertThat(stat.name()).isEqualTo("capturesDeferred"));
			client.shutdown(WAIT);
		}
	}

	private static Object call(ObserveInterceptor interceptor, Object target, String name, Object... args)
			throws Throwable {
		Method method = Arrays.stream(target.getClass().getMethods())
			.filter((candidate) -> candidate.getName().equals(name))
			.findFirst()
			.orElseThrow();
		return interceptor.invoke(target.getClass(), method, args, () -> method.invoke(target, args));
	}

	/** Observed methods with immutable and mutable arguments. */
	public static final class Agent {

		@Observe(captureOutput = Observe.Capture.OFF)
		public String sight(String question, ThreadName thread) {
			return question;
		}

		@Observe(captureOutput = Observe.Capture.OFF)
		public int remember(List<String> history) {
			return history.size();
		}

		@Observe(captureOutput = Observe.Capture.OFF)
		public int note(String[] lines) {
			return lines.length;
		}

	}

	/** Written as the name of the thread that serializes it. */
	public enum ThreadName {

		CURRENT;

		@JsonValue
		String json() {
			return Thread.currentThread().getName();
		}

	}

}
