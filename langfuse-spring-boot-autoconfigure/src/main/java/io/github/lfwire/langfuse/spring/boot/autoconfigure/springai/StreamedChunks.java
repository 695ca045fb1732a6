package io.github.lfwire.langfuse.spring.boot.autoconfigure.springai;

import org.jspecify.annotations.Nullable;

import org.springframework.ai.chat.client.ChatClientResponse;
import org.springframework.ai.chat.metadata.ChatResponseMetadata;
import org.springframework.ai.chat.metadata.Usage;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.observation.ChatModelObservationContext;
import org.springframework.util.ClassUtils;

/**
 * What a streamed chat delivered to the subscriber of the {@code @Observe} method's
 * stream: the text of its elements ({@code String} chunks of {@code .content()},
 * {@code ChatResponse} or {@code ChatClientResponse} chunks), kept up to the capture's
 * byte limit, and the last token usage a {@code ChatResponse} chunk reported, which
 * carries the details Spring AI's aggregated response drops.
 */
final class StreamedChunks {

	private static final boolean CHAT_CLIENT = ClassUtils
		.isPresent("org.springframework.ai.chat.client.ChatClientResponse", StreamedChunks.class.getClassLoader());

	private final int maxChars;

	private final StringBuilder text = new StringBuilder();

	private boolean anyText;

	private long elements;

	private boolean responses;

	private @Nullable Usage usage;

	/**
	 * Creates an empty record of chunks.
	 * @param maxChars the most characters of text kept; the capture's byte limit, which
	 * the output's encoding can only exceed, so its truncation is counted where outputs
	 * are
	 */
	StreamedChunks(int maxChars) {
		this.maxChars = maxChars;
	}

	/** Records one element of the stream. */
	synchronized void add(Object element) {
		this.elements++;
		ChatResponse response = chatResponse(element);
		this.responses |= response != null;
		String chunk = (response != null) ? text(response) : (element instanceof String string) ? string : null;
		if (chunk != null) {
			this.anyText = true;
			int room = this.maxChars - this.text.length();
			if (room > 0) {
				this.text.append(chunk, 0, Math.min(room, chunk.length()));
			}
		}
		if (response != null) {
			ChatResponseMetadata metadata = response.getMetadata();
			Usage reported = (metadata != null) ? metadata.getUsage() : null;
			if (reported != null && reports(reported)) {
				this.usage = reported;
			}
		}
	}

	/**
	 * Whether a chat that Spring AI stopped still has something to deliver here: the
	 * elements queued before a failure, the first element, or the chunk reporting usage
	 * of a stream of {@code ChatResponse}s; nothing after a cancellation, which came from
	 * the subscriber.
	 */
	synchronized boolean awaited(ChatModelObservationContext context) {
		if (context.getError() != null) {
			return true;
		}
		if (context.getResponse() == null) {
			return false;
		}
		return this.elements == 0 || (this.responses && this.usage == null);
	}

	/** The text delivered so far, or {@code null} when no element carried text. */
	synchronized @Nullable String text() {
		return this.anyText ? this.text.toString() : null;
	}

	/** The last usage a chunk reported, or {@code null}. */
	synchronized @Nullable Usage usage() {
		return this.usage;
	}

	private static boolean reports(Usage usage) {
		Integer input = usage.getPromptTokens();
		Integer output = usage.getCompletionTokens();
		return (input != null && input > 0) || (output != null && output > 0) || usage.getCacheReadInputTokens() != null
				|| usage.getCacheWriteInputTokens() != null;
	}

	private static @Nullable String text(ChatResponse response) {
		Generation result = response.getResult();
		return (result != null && result.getOutput() != null) ? result.getOutput().getText() : null;
	}

	private static @Nullable ChatResponse chatResponse(Object element) {
		if (element instanceof ChatResponse response) {
			return response;
		}
		return CHAT_CLIENT ? ChatClientResponses.chatResponse(element) : null;
	}

	/** Reads {@code ChatClientResponse} elements, where Spring AI's client is present. */
	private static final class ChatClientResponses {

		static @Nullable ChatResponse chatResponse(Object element) {
			return (element instanceof ChatClientResponse response) ? response.chatResponse() : null;
		}

	}

}
