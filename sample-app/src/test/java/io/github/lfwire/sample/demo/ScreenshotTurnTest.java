package io.github.lfwire.sample.demo;

import java.time.Duration;

import io.github.lfwire.langfuse.semconv.LangfuseAttributes;
import io.github.lfwire.langfuse.LangfuseClient;
import io.github.lfwire.langfuse.testing.FakeLangfuseServer;
import io.github.lfwire.langfuse.testing.FakeMediaStore;
import io.github.lfwire.langfuse.testing.ReceivedSpan;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(
		properties = { "sample.demo.conversations=1", "sample.model.latency=0ms", "sample.retrieval.latency=0ms" })
class ScreenshotTurnTest {

	private static final FakeLangfuseServer server = FakeLangfuseServer.start();

	@Autowired
	private LangfuseClient langfuse;

	@DynamicPropertySource
	static void langfuse(DynamicPropertyRegistry registry) {
		registry.add("langfuse.host", server::baseUrl);
		registry.add("langfuse.public-key", () -> FakeLangfuseServer.PUBLIC_KEY);
		registry.add("langfuse.secret-key", () -> FakeLangfuseServer.SECRET_KEY);
	}

	@AfterAll
	static void stopServer() {
		server.close();
	}

	@Test
	void shouldSendTheAttachedScreenshotAsMediaAndReferenceItInTheGeneration() {
		assertThat(this.langfuse.flush(Duration.ofSeconds(10)).success()).isTrue();
		ReceivedSpan describe = server.spans()
			.stream()
			.filter((span) -> span.name().equals("ScreenshotDescriber.describe"))
			.findFirst()
			.orElseThrow();
		assertThat(describe.attribute(LangfuseAttributes.OBSERVATION_INPUT))
			.contains("\"screenshot\":\"" + FakeMediaStore.reference("image/png", ScreenshotTurn.SCREENSHOT, "bytes"));
		assertThat(server.media().media().get(FakeMediaStore.mediaId(ScreenshotTurn.SCREENSHOT)).bytes())
			.isEqualTo(ScreenshotTurn.SCREENSHOT);
		assertThat(this.langfuse.mediaStats().uploaded()).isEqualTo(1);
		server.assertContractRespected();
	}

}
