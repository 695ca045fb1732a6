package io.github.lfwire.langfuse.spring.boot.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.lfwire.langfuse.testing.FakeLangfuseServer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The client's lazy setup is done in the background once the application is ready, not
 * during startup and not by the first observation.
 */
class LangfusePreparationTest {

	private static final Duration QUIET = Duration.ofMillis(300);

	@Test
	void shouldPrepareTheCaptureInTheBackgroundOnlyOnceTheApplicationIsReady() {
		RecordingMapper mapper = new RecordingMapper();
		try (FakeLangfuseServer server = FakeLangfuseServer.start()) {
			new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(LangfuseAutoConfiguration.class))
				.withBean(ObjectMapper.class, () -> mapper)
				.withPropertyValues("langfuse.host=" + server.baseUrl(),
						"langfuse.public-key=" + FakeLangfuseServer.PUBLIC_KEY,
						"langfuse.secret-key=" + FakeLangfuseServer.SECRET_KEY)
				.run((context) -> {
					assertThat(context).hasNotFailed();
					await().during(QUIET).atMost(QUIET.multipliedBy(3)).until(() -> mapper.rebuiltOn.isEmpty());

					context.publishEvent(new ApplicationReadyEvent(new SpringApplication(), new String[0],
							context.getSourceApplicationContext(), Duration.ZERO));

					await().atMost(Duration.ofSeconds(10)).until(() -> !mapper.rebuiltOn.isEmpty());
					assertThat(mapper.rebuiltOn).containsExactly("langfuse-prepare");
					assertThat(server.requests()).as("preparing sends nothing").isEmpty();
				});
		}
	}

	private static final class RecordingMapper extends JsonMapper {

		private final List<String> rebuiltOn = new CopyOnWriteArrayList<>();

		@Override
		public JsonMapper.Builder rebuild() {
			this.rebuiltOn.add(Thread.currentThread().getName());
			return super.rebuild();
		}

	}

}
