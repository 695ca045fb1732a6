package io.github.lfwire.langfuse.spring.boot.autoconfigure.langchain4j;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.listener.ChatModelErrorContext;
import dev.langchain4j.model.chat.listener.ChatModelRequestContext;
import dev.langchain4j.model.chat.listener.ChatModelResponseContext;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import io.github.lfwire.langfuse.LangfuseClient;
import io.github.lfwire.langfuse.LangfuseConfig;
import io.github.lfwire.langfuse.Observation;
import io.github.lfwire.langfuse.testing.FakeLangfuseServer;
import io.github.lfwire.langfuse.testing.ReceivedSpan;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

class LangfuseChatModelListenerTest {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private final FakeLangfuseServer server = FakeLangfuseServer.start();

	@AfterEach
	void close() {
		this.server.close();
	}

	@Test
	void shouldLeaveMessagesOutWhenInputCaptureIsOffAndKeepTheCallersObservationCurrent() {
		try (LangfuseClient client = LangfuseClient.create(this.server.clientConfig().captureInput(false).build())) {
			LangfuseChatModelListener listener = new LangfuseChatModelListener(client);
			Map<Object, Object> attributes = new HashMap<>();
			ChatRequest request = ChatRequest.builder().messages(UserMessage.from("my secret question")).build();
			try (Observation root = client.span("root")) {
				listener.onRequest(new ChatModelRequestContext(request, ModelProvider.OPEN_AI, attributes));
				assertThat(Observation.current()).isSameAs(root);
				listener.onError(new ChatModelErrorContext(new IllegalStateException("boom"), request,
						ModelProvider.OPEN_AI, attributes));
			}
			assertThat(client.flush(WAIT).success()).isTrue();
			ReceivedSpan generation = this.server.awaitSpans(2, WAIT)
				.stream()
				.filter((span) -> !span.isRoot())
				.findFirst()
				.orElseThrow();
			assertThat(generation.attribute("langfuse.observation.input")).isNull();
			assertThat(generation.attribute("langfuse.observation.level")).isEqualTo("ERROR");
			assertThat(generation.attribute("langfuse.observation.status_message"))
				.isEqualTo("IllegalStateException: boom");
		}
	}

	@Test
	void shouldRecordOneGenerationWhenTheListenerIsGivenToAModelTwice() {
		try (LangfuseClient client = LangfuseClient.create(this.server.clientConfig().build())) {
			LangfuseChatModelListener listener = new LangfuseChatModelListener(client);
			Map<Object, Object> attributes = new HashMap<>();
			ChatRequest request = ChatRequest.builder().messages(UserMessage.from("hi")).build();
			ChatModelRequestContext requestContext = new ChatModelRequestContext(request, null, attributes);
			listener.onRequest(requestContext);
			listener.onRequest(requestContext);
			ChatResponse response = ChatResponse.builder().aiMessage(AiMessage.from("hello")).build();
			ChatModelResponseContext responseContext = new ChatModelResponseContext(response, request, null,
					attributes);
			listener.onResponse(responseContext);
			listener.onResponse(responseContext);
			assertThat(client.flush(WAIT).success()).isTrue();
			assertThat(this.server.awaitSpans(1, WAIT)).hasSize(1);
			assertThat(client.stats().observationsStarted()).isEqualTo(1);
		}
	}

	@Test
	void shouldLeaveTheCurrentObservationAsItWasAndNeverThrowWhenTracingIsOff() {
		LangfuseClient client = LangfuseClient.create(LangfuseConfig.builder().enabled(false).build());
		LangfuseChatModelListener listener = new LangfuseChatModelListener(client);
		Map<Object, Object> attributes = new HashMap<>();
		ChatRequest request = ChatRequest.builder().messages(UserMessage.from("hi")).build();
		assertThatNoException().isThrownBy(() -> {
			listener.onRequest(new ChatModelRequestContext(request, null, attributes));
			listener.onError(new ChatModelErrorContext(new IllegalStateException(), request, null, attributes));
		});
		assertThat(Observation.current()).isSameAs(Observation.noop());
	}

}
