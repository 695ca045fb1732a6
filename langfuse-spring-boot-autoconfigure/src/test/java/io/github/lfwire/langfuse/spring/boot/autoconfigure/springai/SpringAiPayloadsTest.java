package io.github.lfwire.langfuse.spring.boot.autoconfigure.springai;

import java.util.List;

import io.github.lfwire.langfuse.capture.ImmutableValues;
import io.github.lfwire.langfuse.capture.PayloadCapture;
import org.junit.jupiter.api.Test;

import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.SystemMessage;
import org.springframework.ai.chat.messages.ToolResponseMessage;
import org.springframework.ai.chat.messages.UserMessage;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spring AI messages become immutable payloads, serialized on the export thread, with
 * their keys in order.
 */
class SpringAiPayloadsTest {

	@Test
	void messagesAreImmutablePayloadsWithTheirKeysInOrder() {
		List<Message> messages = List.of(new SystemMessage("Be brief."), new UserMessage("Weather in Paris?"),
				AssistantMessage.builder()
					.content("")
					.toolCalls(List
						.of(new AssistantMessage.ToolCall("call_1", "function", "weather", "{\"city\":\"Paris\"}")))
					.build(),
				ToolResponseMessage.builder()
					.responses(List.of(new ToolResponseMessage.ToolResponse("call_1", "weather", "sunny")))
					.build());
		Object payload = SpringAiPayloads.messages(messages);
		assertThat(ImmutableValues.deferrableBytes(payload, 32 * 1024, true)).isPositive();
		assertThat(PayloadCapture.builder().build().capture(payload).json()).isEqualTo(
				"[{\"role\":\"system\",\"content\":\"Be brief.\"},{\"role\":\"user\",\"content\":\"Weather in Paris?\"},"
						+ "{\"role\":\"assistant\",\"content\":\"\",\"tool_calls\":[{\"id\":\"call_1\",\"type\":\"function\","
						+ "\"function\":{\"name\":\"weather\",\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\"}}]},"
						+ "{\"role\":\"tool\",\"tool_call_id\":\"call_1\",\"name\":\"weather\",\"content\":\"sunny\"}]");
	}

}
