package io.github.lfwire.sample.chat;

import java.util.Map;

import io.github.lfwire.langfuse.Observation;
import io.github.lfwire.langfuse.ObservationType;
import io.github.lfwire.langfuse.media.LangfuseMedia;
import io.github.lfwire.langfuse.observe.Observe;

import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.content.Media;
import org.springframework.ai.openai.OpenAiChatOptions;
import org.springframework.stereotype.Component;
import org.springframework.util.MimeTypeUtils;

/**
 * Asks a vision model to describe a screenshot the user attached. The node records the
 * image as {@link LangfuseMedia}, so the trace holds a Langfuse media reference and the
 * bytes are uploaded in the background.
 */
@Component
public class ScreenshotDescriber {

	private final ChatClient chatClient;

	public ScreenshotDescriber(ChatClient.Builder chatClient) {
		this.chatClient = chatClient.build();
	}

	@Observe(type = ObservationType.CHAIN, captureInput = Observe.Capture.OFF)
	public String describe(String question, byte[] png) {
		Observation.current()
			.input(Map.of("question", question, "screenshot", LangfuseMedia.of(png, MimeTypeUtils.IMAGE_PNG_VALUE)));
		UserMessage message = UserMessage.builder()
			.text(question)
			.media(Media.builder().mimeType(MimeTypeUtils.IMAGE_PNG).data(png).build())
			.build();
		return this.chatClient.prompt()
			.messages(message)
			.options(OpenAiChatOptions.builder().temperature(0.0).maxTokens(128))
			.call()
			.content();
	}

}
