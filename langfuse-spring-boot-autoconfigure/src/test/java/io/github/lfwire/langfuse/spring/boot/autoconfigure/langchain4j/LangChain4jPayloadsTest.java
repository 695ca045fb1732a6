package io.github.lfwire.langfuse.spring.boot.autoconfigure.langchain4j;

import java.util.List;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import io.github.lfwire.langfuse.capture.ImmutableValues;
import io.github.lfwire.langfuse.capture.PayloadCapture;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * LangChain4j messages become immutable payloads, serialized on the export thread, with
 * their keys in order.
 */
class LangChain4jPayloadsTest {

	@Test
	void messagesAreImmutablePayloadsWithTheirKeysInOrder() {
		ToolExecutionRequest call = ToolExecutionRequest.builder()
			.id("call_1")
			.name("weather")
			.arguments("{\"city\":\"Paris\"}")
			.build();
		Object payload = LangfuseChatModelListener
			.messages(List.of(SystemMessage.from("Be brief."), UserMessage.from("Weather in Paris?"),
					AiMessage.from(call), ToolExecutionResultMessage.from(call, "sunny")));
		assertThat(ImmutableValues.deferrableBytes(payload, 32 * 1024, true)).isPositive();
		assertThat(PayloadCapture.builder().build().capture(payload).json()).isEqualTo(
				"[{\"role\":\"system\",\"content\":\"Be brief.\"},{\"role\":\"user\",\"content\":\"Weather in Paris?\"},"
						+ "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"call_1\",\"type\":\"function\","
						+ "\"function\":{\"name\":\"weather\",\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\"}}]},"
						+ "{\"role\":\"tool\",\"tool_call_id\":\"call_1\",\"name\":\"weather\",\"content\":\"sunny\"}]");
	}

}
