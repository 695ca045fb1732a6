package io.github.lfwire.langfuse.spring.boot.autoconfigure.springai;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.ai.chat.client.ChatClientResponse;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.metadata.ChatResponseMetadata;
import org.springframework.ai.chat.metadata.DefaultUsage;
import org.springframework.ai.chat.metadata.EmptyUsage;
import org.springframework.ai.chat.metadata.Usage;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;

import static org.assertj.core.api.Assertions.assertThat;

class StreamedChunksTest {

	@Test
	void shouldKeepTheTextOfStringChatResponseAndChatClientResponseElementsInOrder() {
		StreamedChunks chunks = new StreamedChunks(1024);
		chunks.add("one ");
		chunks.add(response("two ", new EmptyUsage()));
		chunks.add(ChatClientResponse.builder().chatResponse(response("three", new EmptyUsage())).build());
		assertThat(chunks.text()).isEqualTo("one two three");
		assertThat(chunks.usage()).as("chunks that report no tokens").isNull();
	}

	@Test
	void shouldKeepNoMoreTextThanTheLimit() {
		StreamedChunks chunks = new StreamedChunks(8);
		chunks.add("12345");
		chunks.add("67890");
		chunks.add("abc");
		assertThat(chunks.text()).isEqualTo("12345678");
	}

	@Test
	void shouldHaveNoTextWhenNoElementCarriedText() {
		StreamedChunks chunks = new StreamedChunks(8);
		chunks.add(42);
		assertThat(chunks.text()).isNull();
	}

	@Test
	void shouldKeepTheLastUsageAChunkReported() {
		StreamedChunks chunks = new StreamedChunks(1024);
		DefaultUsage reported = new DefaultUsage(21, 9, 30, null, 4L, null);
		chunks.add(response("answer", new DefaultUsage(0, 0, 0)));
		chunks.add(new ChatResponse(List.of(), ChatResponseMetadata.builder().usage(reported).build()));
		chunks.add(response("", new DefaultUsage(0, 0, 0)));
		assertThat(chunks.usage()).isSameAs(reported);
		assertThat(SpringAiPayloads.usage(chunks.usage())).containsEntry("input_cached_tokens", 4L);
	}

	private static ChatResponse response(String text, Usage usage) {
		return new ChatResponse(List.of(new Generation(new AssistantMessage(text))),
				ChatResponseMetadata.builder().usage(usage).build());
	}

}
